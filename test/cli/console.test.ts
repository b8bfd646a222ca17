/**
 * The local console: what someone sees after cloning the repo and running the bot with no
 * Discord credentials. The process is started as users start it; paging and line parsing are
 * also driven in memory.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnswerContext } from '../../src/answers/answer.js';
import { openContext } from '../../src/answers/context.js';
import { parseLine, runConsole } from '../../src/cli/console.js';
import type { Pack } from '../../src/knowledge/types.js';
import { shippedPack } from '../support/pack.js';
import { cleanEnv, lines, repoRoot, runNode } from '../support/run.js';

const HELP_FIRST = 'Commands (the leading slash is optional):';

let context: AnswerContext;
let pack: Pack;
beforeAll(async () => {
  const opened = await openContext(shippedPack);
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  context = opened.context;
  pack = context.pack;
});

/** Index of the first line at or after `from` that satisfies `test`; fails the test when none does. */
function find(out: readonly string[], test: string | RegExp, from = 0): number {
  const index = out.findIndex(
    (line, at) => at >= from && (typeof test === 'string' ? line === test : test.test(line)),
  );
  expect(index, `no line ${String(test)} after line ${from}`).toBeGreaterThanOrEqual(0);
  return index;
}

/**
 * Each entry's heading (`[n] Stance · whose words`) and its title (ours, the lines after the
 * heading up to the quote or what stands in its place), in order.
 */
function entries(out: readonly string[]): { heading: string; title: string }[] {
  return out.flatMap((line, at) => {
    if (!/^\[\d+\] /.test(line)) return [];
    const title: string[] = [];
    for (let next = at + 1; next < out.length && !/^ {4}(│|What it reports)/.test(out[next] ?? ''); next++)
      title.push((out[next] ?? '').trim());
    return [{ heading: line, title: title.join(' ') }];
  });
}

