/**
 * The web record in a real Chromium (from npm ci: @sparticuz/chromium, driven by
 * playwright-core), served by the HTTP mode with SITE=true: a reader finds the quote highlighted
 * inside its source with the attribution the bot gives, searches as /ask does without a server,
 * follows a claim to its responses and back, reads every kind of page in light, dark and print
 * with no serious accessibility fault (axe-core), and reads statements with scripts off. Nothing
 * is loaded from outside this machine.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LaunchedChromium, launchChromium } from '../../scripts/chromium.mjs';
import type { AnswerContext } from '../../src/answers/answer.js';
import { attribute } from '../../src/answers/attribution.js';
import { type Hit, pageHits } from '../../src/answers/types.js';
import type { Statement } from '../../src/knowledge/types.js';
import { answerQuery } from '../../src/site/results.js';
import { type SiteServer, shippedContext, startSiteServer } from '../support/site.js';

let server: SiteServer;
let chromium: LaunchedChromium;
let page: Page;
let context: AnswerContext;

beforeAll(async () => {
  [server, context] = await Promise.all([startSiteServer(), shippedContext()]);
  // The first launch on a machine unpacks Chromium (about 200 MB) from the package.
  chromium = await launchChromium({ origins: [server.origin], viewport: { width: 1000, height: 900 } });
  page = await chromium.context.newPage();
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await server?.stop();
});

const open = async (path: string) => {
  const response = await page.goto(`${server.origin}${path}`);
  expect(response?.status(), path).toBe(path.startsWith('/nowhere') ? 404 : 200);
};

const statementOf = (id: string) => context.pack.byId.statements.get(id) as Statement;

/** Text as shown, white space folded. */
const fold = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

/** A part of a quote's figure as a reader sees it: what it is, its text and where it is drawn. */
interface Block {
  readonly kind:
    | 'words-by'
    | 'quote'
    | 'described'
    | 'garbled'
    | 'record'
    | 'own-words'
    | 'attribution'
    | 'note';
  readonly text: string;
  /** Its lines, for the attribution. */
  readonly lines: string[];
  readonly visible: boolean;
  readonly top: number;
  readonly bottom: number;
}

/** The parts of a quote's figure, top to bottom as drawn, each checked to sit below the one before. */
async function blocksOf(figure: Locator): Promise<Block[]> {
  const blocks = await figure.evaluate((element) =>
    [...element.children].map((child) => {
      const kind =
        child.tagName === 'FIGCAPTION'
          ? 'words-by'
          : child.tagName === 'BLOCKQUOTE'
            ? 'quote'
            : child.tagName === 'DETAILS'
              ? 'garbled'
              : (['described', 'record', 'own-words', 'attribution'].find((name) =>
                  child.classList.contains(name),
                ) ?? (child.classList.contains('ours') ? 'note' : child.tagName));
      const box = child.getBoundingClientRect();
      // The text as drawn (innerText), so that what a closed <details> hides is not counted as shown.
      return {
        kind,
        // biome-ignore lint/performance/useDomNodeTextContent: the text as drawn is what is checked.
        text: (child as unknown as { innerText: string }).innerText,
        // biome-ignore lint/performance/useDomNodeTextContent: the text as drawn is what is checked.
        lines: [...child.querySelectorAll('p')].map((line) => line.innerText),
        visible: box.height > 0,
        top: box.top,
        bottom: box.bottom,
      };
    }),
  );
  for (const [index, block] of blocks.entries()) {
    const before = blocks[index - 1];
    if (before)
      expect(block.top, `${block.kind} is drawn below ${before.kind}`).toBeGreaterThanOrEqual(
        before.bottom - 1,
      );
  }
  return blocks.map((block) => ({
    ...block,
    kind: block.kind as Block['kind'],
    text: fold(block.text),
    lines: block.lines.map(fold),
  }));
}

/**
 * Where words of ours (titles, attribution lines, the record, notes, summaries) would look like
 * a quote on the page as drawn: starting with a quotation mark, given one by the stylesheet, or
 * set inside a block quote.
 */
