/**
 * The local console: what someone sees after cloning the repo and running it with no Discord
 * credentials. The process is started as users start it; as a terminal (line editing, history,
 * Tab completion, the window's width) it is driven in memory through a stream that says it is
 * a terminal of a given width, since a pseudo-terminal needs tools a fresh machine may lack
 * (scripts/console-in-tmux.sh shows it in a real 80-column tmux pane).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerContext } from '../../src/answers/answer.js';
import { openContext } from '../../src/answers/context.js';
import {
  complete,
  consoleBanner,
  helpText,
  historyPath,
  parseLine,
  runConsole,
} from '../../src/cli/console.js';
import type { Pack } from '../../src/knowledge/types.js';
import { packIdentity, shippedPack } from '../support/pack.js';
import { until } from '../support/poll.js';
import { cleanEnv, lines, repoRoot, runNode } from '../support/run.js';

let context: AnswerContext;
let pack: Pack;
const temps: string[] = [];
beforeAll(async () => {
  const opened = await openContext(shippedPack);
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  context = opened.context;
  pack = context.pack;
});
afterAll(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'receipts-console-'));
  temps.push(dir);
  return dir;
}

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

/** Text as a terminal shows it: escape sequences (styles, cursor moves) removed. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: escape sequences are what is removed.
const shownText = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');

/** Lines longer than `width`, other than a link standing alone (links are never broken). */
const overWidth = (text: string, width: number) =>
  lines(shownText(text)).filter((line) => [...line].length > width && !/^https?:\/\/\S+$/.test(line));

const BANNER = [
  `Receipts console: Meta, Netflix and the Inbox API (pack ${packIdentity().version}, 33 statements).`,
  'No DISCORD_TOKEN is set, so nothing connects to Discord; set DISCORD_TOKEN and',
  'DISCORD_APPLICATION_ID (see .env.example) to run the bot. Ask a question, or',
  'type “help”; try /claim inbox api.',
];

describe('node dist/src/main.js --console, its input piped', () => {
  let out: string[] = [];
  let stderr = '';
  let code: number | null = null;

  beforeAll(async () => {
    const input = [
      '/claim inbox api',
      '/timeline 2018',
      'did netflix read my dms',
      '',
      'who won the 2022 world cup',
      'help',
      'quit',
      '/about',
    ].join('\n');
    const result = await runNode('dist/src/main.js', ['--console'], { input: `${input}\n` });
    out = lines(result.stdout);
    stderr = result.stderr;
    code = result.code;
  });

  it('GIVEN no token THEN the banner, wrapped at 80, says nothing connects and how to connect', () => {
    expect(out.slice(0, 4)).toEqual(BANNER);
  });

  it('GIVEN the banner points to a file for the settings THEN that file exists', () => {
    expect(existsSync(join(repoRoot, '.env.example'))).toBe(true);
  });

  it('GIVEN /claim inbox api THEN the Inbox API quote comes first, with its attribution and link', () => {
    const statement = pack.byId.statements.get('claim-inbox-api');
    if (!statement) throw new Error('no claim-inbox-api');
    const heading = find(out, 'Claims for “inbox api”');
    const first = find(out, /^\[\d+\] /, heading);
    const end = find(out, /^\[2\] /, first);
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
    expect(quoted).toBe(statement.quote.replace(/\s+/g, ' '));
    expect(entry.find((line) => line.startsWith('    Said by '))).toBe(
      '    Said by the advertiser plaintiffs in Klein v. Meta, through their attorney,',
    );
    expect(entry.join('\n')).toContain('TechCrunch, 2 April 2024');
    expect(entry).toContain(statement.source.url);
  });

  it('GIVEN /timeline 2018 THEN only events dated 2018 are listed, oldest first', () => {
    const heading = find(out, 'Timeline for “2018”');
    const end = find(out, /^Showing \d+–\d+ of \d+\./, heading);
    const entries = out.slice(heading, end).filter((line) => /^\[\d+\] /.test(line));
    for (const entry of entries) expect(entry).toMatch(/^\[\d+\] (\d{1,2} )?([A-Z][a-z]+ )?2018 · /);
    const expected = pack.timeline.filter((event) => event.date.iso.startsWith('2018')).length;
    expect(entries).toHaveLength(Math.min(5, expected));
  });

  it('GIVEN plain questions THEN they are asked as /ask: one answered from the sources, one honestly not', () => {
    const answered = find(out, 'From the sources for “did netflix read my dms”');
    expect(out.slice(answered).some((line) => line.startsWith('    │ '))).toBe(true);
    const notCovered = find(out, 'The sources do not cover that.', answered);
    expect(out.slice(notCovered, notCovered + 3)).toEqual([
      'The sources do not cover that.',
      'Receipts only answers from its sources, so it will not guess. Try one of these:',
      '  /claim inbox api',
    ]);
    expect(out.join('\n')).not.toContain('is not a command');
  });

  it('GIVEN help THEN the commands, from the command list, and nothing on standard error', () => {
    const help = find(out, 'Ask a question, or type a command (the leading slash is optional):');
    expect(out.slice(help, help + 2)).toEqual([
      'Ask a question, or type a command (the leading slash is optional):',
      '  /claim [query]    What is alleged, best matches first; with no query, every',
    ]);
    expect(stderr).toBe('');
  });

  it('GIVEN quit THEN the console exits 0 and answers nothing after it; no line is wider than 80 but a link', () => {
    expect(out.some((line) => line.startsWith('Receipts — '))).toBe(false);
    expect(code).toBe(0);
    expect(overWidth(out.join('\n'), 80)).toEqual([]);
  });
});