describe('node dist/src/main.js with no DISCORD_TOKEN (the console)', () => {
  let out: string[] = [];
  let stderr = '';
  let code: number | null = null;

  beforeAll(async () => {
    const input = [
      '/claim inbox api',
      '/timeline 2018',
      '/ask did netflix read my messages',
      '/ask what will the weather be in paris tomorrow',
      'help',
      'frobnicate now',
      '',
      '/claim',
      'more',
      'quit',
      '/about',
    ].join('\n');
    const result = await runNode('dist/src/main.js', [], {
      env: cleanEnv({ DISCORD_TOKEN: '' }),
      input: `${input}\n`,
    });
    out = lines(result.stdout);
    stderr = result.stderr;
    code = result.code;
  });

  it('GIVEN no token THEN the banner says nothing connects and how to connect', () => {
    const banner = out[0] ?? '';
    expect(banner).toMatch(/^Receipts console: /);
    expect(banner).toContain(pack.meta.title);
    expect(banner).toContain('No DISCORD_TOKEN is set, so nothing connects to Discord');
    expect(banner).toContain('set DISCORD_TOKEN and DISCORD_APPLICATION_ID');
    expect(banner).toContain('Type “help”');
  });

  it('GIVEN the banner points to a file for the settings THEN that file exists', () => {
    const named = /\(see ([^)\s]+)\)/.exec(out[0] ?? '')?.[1];
    if (named === undefined) return; // The banner names no file: nothing to check.
    expect(existsSync(join(repoRoot, named)), `${named} is named by the banner`).toBe(true);
  });

  it('GIVEN /claim inbox api THEN the Inbox API quote comes first, with its attribution and link', () => {
    const statement = pack.byId.statements.get('claim-inbox-api');
    if (!statement) throw new Error('no claim-inbox-api');
    const heading = find(out, 'Claims for “inbox api”');
    const first = find(out, /^\[\d+\] /, heading);
    const end = find(out, /^Showing \d+–\d+ of \d+\./, first);
    const entry = out.slice(first, end);
    // Whose words first: TechCrunch wrote them, reporting the plaintiffs' position.
    expect(entries(entry)[0]).toEqual({
      heading: '[1] Claim · TechCrunch, reporting the advertiser plaintiffs in Klein v. Meta',
      title: statement.title,
    });
    const quoted = entry
      .filter((line) => line.startsWith('    │ '))
      .map((line) => line.slice(6))
      .join(' ');
    expect(quoted.startsWith(statement.quote.replace(/\s+/g, ' '))).toBe(true);
    expect(entry.find((line) => line.startsWith('    Said by '))).toMatch(
      /^ {4}Said by the advertiser plaintiffs in Klein v\. Meta, through their attorney/,
    );
    expect(entry.join('\n')).toContain('TechCrunch, 2 April 2024');
    expect(entry.map((line) => line.trim())).toContain(statement.source.url);
  });

  it('GIVEN /timeline 2018 THEN only events dated 2018 are listed, oldest first', () => {
    const heading = find(out, 'Timeline for “2018”');
    const end = find(out, /^Showing \d+–\d+ of \d+\./, heading);
    const entries = out.slice(heading, end).filter((line) => /^\[\d+\] /.test(line));
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(entry).toMatch(/^\[\d+\] (\d{1,2} )?([A-Z][a-z]+ )?2018 · /);
    const expected = pack.timeline.filter((event) => event.date.iso.startsWith('2018')).length;
    expect(entries).toHaveLength(expected);
  });

  it('GIVEN /ask did netflix read my messages THEN quotes from the sources are shown', () => {
    const heading = find(out, 'From the sources for “did netflix read my messages”');
    const end = find(out, /^Showing \d+–\d+ of \d+\./, heading);
    const section = out.slice(heading, end);
    expect(section.some((line) => line.startsWith('    │ '))).toBe(true);
    expect(section).not.toContain('The sources do not cover that.');
  });

  it('GIVEN an out-of-scope question THEN it says the sources do not cover that, and suggests queries', () => {
    const at = find(out, 'The sources do not cover that.');
    expect(out[at + 1]).toBe(
      'Receipts only answers from its sources, so it will not guess. Try one of these:',
    );
    expect(out.slice(at + 2, at + 2 + pack.meta.suggestions.length)).toEqual(
      pack.meta.suggestions.map((suggestion) => `  ${suggestion}`),
    );
  });

  it('GIVEN help, an unknown command and an empty line THEN each gets the help text, with no stack trace', () => {
    const afterWeather = find(out, 'The sources do not cover that.');
    const help = find(out, HELP_FIRST, afterWeather);
    const unknown = find(out, '“frobnicate” is not a command.', help + 1);
    expect(out[unknown + 1]).toBe(HELP_FIRST);
    const empty = find(out, HELP_FIRST, unknown + 2);
    expect(empty).toBeGreaterThan(unknown + 1);
    expect(stderr).toBe('');
    expect(out.join('\n')).not.toMatch(/^\s+at |Error:/m);
  });

  it('GIVEN /claim then more THEN the second page of every claim is shown', () => {
    const claims = pack.statements.filter((statement) => statement.stance === 'claim');
    const lastHelp = out.lastIndexOf(HELP_FIRST);
    const second = find(out, /^Showing 6–\d+ of \d+\./, lastHelp);
    expect(out[second]).toMatch(
      new RegExp(`^Showing 6–${Math.min(10, claims.length)} of ${claims.length}\\.`),
    );
    const secondPage = entries(out.slice(lastHelp, second));
    expect(secondPage.at(-1)?.heading).toMatch(new RegExp(`^\\[${Math.min(10, claims.length)}\\] Claim · `));
    expect(secondPage.at(-1)?.title).toBe(claims[Math.min(10, claims.length) - 1]?.title);
  });

  it('GIVEN quit THEN the console exits 0 and answers nothing after it', () => {
    expect(out.some((line) => line.startsWith('Receipts — '))).toBe(false);
    expect(code).toBe(0);
  });
});