async function oursLookingQuoted(): Promise<string[]> {
  return page.locator('body').evaluate((body) => {
    const ours = body.ownerDocument.querySelectorAll(
      'main h1, main h2, main h3, main h4, figcaption, .attribution p, .ours, .kicker, .stance, .own-words > a, details.garbled > summary',
    );
    const found: string[] = [];
    for (const element of ours) {
      // biome-ignore lint/performance/useDomNodeTextContent: the text as drawn is what is checked.
      const text = (element as unknown as { innerText: string }).innerText.trim();
      const style = (pseudo: string) =>
        body.ownerDocument.defaultView?.getComputedStyle(element, pseudo).content ?? 'none';
      const added = [style('::before'), style('::after')].filter(
        (content) => !['none', 'normal', '""'].includes(content),
      );
      if (/^[“"‘'«„]/.test(text))
        found.push(
          `${element.tagName}.${element.className}: starts with a quotation mark: ${text.slice(0, 60)}`,
        );
      if (added.length > 0)
        found.push(`${element.tagName}.${element.className}: the stylesheet adds ${added.join(' ')}`);
      if (element.closest('blockquote, q'))
        found.push(`${element.tagName}.${element.className}: inside a quotation`);
    }
    return found;
  });
}

describe('GIVEN the page of the Inbox API claim', () => {
  it('THEN the quote is highlighted inside the text of its source, with the paragraphs around it', async () => {
    await open('/statements/claim-inbox-api/');
    const claim = statementOf('claim-inbox-api');
    const marks = page.locator('.source-text mark');
    await expect.poll(() => marks.count()).toBeGreaterThan(0);
    expect(fold((await marks.allInnerTexts()).join(''))).toBe(fold(claim.quote));
    const first = page.locator('.source-text mark#quote');
    expect(await first.isVisible()).toBe(true);
    const [markColour, panelColour] = await Promise.all([
      first.evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el).backgroundColor),
      page
        .locator('.source-text')
        .evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el).backgroundColor),
    ]);
    expect(markColour).not.toBe(panelColour);
    // Paragraphs of the source on either side of the one holding the quote.
    const paragraphs = await page.locator('.source-text > p:not(.gap)').allInnerTexts();
    const at = paragraphs.findIndex((text) => fold(text).includes(fold(claim.quote)));
    expect(at).toBeGreaterThanOrEqual(2);
    expect(paragraphs.length - at - 1).toBeGreaterThanOrEqual(2);
    for (const text of paragraphs) expect(claim.source.text?.replace(/\s+/g, ' ')).toContain(fold(text));
    const whole = page.getByRole('link', { name: 'Read the whole text, with every quoted passage marked' });
    expect(await whole.getAttribute('href')).toBe('../../sources/techcrunch-2024-04-02/#q-claim-inbox-api');
  });

  it('THEN the attribution is the bot’s: whose words above the quote, then who said it, where, when, in what, and our note', async () => {
    await open('/statements/claim-inbox-api/');
    const claim = statementOf('claim-inbox-api');
    const a = attribute(claim);
    const blocks = await blocksOf(page.locator('main > figure.quote'));
    expect(blocks.map((block) => block.kind)).toEqual(['words-by', 'quote', 'attribution', 'note']);
    const [wordsBy, quote, attribution, note] = blocks;
    // The first name a reader sees is whoever wrote the words: TechCrunch, not the plaintiffs.
    expect(wordsBy?.text).toBe(a.lead);
    expect(wordsBy?.text.startsWith('TechCrunch, reporting')).toBe(true);
    expect(quote?.text).toBe(fold(claim.quote));
    expect(attribution?.lines).toEqual([
      a.said,
      `${a.sourceLead} “${a.source.title}”, ${a.source.publisher}, ${a.source.date} (${a.source.caveats.join('; ')})`,
    ]);
    expect(note?.text).toBe(`Editor's note (ours): ${fold(claim.note ?? '')}`);
  });

  it('WHEN the reader follows a response THEN its page links back to the claim it answers', async () => {
    await open('/statements/claim-inbox-api/');
    const responses = page.locator('section[aria-labelledby="responses"] article h3 a');
    const claim = statementOf('claim-inbox-api');
    expect(await responses.count()).toBe(claim.answeredBy.length);
    const target = claim.answeredBy.find((other) => other.id === 'stone-post-untrue') as Statement;
    await page.getByRole('link', { name: target.title, exact: true }).click();
    await page.waitForURL(`${server.origin}/statements/stone-post-untrue/`);
    expect(await page.locator('h1').textContent()).toBe(target.title);
    expect(await page.locator('.kicker').textContent()).toMatch(/^response$/i);
    await page
      .locator('section[aria-labelledby="answers"]')
      .getByRole('link', { name: claim.title, exact: true })
      .click();
    await page.waitForURL(`${server.origin}/statements/claim-inbox-api/`);
    expect(await page.locator('h1').textContent()).toBe(claim.title);
  });
});