describe('node dist/src/main.js starting the console', () => {
  it('GIVEN no token and no terminal (a service, a pipe) THEN exit 1 with the line saying DISCORD_TOKEN is not set', async () => {
    const result = await runNode('dist/src/main.js', [], { input: '/claim inbox api\n' });
    expect(lines(result.stderr)).toEqual([
      'Receipts cannot start: DISCORD_TOKEN is not set, and there is no terminal for the console (--console reads standard input).',
    ]);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(1);
  });

  it('GIVEN DISCORD_TOKEN set and --console THEN the banner does not claim there is no token', async () => {
    const result = await runNode('dist/src/main.js', ['--console'], {
      env: cleanEnv({ DISCORD_TOKEN: 'abc' }),
      input: 'quit\n',
    });
    expect(lines(result.stdout)).toEqual([
      `Receipts console: Meta, Netflix and the Inbox API (pack ${packIdentity().version}, 33 statements).`,
      'This is the console: nothing connects to Discord from here (npm start without',
      '--console runs the bot). Ask a question, or type “help”; try /claim inbox api.',
    ]);
    expect(result.code).toBe(0);
  });

  it('GIVEN its output piped into a reader that stops (| head) THEN it exits 0, quietly', async () => {
    const child = spawn(process.execPath, ['dist/src/main.js', '--console'], {
      cwd: repoRoot,
      env: cleanEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.stdin.on('error', () => {});
    child.stdout.once('data', () => child.stdout.destroy());
    for (let i = 0; i < 200; i++) child.stdin.write('/claim\n');
    child.stdin.end();
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });
});

/** A stream that says it is a terminal `columns` wide, and everything written to it. */
function fakeTerminal(columns: number) {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns, rows: 40 });
  let written = '';
  stream.setEncoding('utf8').on('data', (chunk: string) => {
    written += chunk;
  });
  return { stream, written: () => written };
}

describe('runConsole on a terminal', () => {
  /** Types `keys` at the console (Enter is "\r") and returns what the terminal showed. */
  async function typeAt(
    keys: readonly string[],
    columns = 80,
    historyFile: string | null = null,
  ): Promise<string> {
    const input = Object.assign(new PassThrough(), { isTTY: true });
    const terminal = fakeTerminal(columns);
    const done = runConsole({
      input,
      output: terminal.stream,
      interactive: true,
      context: () => context,
      historyFile,
    });
    for (const key of keys) {
      const before = terminal.written().length;
      input.write(key);
      // Each line is answered before the next is typed, as a person would wait.
      if (key.endsWith('\r')) await until(() => terminal.written().length > before, 'the answer');
    }
    input.end();
    await done;
    return shownText(terminal.written());
  }

  it('GIVEN a terminal 80 columns wide THEN every answer fits it, but for links, which are never broken', async () => {
    const text = await typeAt([
      '/claim inbox api\r',
      'side claim-inbox-api\r',
      '/timeline\r',
      '/sources\r',
      '/about\r',
      'help\r',
    ]);
    expect(text).toContain('Claims for “inbox api”');
    expect(text).toContain('Sources');
    expect(overWidth(text, 80)).toEqual([]);
  });

  it('GIVEN a terminal 52 columns wide THEN the text is wrapped at 52', async () => {
    const text = await typeAt(['/claim inbox api\r', 'help\r'], 52);
    expect(overWidth(text, 52)).toEqual([]);
    const first = lines(text).indexOf('[1] Claim · TechCrunch, reporting the advertiser');
    expect(first).toBeGreaterThan(0);
    expect(lines(text).slice(first, first + 5)).toEqual([
      '[1] Claim · TechCrunch, reporting the advertiser',
      '    plaintiffs in Klein v. Meta',
      "    Plaintiffs say Facebook's Inbox API gave Netflix",
      "    programmatic access to users' message inboxes",
      '    (DMs)',
    ]);
  });

  it('GIVEN the prompt THEN it is shown before each line', async () => {
    const text = await typeAt(['help\r', '/about\r']);
    expect(text.startsWith('receipts> ')).toBe(true);
    expect(text.split('receipts> ').length).toBeGreaterThanOrEqual(3);
  });

  it('GIVEN Tab after /so THEN it completes /sources', async () => {
    const text = await typeAt(['/so\t', '\r']);
    expect(text).toContain('receipts> /sources');
    expect(lines(text)).toContain('Sources');
  });

  it('GIVEN lines typed in one session THEN the next session has them under ↑, and the file keeps them oldest first', async () => {
    const file = join(tempDir(), 'state', 'receipts', 'history');
    await typeAt(['/sources\r', '/about\r'], 80, file);
    expect(readFileSync(file, 'utf8')).toBe('/sources\n/about\n');
    const again = await typeAt(['\u001b[A\r'], 80, file);
    expect(lines(again).some((line) => line.startsWith('Receipts — Meta, Netflix and the Inbox API'))).toBe(
      true,
    );
  });
});