describe('runConsole in memory', () => {
  /** Feeds lines to the console and returns everything it wrote. */
  async function converse(input: readonly string[], interactive = false): Promise<string> {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let written = '';
    stdout.setEncoding('utf8').on('data', (chunk: string) => {
      written += chunk;
    });
    const done = runConsole({ input: stdin, output: stdout, interactive, context: () => context });
    for (const line of input) stdin.write(`${line}\n`);
    stdin.end();
    await done;
    return written;
  }

  const footers = (text: string) =>
    lines(text).filter((line) => /^(Showing \d|That was the last page)/.test(line));

  it('GIVEN more before any question THEN it says there is nothing to page through', async () => {
    expect(lines(await converse(['more']))).toEqual([
      'Nothing to page through yet: ask something first.',
      '',
    ]);
  });

  it('GIVEN /claim and more past the last page THEN every claim is shown once, in order, then "That was the last page."', async () => {
    const claims = pack.statements.filter((statement) => statement.stance === 'claim');
    const pages = Math.ceil(claims.length / 5);
    expect(pages).toBeGreaterThan(1);
    const text = await converse(['/claim', ...Array.from({ length: pages }, () => 'more')]);
    const expected: string[] = [];
    for (let page = 0; page < pages; page++) {
      const first = page * 5 + 1;
      const last = Math.min(claims.length, first + 4);
      const hint = page + 1 < pages ? ' Type “more” for the next page.' : '';
      expected.push(`Showing ${first}–${last} of ${claims.length}.${hint}`);
    }
    expected.push('That was the last page.');
    expect(footers(text)).toEqual(expected);
    expect(entries(lines(text)).map((entry) => entry.title)).toEqual(claims.map((claim) => claim.title));
  });

  it('GIVEN side <claim> and more THEN its responses are paged, then "That was the last page."', async () => {
    const claim = pack.byId.statements.get('claim-inbox-api');
    if (!claim) throw new Error('no claim-inbox-api');
    const others = claim.answeredBy.length + claim.respondsTo.length;
    const pages = Math.ceil(others / 5);
    const text = await converse(['side claim-inbox-api', ...Array.from({ length: pages }, () => 'more')]);
    // Our title is not dressed as a quote.
    expect(lines(text)[0]).toBe(`Responses to: ${claim.title}`);
    expect(footers(text).at(-1)).toBe('That was the last page.');
    expect(footers(text)).toHaveLength(pages + 1);
    const shown = entries(lines(text)).map((entry) => entry.title);
    const expected = [...claim.answeredBy, ...claim.respondsTo];
    expect([...shown].sort()).toEqual(expected.map((other) => other.title).sort());
    // The record first: every copy comes straight after the speaker's own words (or another copy of them).
    for (const other of expected) {
      if (!other.ownWords) continue;
      const at = shown.indexOf(other.title);
      const own = shown.indexOf(other.ownWords.title);
      expect(own, other.id).toBeLessThan(at);
      expect(
        shown
          .slice(own + 1, at)
          .every((title) => expected.find((s) => s.title === title)?.ownWords === other.ownWords),
        other.id,
      ).toBe(true);
    }
  });

  it('GIVEN side with an unknown id THEN it says so and how to find ids', async () => {
    expect(lines(await converse(['side no-such-statement']))[0]).toBe(
      'No statement “no-such-statement” with another side. Ids are shown under each quote.',
    );
  });

  it('GIVEN an out-of-scope question and more THEN more says that was the last page', async () => {
    const text = await converse(['/ask what will the weather be in paris tomorrow', 'more']);
    expect(lines(text)[0]).toBe('The sources do not cover that.');
    expect(lines(text)).toContain('That was the last page.');
  });

  it('GIVEN a terminal THEN a prompt is shown before each line; GIVEN a pipe THEN no prompt and no ANSI styling', async () => {
    const tty = await converse(['help', '/claim inbox api'], true);
    expect(tty.startsWith('receipts> ')).toBe(true);
    expect(tty.split('receipts> ')).toHaveLength(4);
    const piped = await converse(['help', '/claim inbox api'], false);
    expect(piped).not.toContain('receipts> ');
    expect(piped).not.toContain('\u001b[');
  });

  it('GIVEN quit with the input still open THEN the console returns and answers nothing more', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let written = '';
    stdout.setEncoding('utf8').on('data', (chunk: string) => {
      written += chunk;
    });
    const done = runConsole({ input: stdin, output: stdout, interactive: false, context: () => context });
    stdin.write('quit\n/about\n');
    await done;
    expect(written).toBe('');
    stdin.destroy();
  });
});

describe('parseLine', () => {
  it('GIVEN a command with or without its slash THEN the mode and the words', () => {
    expect(parseLine('/claim inbox api')).toEqual({ kind: 'mode', mode: 'claim', query: 'inbox api' });
    expect(parseLine('timeline may 2018')).toEqual({ kind: 'mode', mode: 'timeline', query: 'may 2018' });
    expect(parseLine('  /ASK   Did  Netflix\tread it?  ')).toEqual({
      kind: 'mode',
      mode: 'ask',
      query: 'Did Netflix read it?',
    });
    expect(parseLine('/sources')).toEqual({ kind: 'mode', mode: 'sources', query: '' });
  });

  it('GIVEN more, next, side, help, ?, quit and exit THEN what each asks for', () => {
    expect(parseLine('more')).toEqual({ kind: 'more' });
    expect(parseLine('next')).toEqual({ kind: 'more' });
    expect(parseLine('side claim-inbox-api')).toEqual({ kind: 'side', id: 'claim-inbox-api' });
    expect(parseLine('help')).toEqual({ kind: 'help', unknown: null });
    expect(parseLine('?')).toEqual({ kind: 'help', unknown: null });
    expect(parseLine('quit')).toEqual({ kind: 'quit' });
    expect(parseLine('/exit')).toEqual({ kind: 'quit' });
  });

  it('GIVEN an empty line THEN help, with nothing called unknown', () => {
    expect(parseLine('')).toEqual({ kind: 'help', unknown: null });
    expect(parseLine('   \t ')).toEqual({ kind: 'help', unknown: null });
  });

  it('GIVEN an unknown word, or side without an id THEN help naming the word as typed', () => {
    expect(parseLine('frobnicate now')).toEqual({ kind: 'help', unknown: 'frobnicate' });
    expect(parseLine('/Weather today')).toEqual({ kind: 'help', unknown: '/Weather' });
    expect(parseLine('side')).toEqual({ kind: 'help', unknown: 'side' });
  });
});