/** The kinds of part a quote's figure should show, in order, from the attribution. */
function expectedKinds(statement: Statement): Block['kind'][] {
  const a = attribute(statement);
  return [
    'words-by',
    ...(a.readable ? (['quote'] as const) : (['described', 'garbled'] as const)),
    ...(a.record !== null && a.readable ? (['record'] as const) : []),
    ...(a.ownWords ? (['own-words'] as const) : []),
    'attribution',
    ...(a.note === null ? [] : (['note'] as const)),
  ];
}

/** Checks a quote's figure as drawn against the statement's attribution. */
async function expectAttributed(figure: Locator, statement: Statement): Promise<Block[]> {
  const a = attribute(statement);
  const blocks = await blocksOf(figure);
  expect(
    blocks.map((block) => block.kind),
    statement.id,
  ).toEqual(expectedKinds(statement));
  const text = (kind: Block['kind']) => blocks.find((block) => block.kind === kind)?.text;
  expect(text('words-by'), statement.id).toBe(a.lead);
  expect(text('words-by')?.startsWith(a.wordsBy.name), statement.id).toBe(true);
  if (a.readable) expect(text('quote'), statement.id).toBe(fold(statement.quote));
  else expect(text('described'), statement.id).toBe(fold(`What it reports, in our words: ${a.record}`));
  if (a.record !== null && a.readable)
    expect(text('record'), statement.id).toBe(fold(`The record, in our words: ${a.record}`));
  if (a.ownWords)
    expect(text('own-words'), statement.id).toBe(fold(`${a.ownWords.label}: “${a.ownWords.quote}”`));
  for (const block of blocks)
    if (block.kind !== 'garbled') expect(block.visible, `${statement.id}: ${block.kind}`).toBe(true);
  return blocks;
}

describe('GIVEN a report of someone’s words that differs from what they wrote', () => {
  it('THEN the report is named first, the record sits directly beneath the quote, then the speaker’s own words', async () => {
    await open('/statements/stone-did-not-share-tc/');
    const copy = statementOf('stone-did-not-share-tc');
    const blocks = await expectAttributed(page.locator('main > figure.quote'), copy);
    expect(blocks[0]?.text).toBe('TechCrunch, reporting Andy Stone');
    expect(blocks[2]?.text).toContain('Stone did not write “Shocking lie”');
    expect(blocks[3]?.text).toContain('Shockingly untrue.');
    // The speaker's own words are a link to their page.
    await page.locator('main > figure.quote .own-words a').click();
    await page.waitForURL(`${server.origin}/statements/stone-post-untrue/`);
    await expectAttributed(page.locator('main > figure.quote'), statementOf('stone-post-untrue'));
    expect(await oursLookingQuoted()).toEqual([]);
  });

  it('WHEN the passage is garbled past reading THEN our account of it stands in its place, and its words are one click away', async () => {
    await open('/statements/claim-musk-replies/');
    const garbled = statementOf('claim-musk-replies');
    expect(garbled.readable).toBe(false);
    const figure = page.locator('main > figure.quote');
    await expectAttributed(figure, garbled);
    const words = figure.locator('details.garbled blockquote');
    expect(await words.isVisible()).toBe(false);
    await figure.getByText("The copy's own words, garbled past reading").click();
    expect(await words.isVisible()).toBe(true);
    expect(fold(await words.textContent())).toBe(fold(garbled.quote));
    expect(await oursLookingQuoted()).toEqual([]);
  });
});

