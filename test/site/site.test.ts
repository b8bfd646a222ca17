/**
 * The whole web record of the shipped pack, walked page by page without a browser: every
 * statement and document has its page, every link and anchor resolves, each statement's page
 * shows its quote verbatim inside its source, and `npm run site` writes exactly these files.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerContext } from '../../src/answers/answer.js';
import { type SiteFiles, writeSite } from '../../src/site/build.js';
import { sitePaths } from '../../src/site/paths.js';
import { copyProject, type ProjectCopy } from '../support/project.js';
import { run } from '../support/run.js';
import { type PageDocument, parsePage, shippedSite, textOf } from '../support/site.js';

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
