/**
 * Marking quoted passages in a source's text, for passages the shipped pack does not have: one
 * that runs across paragraphs, two that overlap, and the window of paragraphs around a quote.
 */
import { describe, expect, it } from 'vitest';
import { type Highlight, paragraphsOf, wholeTextHtml, windowHtml } from '../../src/site/source-text.js';
import { parsePage, textOf } from '../support/site.js';

const TEXT = [
  'Title line',
  'First paragraph.\nIts second line.',
  'Second one, quoted.',
  'Third & <last>.',
  'Fourth.',
  'Fifth.',
].join('\n\n');

const at = (passage: string) => TEXT.indexOf(passage);

function highlight(
  passage: string,
  anchor: string,
  href: string | null = `../../statements/${anchor}/`,
): Highlight {
  return { start: at(passage), end: at(passage) + passage.length, href, anchor, title: anchor };
}

describe('GIVEN a text of paragraphs', () => {
  it('THEN its paragraphs are the runs between blank lines, every character kept', () => {
    const paragraphs = paragraphsOf(`\n\n${TEXT}\n \n\n`.replace('Fifth.', 'Fifth.\t'));
    expect(paragraphs.map(({ start, end }) => `\n\n${TEXT}`.slice(start, end))).toEqual([
      'Title line',
      'First paragraph.\nIts second line.',
      'Second one, quoted.',
      'Third & <last>.',
      'Fourth.',
      'Fifth.',
    ]);
  });

  it('WHEN a quote runs across a paragraph break THEN both parts are marked, begun and ended once, and anchored at its start', () => {
    const quote = 'Its second line.\n\nSecond one';
    const page = parsePage(`<div>${wholeTextHtml(TEXT, [highlight(quote, 'across')]).value}</div>`);
    const marks = [...page.querySelectorAll('mark')];
    expect(marks.map((mark) => mark.textContent)).toEqual(['Its second line.', 'Second one']);
    expect(marks.map((mark) => mark.getAttribute('class'))).toEqual(['begins', 'ends']);
    expect(marks[0]?.getAttribute('id')).toBe('across');
    expect(
      marks.every((mark) => mark.querySelector('a')?.getAttribute('href') === '../../statements/across/'),
    ).toBe(true);
    expect(textOf(page.querySelector('div'))).toBe(
      'Title line First paragraph.Its second line. Second one, quoted. Third & <last>. Fourth. Fifth.',
    );
  });

  it('WHEN two quotes overlap THEN each has its anchor, and the shared words link to the one that starts first', () => {
    const page = parsePage(
      `<div>${wholeTextHtml(TEXT, [highlight('Second one, quoted.', 'whole'), highlight('one, quoted', 'part')]).value}</div>`,
    );
    expect(page.getElementById('whole')?.textContent).toBe('Second ');
    expect(page.getElementById('part')).toBeTruthy();
    const links = [...page.querySelectorAll('mark a')].map((a) => [a.textContent, a.getAttribute('href')]);
    expect(links).toEqual([
      ['Second ', '../../statements/whole/'],
      ['one, quoted', '../../statements/whole/'],
      ['.', '../../statements/whole/'],
    ]);
  });

  it('THEN markup in the text is shown as text, never obeyed', () => {
    const page = parsePage(`<div>${wholeTextHtml(TEXT, []).value}</div>`);
    expect(page.querySelector('last')).toBeNull();
    expect(textOf(page.querySelector('div'))).toContain('Third & <last>.');
  });

  it('WHEN a window is shown around a quote THEN it holds two paragraphs either side and says how many are left out', () => {
    const page = parsePage(`<div>${windowHtml(TEXT, highlight('Fourth.', 'q', null), 'whole/').value}</div>`);
    const paragraphs = [...page.querySelectorAll('p')].map((p) => textOf(p));
    expect(paragraphs).toEqual([
      '… 2 earlier paragraphs: read the whole text',
      'Second one, quoted.',
      'Third & <last>.',
      'Fourth.',
      'Fifth.',
    ]);
    expect(page.querySelector('p.gap a')?.getAttribute('href')).toBe('whole/');
    expect(page.querySelector('mark')?.querySelector('a')).toBeNull();
    const first = parsePage(
      `<div>${windowHtml(TEXT, highlight('Title line', 'q', null), 'whole/').value}</div>`,
    );
    expect([...first.querySelectorAll('p')].map((p) => textOf(p)).at(-1)).toBe(
      '… 3 more paragraphs: read the whole text',
    );
  });
});
