/**
 * The whole web record of the shipped pack, walked page by page without a browser: every
 * statement and document has its page, every link and anchor resolves, each statement's page
 * shows its quote verbatim inside its source, every quote on every page is attributed as every
 * surface attributes it (whose words first, the record directly beneath), no words of ours are
 * in quotation marks or block quotes, and `npm run site` writes exactly these files.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnswerContext, usage } from '../../src/answers/answer.js';
import { attribute } from '../../src/answers/attribution.js';
import { garbledLabel, oursLabel } from '../../src/answers/labels.js';
import type { Statement } from '../../src/knowledge/types.js';
import { type SiteFiles, writeSite } from '../../src/site/build.js';
import { sitePaths } from '../../src/site/paths.js';
import { copyProject, type ProjectCopy } from '../support/project.js';
import { run } from '../support/run.js';
import { type PageDocument, type PageElement, parsePage, shippedSite, textOf } from '../support/site.js';

let context: AnswerContext;
let files: SiteFiles;
const pages = new Map<string, PageDocument>();

beforeAll(async () => {
  ({ context, files } = await shippedSite());
  for (const [path, file] of files) if (path.endsWith('.html')) pages.set(path, parsePage(file.body));
});

/** The address a file is served at, on a site at the root of `http://site.test/`. */
const addressOf = (file: string) => `http://site.test/${file.replace(/(^|\/)index\.html$/, '$1')}`;

/** The file a URL on the site names, or null for an address outside it. */
function fileAt(url: URL): string | null {
  if (url.origin !== 'http://site.test') return null;
  const path = url.pathname.slice(1);
  return path === '' || path.endsWith('/') ? `${path}index.html` : path;
}