describe('runConsole with piped input', () => {
  /** Feeds lines to the console and returns everything it wrote. */
  async function converse(input: readonly string[]): Promise<string> {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let written = '';
    stdout.setEncoding('utf8').on('data', (chunk: string) => {
      written += chunk;
    });
    const done = runConsole({ input: stdin, output: stdout, interactive: false, context: () => context });
    for (const line of input) stdin.write(`${line}\n`);
    stdin.end();
    await done;
    return written;
  }

  const footers = (text: string) =>
    lines(text).filter((line) => /^(Showing \d|That was the last page)/.test(line));

  it('GIVEN empty lines THEN nothing at all is written', async () => {
    expect(await converse(['', '   ', '\t'])).toBe('');
  });

  it('GIVEN side without an id THEN it says what it needs, with the first id that has another side', async () => {
    expect(lines(await converse(['side']))).toEqual([
      'side needs the id of a statement, e.g. side claim-special-relationship. Ids are',
      'shown under each quote.',
      '',
    ]);
    const first = pack.statements.find((s) => s.answeredBy.length > 0 || s.respondsTo.length > 0);
    expect(first?.id).toBe('claim-special-relationship');
  });

  it('GIVEN more before any question THEN it says there is nothing to page through', async () => {
    expect(lines(await converse(['more']))).toEqual([
      'Nothing to page through yet: ask something first.',
      '',
    ]);
  });

  it('GIVEN a question that starts with a command word that takes no words THEN it is a question', async () => {
    const text = await converse(['about netflix and facebook messages']);
    expect(lines(text)[0]).toBe('From the sources for “about netflix and facebook messages”');
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
    const numbered = entries(lines(text));
    expect(numbered.map((entry) => Number(/^\[(\d+)\]/.exec(entry.heading)?.[1]))).toEqual(
      claims.map((_, index) => index + 1),
    );
    expect(numbered.map((entry) => entry.title)).toEqual(claims.map((claim) => claim.title));
  });

  it('GIVEN side <claim> and more THEN its responses are paged, then "That was the last page."', async () => {
    const claim = pack.byId.statements.get('claim-inbox-api');
    if (!claim) throw new Error('no claim-inbox-api');
    const others = claim.answeredBy.length + claim.respondsTo.length;
    const pages = Math.ceil(others / 5);
    const text = await converse(['side claim-inbox-api', ...Array.from({ length: pages }, () => 'more')]);
    // Our title is not dressed as a quote; the heading is wrapped to 80 columns.
    expect(lines(text).slice(0, 2)).toEqual([
      "Responses to: Plaintiffs say Facebook's Inbox API gave Netflix programmatic",
      "access to users' message inboxes (DMs)",
    ]);
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
    expect(lines(await converse(['side no-such-statement']))).toEqual([
      'No statement “no-such-statement” with another side. Ids are shown under each',
      'quote.',
      '',
    ]);
  });

  it('GIVEN verbatim <id> THEN the passage word for word behind the bar, what it reports beneath', async () => {
    const statement = pack.byId.statements.get('claim-musk-replies');
    if (!statement) throw new Error('no claim-musk-replies');
    expect(statement.readable).toBe(false);
    const out = lines(await converse(['verbatim claim-musk-replies']));
    expect(out.slice(0, 3)).toEqual([
      "The copy's own words, garbled past reading, word for word",
      '',
      '[1] Context · TechCrunch, reporting Elon Musk',
    ]);
    const bar = out.filter((line) => line.startsWith('    │ '));
    expect(bar.map((line) => line.slice(6)).join(' ')).toBe(statement.quote);
    const after = out.findIndex((line) => line.startsWith('    │ ')) + bar.length;
    expect(out[after]).toMatch(/^ {4}What it reports, in our words: TechCrunch reports/);
  });

  it('GIVEN verbatim without an id, or with one the pack does not hold THEN it says so', async () => {
    expect(lines(await converse(['verbatim', 'verbatim no-such-statement']))).toEqual([
      'verbatim needs the id of a statement, e.g. verbatim claim-musk-replies.',
      '',
      'No statement “no-such-statement”.',
      '',
    ]);
  });

  it('GIVEN a pipe THEN no prompt and no ANSI styling', async () => {
    const piped = await converse(['help', '/claim inbox api']);
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

describe('the console’s pieces', () => {
  it('GIVEN a command with or without its slash, or a plain question THEN what each line asks for', () => {
    const shape = (line: string) => {
      const parsed = parseLine(line);
      return parsed.kind === 'command' ? { command: parsed.command.data.name, words: parsed.words } : parsed;
    };
    expect(shape('/claim inbox api')).toEqual({ command: 'claim', words: 'inbox api' });
    expect(shape('timeline may 2018')).toEqual({ command: 'timeline', words: 'may 2018' });
    expect(shape('  /ASK   Did  Netflix\tread it?  ')).toEqual({
      command: 'ask',
      words: 'Did Netflix read it?',
    });
    expect(shape('/sources')).toEqual({ command: 'sources', words: '' });
    expect(shape('who won the 2022 world cup')).toEqual({
      command: 'ask',
      words: 'who won the 2022 world cup',
    });
    expect(shape('more about netflix')).toEqual({ command: 'ask', words: 'more about netflix' });
    expect(shape('more')).toEqual({ kind: 'more' });
    expect(shape('next')).toEqual({ kind: 'more' });
    expect(shape('side claim-inbox-api')).toEqual({ kind: 'side', id: 'claim-inbox-api' });
    expect(shape('side')).toEqual({ kind: 'side', id: null });
    expect(shape('verbatim claim-musk-replies')).toEqual({ kind: 'verbatim', id: 'claim-musk-replies' });
    expect(shape('verbatim')).toEqual({ kind: 'verbatim', id: null });
    expect(shape('verbatim quotes from musk')).toEqual({
      command: 'ask',
      words: 'verbatim quotes from musk',
    });
    expect(shape('help')).toEqual({ kind: 'help' });
    expect(shape('?')).toEqual({ kind: 'help' });
    expect(shape('/exit')).toEqual({ kind: 'quit' });
    expect(shape('   ')).toEqual({ kind: 'nothing' });
  });

  it('GIVEN Tab THEN commands where a line starts, statement ids after side and verbatim', () => {
    expect(complete('/cl', context)).toEqual([['/claim '], '/cl']);
    expect(complete('s', context)).toEqual([['sources ', 'side '], 's']);
    const [ids, typed] = complete('side claim-in', context);
    expect(typed).toBe('claim-in');
    expect(ids).toContain('claim-inbox-api');
    expect(ids.every((id) => id.startsWith('claim-in'))).toBe(true);
    expect(complete('/claim inbox', context)).toEqual([[], '/claim inbox']);
    expect(complete('ve', context)).toEqual([['verbatim '], 've']);
    expect(complete('verbatim claim-musk-r', context)).toEqual([['claim-musk-replies'], 'claim-musk-r']);
  });

  it('GIVEN XDG_STATE_HOME, or only HOME THEN the history file is under it', () => {
    expect(historyPath({ XDG_STATE_HOME: '/state', HOME: '/home/me' })).toBe('/state/receipts/history');
    expect(historyPath({ HOME: '/home/me' })).toBe('/home/me/.local/state/receipts/history');
  });

  it('GIVEN any width THEN the banner and help fit it', () => {
    for (const width of [40, 80, 120]) {
      for (const text of [consoleBanner(context, { tokenSet: false, width }), helpText(width)]) {
        expect(overWidth(text, width)).toEqual([]);
      }
    }
  });
});