describe('GIVEN the timeline', () => {
  it('THEN each quote under an event is attributed as on its own page: the report first, the record beneath, our note', async () => {
    await open('/timeline/');
    for (const id of ['zuckerberg-simo-watch-cut-2018', 'meta-2018-rebuttal', 'musk-replies-2024']) {
      const event = context.pack.timeline.find((candidate) => candidate.id === id);
      if (!event) throw new Error(`no event ${id}`);
      const figures = page.locator(`article#${id} figure.quote`);
      expect(await figures.count(), id).toBe(event.statements.length);
      for (const [index, statement] of event.statements.entries()) {
        await expectAttributed(figures.nth(index), statement);
      }
    }
    // The event the advertiser plaintiffs' letter is about: TechCrunch's words, not the plaintiffs'.
    const captions = await page.locator('article#zuckerberg-simo-watch-cut-2018 figcaption').allInnerTexts();
    for (const caption of captions)
      expect(caption).toMatch(/^TechCrunch, reporting the advertiser plaintiffs/);
    expect(await oursLookingQuoted()).toEqual([]);
  });
});

describe('GIVEN the search page, which runs the bot’s search in the browser', () => {
  it('WHEN the reader searches “inbox api” THEN the Inbox API claim comes first, and the results are /ask’s', async () => {
    await open('/search/');
    await page.waitForSelector('body[data-ready]');
    await page.getByRole('searchbox', { name: 'Search the record' }).fill('inbox api');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\?q=inbox\+api$/);
    const cards = page.locator('#results > article');
    await expect.poll(() => cards.count()).toBeGreaterThan(1);
    // Quotes and timeline events, in /ask's one order.
    const shown = await cards.evaluateAll((els) =>
      els.map((el) =>
        el.hasAttribute('data-event')
          ? `event ${el.getAttribute('data-event')}`
          : `statement ${el.getAttribute('data-statement')}`,
      ),
    );
    expect(shown[0]).toBe('statement claim-inbox-api');
    const answer = answerQuery(context, 'inbox api');
    if (answer.kind !== 'results') throw new Error('no results for inbox api');
    expect(shown).toEqual(
      pageHits<Hit>(answer).map((hit) =>
        hit.type === 'statement' ? `statement ${hit.statement.id}` : `event ${hit.event.id}`,
      ),
    );
    expect(fold(await cards.first().locator('blockquote').textContent())).toBe(
      fold(statementOf('claim-inbox-api').quote),
    );
    expect(await cards.first().locator('blockquote strong').allInnerTexts()).toContain('Inbox API');
  });

  it('WHEN the reader asks what Andy Stone said THEN his own post comes before TechCrunch’s copy of it, which carries the record beneath', async () => {
    await open('/search/?q=what+did+andy+stone+say');
    await page.waitForSelector('body[data-ready]');
    const cards = page.locator('#results article[data-statement]');
    await expect.poll(() => cards.count()).toBeGreaterThan(1);
    const shown = await cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-statement')));
    expect(shown[0]).toBe('stone-post-untrue');
    expect(shown.indexOf('stone-did-not-share-tc')).toBeGreaterThan(shown.indexOf('stone-post-untrue'));
    for (const [index, id] of shown.entries()) {
      await expectAttributed(cards.nth(index).locator('figure.quote'), statementOf(id ?? ''));
    }
    expect(await oursLookingQuoted()).toEqual([]);
  });

  it('WHEN the address carries a query nothing answers THEN it says so and offers the pack’s suggestions', async () => {
    await open('/search/?q=weather+in+london');
    await page.waitForSelector('body[data-ready]');
    expect(await page.locator('#results').textContent()).toContain('The sources do not cover that.');
    expect(await page.locator('#results li a').count()).toBe(context.pack.meta.suggestions.length);
  });
});

