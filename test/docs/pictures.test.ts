/**
 * The README's pictures show what the bot sends now. Each picture has, beside it, the payload it
 * was drawn from (docs/*.json, written by `npm run screenshot`), and carries that payload's
 * SHA-256 in a PNG text chunk. No browser is needed here: the payloads are compared. An answer's
 * payload is asked for again; the report's is made again from the example month stored beside
 * it, written into a real SQLite store. The picture of a statement's web page carries the SHA-256
 * of the page and the stylesheet it was drawn from, compared with the page the site builds now.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerContext } from '../../src/answers/answer.js';
import { openContext } from '../../src/answers/context.js';
import { discordCallbackFor } from '../../src/discord/preview.js';
import { renderReport } from '../../src/discord/report.js';
import { buildSite } from '../../src/site/build.js';
import { sitePaths } from '../../src/site/paths.js';
import type { StoreRecord } from '../../src/store/records.js';
import { Store } from '../../src/store/store.js';
import { shippedPack } from '../support/pack.js';
import { repoRoot } from '../support/run.js';

interface Stored {
  readonly command: string;
  readonly query: string;
  readonly payload: unknown;
}

/** The report's picture: the example month it was drawn from, and when the report was made. */
interface StoredReport {
  readonly command: string;
  readonly at: string;
  readonly guildId: string;
  readonly records: StoreRecord[];
  readonly payload: unknown;
}

const docs = join(repoRoot, 'docs');
const pictures = readdirSync(docs)
  .filter((name) => /^answer-.+\.json$/.test(name))
  .map((name) => name.replace(/\.json$/, ''));

let context: AnswerContext;
const dirs: string[] = [];

beforeAll(async () => {
  const opened = await openContext(shippedPack);
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  context = opened.context;
});

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function read<T>(name: string): T {
  return JSON.parse(readFileSync(join(docs, `${name}.json`), 'utf8')) as T;
}

/** Checks that docs/<name>.png carries the hash of the payload stored beside it. */
function expectDrawnFrom(name: string, payload: unknown): void {
  const drawnFrom = pngText(readFileSync(join(docs, `${name}.png`))).get('receipts-payload-sha256');
  const hash = createHash('sha256').update(JSON.stringify(payload)).digest('hex');
  expect(drawnFrom, `docs/${name}.png was not drawn from docs/${name}.json: run npm run screenshot`).toBe(
    hash,
  );
}

/** The text chunks of a PNG, by keyword. */
function pngText(png: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  for (let at = 8; at + 8 <= png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (type === 'tEXt') {
      const data = png.toString('latin1', at + 8, at + 8 + length);
      const split = data.indexOf('\0');
      out.set(data.slice(0, split), data.slice(split + 1));
    }
    at += 12 + length;
  }
  return out;
}

describe('GIVEN the pictures in the README', () => {
  it('THEN there are the four the README shows, each with what it was drawn from beside it or in it', () => {
    expect(pictures.sort()).toEqual(['answer-claim', 'answer-denial']);
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    for (const name of pictures) {
      const stored = read<Stored>(name);
      expect(readme).toContain(`docs/${name}.png`);
      expect(readme).toContain(`/${stored.command} ${stored.query}`);
    }
    expect(readme).toContain('docs/report.png');
    expect(read<StoredReport>('report').command).toBe('receipts report');
    expect(readme).toContain('docs/web-statement.png');
  });

  for (const name of ['answer-claim', 'answer-denial']) {
    it(`THEN docs/${name}.json is what the bot sends now for its query, and docs/${name}.png was drawn from it`, async () => {
      const stored = JSON.parse(readFileSync(join(docs, `${name}.json`), 'utf8')) as Stored;
      const now = await discordCallbackFor(context, stored.command, stored.query);
      expect(now, `the bot's answer changed: run npm run screenshot to redraw docs/${name}.png`).toEqual(
        stored.payload,
      );
      expectDrawnFrom(name, stored.payload);
    });
  }

  it('THEN docs/report.json is what /receipts report sends now for its example month, and docs/report.png was drawn from it', async () => {
    const stored = read<StoredReport>('report');
    const dir = mkdtempSync(join(tmpdir(), 'receipts-report-picture-'));
    dirs.push(dir);
    const store = await Store.open({ engine: 'sqlite', file: join(dir, 'receipts.sqlite') });
    try {
      await store.write(stored.records);
      const data = renderReport(await store.report(stored.guildId, Date.parse(stored.at)), context.pack);
      expect(
        { type: 4, data },
        'the report changed: run npm run screenshot to redraw docs/report.png',
      ).toEqual(stored.payload);
    } finally {
      await store.close();
    }
    expectDrawnFrom('report', stored.payload);
  });

  it('THEN docs/web-statement.png was drawn from the statement page the site builds now', async () => {
    const files = await buildSite(context, { publicUrl: null });
    const drawnFrom = ['statements/claim-inbox-api/index.html', sitePaths.style].map(
      (path) => files.get(path)?.body ?? '',
    );
    const hash = createHash('sha256');
    for (const body of drawnFrom) hash.update(`${body.length}\0${body}`);
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    expect(readme).toContain('(docs/web-statement.png)');
    expect(readme).toContain('`/statements/claim-inbox-api/`');
    const png = pngText(readFileSync(join(docs, 'web-statement.png')));
    expect(
      png.get('receipts-page-sha256'),
      'the statement page changed since docs/web-statement.png was drawn: run npm run screenshot -- web',
    ).toBe(hash.digest('hex'));
  });
});