describe('GIVEN the web record of the shipped pack', () => {
  it('THEN every statement and every document has a page at the address made from its id', () => {
    expect(context.pack.statements.length).toBeGreaterThan(20);
    for (const statement of context.pack.statements) {
      const page = pages.get(`statements/${statement.id}/index.html`);
      expect(page, statement.id).toBeDefined();
      expect(textOf(page?.querySelector('h1'))).toBe(statement.title);
    }
    for (const document of context.pack.documents) {
      expect(pages.has(`sources/${document.id}/index.html`), document.id).toBe(true);
    }
    const timeline = pages.get('timeline/index.html');
    for (const event of context.pack.timeline)
      expect(timeline?.getElementById(event.id), event.id).toBeTruthy();
    for (const page of [
      'index.html',
      'sources/index.html',
      'about/index.html',
      'search/index.html',
      '404.html',
    ])
      expect(pages.has(page), page).toBe(true);
  });

  it('THEN every link, stylesheet, script and form on every page resolves, anchors included, and outside links are the sources’ own', () => {
    const outside = new Set(
      context.pack.documents.flatMap((document) => (document.url ? [document.url] : [])),
    );
    let checked = 0;
    for (const [file, page] of pages) {
      const base = new URL(addressOf(file));
      const targets = [
        ...[...page.querySelectorAll('a[href], link[href]')].map((el) => el.getAttribute('href') as string),
        ...[...page.querySelectorAll('script[src]')].map((el) => el.getAttribute('src') as string),
        ...[...page.querySelectorAll('form[action]')].map((el) => el.getAttribute('action') as string),
      ];
      for (const target of targets) {
        const url = new URL(target, base);
        const where = `${file}: ${target}`;
        const local = fileAt(url);
        if (local === null) {
          expect(outside.has(target), where).toBe(true);
          continue;
        }
        expect(files.has(local), where).toBe(true);
        const anchor = decodeURIComponent(url.hash.slice(1));
        if (anchor) expect(pages.get(local)?.getElementById(anchor), where).toBeTruthy();
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('THEN every page has a language, a title, one main and one h1, and no id twice', () => {
    for (const [file, page] of pages) {
      expect(page.documentElement.getAttribute('lang'), file).toBe('en');
      expect(textOf(page.querySelector('title')), file).toMatch(/ · Receipts$/);
      expect(page.querySelectorAll('main').length, file).toBe(1);
      expect(page.querySelectorAll('h1').length, file).toBe(1);
      const ids = [...page.querySelectorAll('[id]')].map((el) => el.getAttribute('id'));
      expect(new Set(ids).size, file).toBe(ids.length);
    }
  });

  it('THEN each statement page shows its quote verbatim, and highlighted in its source’s text where the pack holds it', () => {
    for (const statement of context.pack.statements) {
      const page = pages.get(`statements/${statement.id}/index.html`) as PageDocument;
      expect(textOf(page.querySelector('figure blockquote')), statement.id).toBe(
        statement.quote.replace(/\s+/g, ' '),
      );
      const marked = [...page.querySelectorAll('.source-text mark')].map((mark) => mark.textContent).join('');
      expect(marked.replace(/\s+/g, ' '), statement.id).toBe(statement.quote.replace(/\s+/g, ' '));
      expect(page.querySelector('.source-text mark')?.getAttribute('id')).toBe('quote');
    }
  });

  it('THEN a source page marks every passage quoted from it, each linking to its statement', () => {
    const techcrunch = context.pack.byId.documents.get('techcrunch-2024-04-02');
    const page = pages.get('sources/techcrunch-2024-04-02/index.html') as PageDocument;
    const quoting = context.pack.statements.filter((statement) => statement.source === techcrunch);
    expect(quoting.length).toBeGreaterThan(15);
    for (const statement of quoting) {
      const start = page.getElementById(`q-${statement.id}`);
      expect(start, statement.id).toBeTruthy();
      const links = [
        ...page.querySelectorAll(`.source-text mark a[href="../../${sitePaths.statement(statement.id)}"]`),
      ];
      expect(
        links
          .map((a) => a.textContent)
          .join('')
          .replace(/\s+/g, ' '),
        statement.id,
      ).toContain(statement.quote.replace(/\s+/g, ' ').slice(0, 40));
    }
    const reference = pages.get('sources/nyt-2018-12-18/index.html');
    expect(textOf(reference?.querySelector('main'))).toContain('The pack does not hold this document');
  });

  it('THEN no page carries a ClaimReview or a rating: Receipts does not rate claims', () => {
    for (const [file, page] of pages) {
      for (const script of page.querySelectorAll('script[type="application/ld+json"]')) {
        const text = script.textContent ?? '';
        expect(text, file).not.toContain('ClaimReview');
        expect(text, file).not.toContain('reviewRating');
      }
    }
  });
});

/** White space folded, as a reader sees text. */
const fold = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Spans in curly or straight double quotation marks. */
function quoted(text: string): string[] {
  return [...text.matchAll(/“([^”]*)”|"([^"]*)"/g)].map((match) => fold(match[1] ?? match[2] ?? ''));
}

/** The element children of an element, in order. */
const childrenOf = (element: PageElement) => [...element.children] as PageElement[];

describe('GIVEN every quote on every page of the web record', () => {
  /** The statement a quote's figure shows. */
  const statementOf = (figure: PageElement) =>
    context.pack.byId.statements.get(figure.getAttribute('data-statement') ?? '') as Statement;

  it('THEN the first name beside it is whoever wrote its words, and the record and the speaker’s own words sit directly beneath it', () => {
    let figures = 0;
    for (const [file, page] of pages) {
      for (const figure of page.querySelectorAll('figure.quote')) {
        const statement = statementOf(figure);
        const a = attribute(statement);
        const where = `${file}: ${statement.id}`;
        const [caption, quote, ...after] = childrenOf(figure);
        // Whose words, first: a report's account is the report's, the party reported on second.
        expect(caption?.tagName, where).toBe('FIGCAPTION');
        expect(textOf(caption).startsWith(a.wordsBy.name), where).toBe(true);
        expect(textOf(caption), where).toBe(fold(a.lead));
        if (a.kind === 'reported') expect(textOf(caption), where).toContain(`reporting ${a.speaker.name}`);
        let next = 0;
        if (statement.readable) {
          expect(quote?.tagName, where).toBe('BLOCKQUOTE');
        } else {
          expect(quote?.classList.contains('described'), where).toBe(true);
          expect(after[next++]?.tagName, where).toBe('DETAILS');
        }
        if (a.record !== null && statement.readable) {
          const record = after[next++];
          expect(record?.classList.contains('record'), where).toBe(true);
          expect(textOf(record), where).toBe(fold(`${oursLabel.record}: ${a.record}`));
        }
        if (a.ownWords) {
          const own = after[next++];
          expect(textOf(own), where).toBe(fold(`${a.ownWords.label}: “${a.ownWords.quote}”`));
        }
        // Then who said it, where and when, and the document holding the words.
        const attribution = after[next];
        expect(attribution?.classList.contains('attribution'), where).toBe(true);
        const lines = [...(attribution?.querySelectorAll('p') ?? [])].map((line) => textOf(line));
        // Who said it, where and when (for words that reach us through a report), then the source.
        const source = a.said === null ? 0 : 1;
        if (a.said !== null) expect(lines[0], where).toBe(fold(a.said));
        expect(lines[source]?.startsWith(`${a.sourceLead} `), where).toBe(true);
        figures++;
      }
    }
    expect(figures).toBeGreaterThan(context.pack.statements.length * 2);
  });

  it('THEN each statement’s page leads with one quote, its first name the author of the words', () => {
    for (const statement of context.pack.statements) {
      const page = pages.get(`statements/${statement.id}/index.html`) as PageDocument;
      const figures = page.querySelectorAll('main > figure.quote');
      expect(figures.length, statement.id).toBe(1);
      const caption = figures[0]?.querySelector('figcaption');
      const { wordsBy } = attribute(statement);
      expect(textOf(caption).split(',')[0], statement.id).toBe(fold(wordsBy.name).split(',')[0]);
      const preview = page.querySelector('meta[property="og:title"]')?.getAttribute('content') ?? '';
      expect(preview.startsWith(wordsBy.name), statement.id).toBe(true);
    }
    // The pack has reports of others' words: their first name is the report's, not the speaker's.
    const report = context.pack.byId.statements.get('stone-did-not-share-tc') as Statement;
    const caption = pages.get('statements/stone-did-not-share-tc/index.html')?.querySelector('figcaption');
    expect(textOf(caption)).toBe(`${attribute(report).wordsBy.name}, reporting ${report.speaker.name}`);
    expect(textOf(caption).startsWith(report.speaker.name)).toBe(false);
  });

  it('THEN a passage garbled past reading is described in our words, marked as ours, and its own words are one click away', () => {
    const garbled = context.pack.statements.filter((statement) => !statement.readable);
    expect(garbled.length).toBeGreaterThan(0);
    for (const statement of garbled) {
      const figure = pages
        .get(`statements/${statement.id}/index.html`)
        ?.querySelector('main > figure.quote') as PageElement;
      expect(textOf(figure.querySelector('.described')), statement.id).toBe(
        fold(`${oursLabel.described}: ${statement.record}`),
      );
      const details = figure.querySelector('details');
      expect(details?.hasAttribute('open'), statement.id).toBe(false);
      expect(textOf(details?.querySelector('summary')), statement.id).toBe(garbledLabel);
      expect(textOf(details?.querySelector('blockquote')), statement.id).toBe(fold(statement.quote));
      expect(figure.querySelectorAll('blockquote').length, statement.id).toBe(1);
      const preview = pages
        .get(`statements/${statement.id}/index.html`)
        ?.querySelector('meta[property="og:description"]')
        ?.getAttribute('content');
      expect(preview, statement.id).not.toContain(statement.quote.slice(0, 30));
    }
  });
});

describe('GIVEN the words of ours on every page', () => {
  /** Every text the pack holds that may be quoted, white space folded. */
  let held: string[];
  /** Only the texts of sources: what a block quote may hold. */
  let texts: string[];
  /** What a member is told to type, as examples in a command's help. */
  let typed: string[];

  beforeAll(() => {
    const { documents } = context.pack;
    texts = documents.flatMap((document) => (document.text === null ? [] : [fold(document.text)]));
    held = [
      ...texts,
      ...documents.flatMap((document) => document.excerpts.map(fold)),
      ...documents.filter((document) => !document.titleIsOurs).map((document) => fold(document.title)),
    ];
    typed = Object.values(usage).flatMap(quoted);
  });

  /** What a page says in words of its own: everything but block quotes, a source's text and data. */
  function oursOn(page: PageDocument): string[] {
    const body = page.body.cloneNode(true) as PageElement;
    for (const element of body.querySelectorAll('blockquote, .source-text, script')) element.remove();
    const head = [...page.querySelectorAll('title, meta[name="description"], meta[property^="og:"]')].map(
      (element) => element.getAttribute('content') ?? element.textContent ?? '',
    );
    return [body.textContent ?? '', ...head];
  }

  it('THEN only words the pack holds are in quotation marks, and every block quote is a passage of a source', () => {
    let spans = 0;
    let blocks = 0;
    for (const [file, page] of pages) {
      for (const text of oursOn(page)) {
        for (const span of quoted(text)) {
          const ok = span.length > 0 && (held.some((words) => words.includes(span)) || typed.includes(span));
          expect(ok, `${file}: “${span}” is in quotation marks but is no one's words the pack holds`).toBe(
            true,
          );
          spans++;
        }
      }
      for (const block of page.querySelectorAll('blockquote')) {
        const words = textOf(block);
        expect(
          texts.some((text) => text.includes(words)),
          `${file}: a block quote that is not a passage of any source: ${words.slice(0, 80)}`,
        ).toBe(true);
        blocks++;
      }
    }
    expect(spans).toBeGreaterThan(100);
    expect(blocks).toBeGreaterThan(100);
  });

  it('THEN a title of ours put in quotation marks would be found (the check can fail)', () => {
    const statement = context.pack.statements[0] as Statement;
    const spans = quoted(`Responses to “${statement.title}”`);
    expect(spans).toEqual([fold(statement.title)]);
    expect(held.some((words) => words.includes(spans[0] as string))).toBe(false);
  });

  it('THEN every page speaks plainly: no internal terms a reader would have to look up', () => {
    for (const [file, page] of pages) {
      const text = oursOn(page).join(' ').toLowerCase();
      for (const jargon of ['received copy', 'address unconfirmed', 'cited by its details', 'metadata'])
        expect(text, `${file}: ${jargon}`).not.toContain(jargon);
    }
  });
});

describe('GIVEN npm run site', () => {
  let project: ProjectCopy;
  beforeAll(() => {
    project = copyProject();
  });
  afterAll(() => project?.remove());

  it('THEN it writes exactly the files of the web record into site/ and says how many', async () => {
    const ran = await run('npm', ['run', '--silent', 'site'], { cwd: project.dir });
    const { meta } = context.pack;
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(
      new RegExp(
        `^Wrote ${files.size} files \\(\\d+ kB\\) for ${meta.id} ${meta.version.replaceAll('.', '\\.')} to site in \\d+ ms\\.\\n$`,
      ),
    );
    const written = readdirSync(join(project.dir, 'site'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(join(project.dir, 'site').length + 1))
      .sort();
    expect(written).toEqual([...files.keys()].sort());
    const differing = [...files].filter(
      ([path, file]) => readFileSync(join(project.dir, 'site', path), 'utf8') !== file.body,
    );
    expect(differing.map(([path]) => path)).toEqual([]);
  });

  it('WHEN the folder it would replace holds something else THEN it refuses and leaves it as it was', async () => {
    const other = join(project.dir, 'elsewhere');
    mkdirSync(other);
    writeFileSync(join(other, 'notes.txt'), 'mine');
    await expect(writeSite(files, other)).rejects.toThrow(
      `site: ${other} is not empty and holds no site written by npm run site; not replacing it`,
    );
    expect(readFileSync(join(other, 'notes.txt'), 'utf8')).toBe('mine');
  });
});