const kinds: [string, string, (() => Promise<void>)?][] = [
  ['statements', '/'],
  ['a claim', '/statements/claim-inbox-api/'],
  ['a response', '/statements/stone-post-untrue/'],
  ['a source with its text', '/sources/techcrunch-2024-04-02/'],
  ['a reference', '/sources/klein-advertiser-letter-2023-04-14/'],
  ['the sources', '/sources/'],
  ['the timeline', '/timeline/'],
  ['about', '/about/'],
  [
    'search, with results',
    '/search/?q=did+netflix+read+my+messages',
    () => page.waitForSelector('body[data-ready]').then(() => {}),
  ],
  ['not found', '/nowhere/'],
];

describe('GIVEN every kind of page, in light and in dark', () => {
  /** Serious and critical faults axe-core finds on the page as it is now. */
  async function faults(rules?: string[]): Promise<string[]> {
    const axe = new AxeBuilder({ page });
    const { violations, passes } = await (rules ? axe.withRules(rules) : axe).analyze();
    expect(passes.length, 'axe-core checked the page').toBeGreaterThan(0);
    return violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
      );
  }

  for (const [kind, path, ready] of kinds) {
    // Every rule in the light theme; in the dark one, contrast, the one rule a theme changes.
    it(`THEN axe-core finds no serious or critical accessibility fault on ${kind} (${path}), light or dark`, async () => {
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await open(path);
        await ready?.();
        expect(await faults(scheme === 'dark' ? ['color-contrast'] : undefined), scheme).toEqual([]);
      }
    }, 90_000);
  }

  it('THEN the dark theme is the dark one, and the light the light one', async () => {
    const background = () =>
      page
        .locator('body')
        .evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el).backgroundColor);
    await open('/');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background()).toBe('rgb(20, 22, 25)');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await background()).toBe('rgb(253, 252, 249)');
  });

  it('THEN the first Tab reaches “Skip to the content”, visibly, and it leads to the main content', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await open('/statements/claim-inbox-api/');
    await page.keyboard.press('Tab');
    const skip = page.locator('a.skip');
    expect(await skip.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    const box = await skip.boundingBox();
    expect(box && box.x >= 0 && box.y >= 0).toBe(true);
    await page.keyboard.press('Enter');
    expect(page.url()).toBe(`${server.origin}/statements/claim-inbox-api/#main`);
  });

  it('WHEN printed THEN the navigation is left out and the quote, its attribution and the highlight stay', async () => {
    await open('/statements/claim-inbox-api/');
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('nav').isVisible()).toBe(false);
      expect(await page.locator('main > figure.quote > blockquote').isVisible()).toBe(true);
      expect(await page.locator('main > figure.quote > figcaption').isVisible()).toBe(true);
      expect(await page.locator('main > figure.quote > .attribution').isVisible()).toBe(true);
      expect(
        await page
          .locator('mark#quote')
          .evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el).outlineStyle),
      ).toBe('solid');
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });
});

describe('GIVEN a reader with scripts turned off', () => {
  it('THEN statement pages read the same, and the search page says it needs JavaScript and where to go instead', async () => {
    const session = await chromium.context.newCDPSession(page);
    await session.send('Emulation.setScriptExecutionDisabled', { value: true });
    try {
      await open('/statements/stone-post-untrue/');
      expect(fold(await page.locator('main > figure.quote > blockquote').textContent())).toBe(
        fold(statementOf('stone-post-untrue').quote),
      );
      expect(fold(await page.locator('main > figure.quote > figcaption').textContent())).toBe(
        attribute(statementOf('stone-post-untrue')).lead,
      );
      expect(await page.locator('.source-text mark#quote').isVisible()).toBe(true);
      await open('/search/?q=inbox+api');
      expect(await page.getByText('Search runs in your browser and needs JavaScript.').isVisible()).toBe(
        true,
      );
      expect(await page.locator('#results article').count()).toBe(0);
    } finally {
      await session.send('Emulation.setScriptExecutionDisabled', { value: false });
      await session.detach();
    }
  });
});

describe('GIVEN every page opened above', () => {
  it('THEN none asked for anything outside this machine', () => {
    expect(chromium.refused).toEqual([]);
  });
});
