/**
 * The one-shot contract: `node dist/src/cli/ask.js <mode> <query> [--json [--batch]]`, as other
 * tools and people call it. Quotes must be the sources' characters; out-of-scope questions get
 * an honest empty answer; errors in use exit 2 with the usage; a request that cannot be
 * answered as asked exits 1 with one line saying why.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AnswerContext } from '../../src/answers/answer.js';
import { createContext } from '../../src/answers/context.js';
import { answerJson } from '../../src/cli/json.js';
import { answerMode } from '../../src/cli/modes.js';
import type { Statement } from '../../src/knowledge/types.js';
import { Search } from '../../src/search/engine.js';
import { evalQuestions } from '../support/eval-questions.js';
import { loadShipped, sourceText } from '../support/pack.js';
import { copyProject, type ProjectCopy } from '../support/project.js';
import { cleanEnv, lines, run, runNode } from '../support/run.js';

const ASK = 'dist/src/cli/ask.js';

interface JsonSource {
  id: string;
  title: string;
  publisher: string;
  date: string;
  url: string | null;
}

interface JsonResult {
  id: string;
  stance: string;
  quote: string | null;
  summary: string | null;
  speaker: string | null;
  words_by: string | null;
  differs_from_original: boolean;
  record: string | null;
  source: JsonSource | null;
  date: string;
  note: string | null;
}

interface JsonAnswer {
  mode: string;
  query: string;
  total: number;
  results: JsonResult[];
  error?: string;
}

/** Parses output that must be exactly one JSON object per line. */
/** A statement of the shipped pack. */
async function shippedStatement(id: string): Promise<Statement> {
  const shipped = await loadShipped();
  const statement = shipped.byId.statements.get(id);
  if (!statement) throw new Error(`no ${id}`);
  return statement;
}

function objects(stdout: string): JsonAnswer[] {
  return lines(stdout).map((line) => JSON.parse(line) as JsonAnswer);
}

const projects: ProjectCopy[] = [];
afterEach(() => {
  for (const project of projects.splice(0)) project.remove();
});

describe('ask --json', () => {
  it('GIVEN claim inbox api THEN one object, the Inbox API quote first, its words by TechCrunch, its position the plaintiffs', async () => {
    const result = await runNode(ASK, ['claim', 'inbox', 'api', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const answers = objects(result.stdout);
    expect(answers).toHaveLength(1);
    const [answer] = answers;
    if (!answer) throw new Error('no answer');
    expect(Object.keys(answer).sort()).toEqual(['mode', 'query', 'results', 'total']);
    expect(answer).toMatchObject({ mode: 'claim', query: 'inbox api' });
    expect(answer.total).toBe(answer.results.length);
    const [first] = answer.results;
    expect(first).toBeDefined();
    if (!first) return;
    expect(Object.keys(first).sort()).toEqual([
      'date',
      'differs_from_original',
      'id',
      'note',
      'quote',
      'record',
      'source',
      'speaker',
      'stance',
      'summary',
      'words_by',
    ]);
    expect(first.id).toBe('claim-inbox-api');
    expect(first.stance).toBe('claim');
    expect(first.quote).toContain('Inbox API');
    expect(first.summary).toBeNull();
    expect(first.speaker).toMatch(/^the advertiser plaintiffs in Klein v\. Meta/);
    expect(first.words_by).toBe('TechCrunch');
    expect(first.differs_from_original).toBe(false);
    expect(first.date).toBe('2023-04-14');
    expect(first.source).toEqual({
      id: 'techcrunch-2024-04-02',
      title: expect.stringContaining('Meta (again) denies'),
      publisher: 'TechCrunch',
      date: '2024-04-02',
      url: expect.stringMatching(/^https:\/\/techcrunch\.com\//),
    });
    for (const hit of answer.results) {
      expect(hit.stance).toBe('claim');
      expect(hit.source, hit.id).not.toBeNull();
      expect(sourceText(hit.source?.id ?? ''), hit.id).toContain(hit.quote);
    }
  });

  describe.concurrent('out of scope', () => {
    for (const [topic, words] of [
      ['weather', ['what', 'will', 'the', 'weather', 'be', 'in', 'paris', 'tomorrow']],
      ['recipes', ['a', 'recipe', 'for', 'banana', 'bread']],
      ['sports', ['who', 'won', 'the', 'world', 'cup']],
    ] as const) {
      it(`GIVEN a question about ${topic} THEN no results, total 0, exit 0`, async () => {
        const result = await runNode(ASK, ['ask', ...words, '--json']);
        expect(objects(result.stdout)).toEqual([
          { mode: 'ask', query: words.join(' '), total: 0, results: [] },
        ]);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
      });
    }
  });

  it('GIVEN --batch THEN one line out per line in, in order, from one process; each bad line gets its error', async () => {
    const input = [
      JSON.stringify({ mode: 'claim', query: 'inbox api' }),
      '{"mode": "claim", "query": ',
      JSON.stringify({ mode: 'ask', query: 'a recipe for banana bread' }),
      '',
      JSON.stringify({ mode: 'horoscope', query: 'leo' }),
      'null',
      JSON.stringify({ mode: 'claim', query: 42 }),
      JSON.stringify({ mode: 'side', query: 'claim-inbox-api' }),
      JSON.stringify({ mode: 'timeline', query: '2018' }),
    ].join('\n');
    const result = await runNode(ASK, ['--json', '--batch'], { input: `${input}\n` });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    expect(out).toHaveLength(9);
    expect(out[1]).toBe('{"mode":"","query":"","total":0,"results":[],"error":"not valid JSON"}');
    expect(out[2]).toBe('{"mode":"ask","query":"a recipe for banana bread","total":0,"results":[]}');
    expect(out[3]).toBe('{"mode":"","query":"","total":0,"results":[],"error":"empty line"}');
    expect(out[4]).toBe(
      '{"mode":"horoscope","query":"leo","total":0,"results":[],"error":"\\"mode\\" must be one of claim, denial, timeline, ask, sources, about, side, verbatim"}',
    );
    expect(out[5]).toBe(
      '{"mode":"","query":"","total":0,"results":[],"error":"each line must be a JSON object"}',
    );
    expect(out[6]).toBe(
      '{"mode":"claim","query":"","total":0,"results":[],"error":"\\"query\\" must be a string"}',
    );
    const answers = objects(result.stdout);
    expect(answers[0]?.results[0]?.id).toBe('claim-inbox-api');
    expect(answers[0]?.error).toBeUndefined();
    expect(answers[7]?.results.map((hit) => hit.id)).toContain('stone-post-untrue');
    expect(answers[8]?.total).toBeGreaterThan(0);
  });

  it('GIVEN every eval question as each search mode THEN the built program answers as the sources do in process, byte for byte, checking the pack or reading it back', async () => {
    const shipped = await loadShipped();
    const fresh = createContext(shipped);
    const restored = { pack: shipped, search: new Search(shipped, fresh.search.state()) };
    const requests = ['claim', 'denial', 'timeline', 'ask'].flatMap((mode) =>
      evalQuestions().map((query) => ({ mode, query })),
    );
    const inProcess = (context: AnswerContext) =>
      requests.map(({ mode, query }) =>
        JSON.stringify(answerJson(mode, query, answerMode(context, mode, query, 0, Number.MAX_SAFE_INTEGER))),
      );
    const expected = inProcess(fresh);
    expect(inProcess(restored)).toEqual(expected);
    expect(expected.filter((line) => !line.includes('"total":0,')).length).toBeGreaterThan(
      requests.length / 2,
    );
    const input = `${requests.map((request) => JSON.stringify(request)).join('\n')}\n`;
    // The first run may check the pack and keep it; the second reads it back.
    for (let round = 0; round < 2; round++) {
      const result = await runNode(ASK, ['--json', '--batch'], { input });
      expect(result.stderr).toBe('');
      expect(lines(result.stdout)).toEqual(expected);
    }
  }, 60_000);

  it('GIVEN sources and about THEN their content: every document, and the pack with its commands', async () => {
    const sources = await runNode(ASK, ['sources', '--json']);
    const about = await runNode(ASK, ['about', '--json']);
    const shipped = await loadShipped();
    const listed = JSON.parse(sources.stdout) as {
      total: number;
      results: { id: string; quoted: boolean }[];
    };
    expect(listed.total).toBe(shipped.documents.length);
    expect(listed.results.map((document) => document.id).sort()).toEqual(
      shipped.documents.map((document) => document.id).sort(),
    );
    expect(listed.results.find((document) => document.id === 'techcrunch-2024-04-02')).toEqual({
      id: 'techcrunch-2024-04-02',
      title: "Meta (again) denies that Netflix read users' private Facebook messages",
      publisher: 'TechCrunch',
      date: '2024-04-02',
      url: 'https://techcrunch.com/2024/04/02/meta-again-denies-that-netflix-read-users-private-facebook-messages/',
      author: null,
      quoted: true,
    });
    expect(JSON.parse(about.stdout)).toMatchObject({
      mode: 'about',
      query: '',
      pack: { id: 'meta-netflix-inbox-api', version: shipped.meta.version, as_of: '2024-04-02' },
      counts: { statements: shipped.statements.length, documents: shipped.documents.length },
    });
    expect(
      (JSON.parse(about.stdout) as { commands: { command: string }[] }).commands.map((c) => c.command),
    ).toEqual(['/claim', '/denial', '/timeline', '/ask', '/sources', '/about']);
  });

  it('GIVEN timeline queries THEN events carry our summary and a quote that is null or verbatim, oldest first', async () => {
    const input = [
      JSON.stringify({ mode: 'timeline', query: '' }),
      JSON.stringify({ mode: 'timeline', query: '2018' }),
    ].join('\n');
    const result = await runNode(ASK, ['--json', '--batch'], { input: `${input}\n` });
    expect(result.code).toBe(0);
    const [all, year] = objects(result.stdout);
    if (!all || !year) throw new Error('expected two answers');
    for (const event of [...all.results, ...year.results]) {
      expect(event.stance).toBe('event');
      expect(typeof event.summary === 'string' && event.summary.trim().length > 0, event.id).toBe(true);
      if (event.quote !== null) {
        expect(event.source, event.id).not.toBeNull();
        expect(sourceText(event.source?.id ?? ''), event.id).toContain(event.quote);
      }
    }
    // Both kinds occur, so both branches above were exercised.
    expect(all.results.some((event) => event.quote === null)).toBe(true);
    expect(all.results.some((event) => event.quote !== null)).toBe(true);
    const dates = all.results.map((event) => event.date);
    expect(dates).toEqual([...dates].sort());
    expect(year.results.length).toBeGreaterThan(0);
    expect(year.results.every((event) => event.date.startsWith('2018'))).toBe(true);
    expect(year.results.map((event) => event.date)).toEqual(dates.filter((date) => date.startsWith('2018')));
  });
});

describe('ask as text', () => {
  it('GIVEN claim inbox api without --json THEN the quote, its speaker, its source and the link are shown', async () => {
    const shipped = await loadShipped();
    const statement = shipped.byId.statements.get('claim-inbox-api');
    if (!statement) throw new Error('no claim-inbox-api');

    const result = await runNode(ASK, ['claim', 'inbox', 'api']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // Not a terminal here, so no ANSI styling.
    expect(result.stdout).not.toContain('\u001b[');
    const out = lines(result.stdout);
    expect(out[0]).toBe('Claims for “inbox api”');
    const start = out.indexOf('[1] Claim · TechCrunch, reporting the advertiser plaintiffs in Klein v. Meta');
    expect(start).toBeGreaterThan(0);
    const bar = out.findIndex((line, index) => index > start && line.startsWith('    │ '));
    // Whose words on the numbered line, then the title, wrapped to the 80 columns of a pipe.
    expect(
      out
        .slice(start + 1, bar)
        .map((line) => line.replace(/^ {4}/, ''))
        .join(' '),
    ).toBe(statement.title);
    const next = out.findIndex((line, index) => index > start && /^\[\d+\] /.test(line));
    const entry = out.slice(start, next < 0 ? undefined : next);
    const quoted = entry
      .filter((line) => line.startsWith('    │ '))
      .map((line) => line.slice('    │ '.length))
      .join(' ');
    expect(quoted).toBe(statement.quote.replace(/\s+/g, ' '));
    const who = entry.find((line) => line.startsWith('    Said by '));
    expect(who).toMatch(/^ {4}Said by the advertiser plaintiffs in Klein v\. Meta/);
    expect(entry.join('\n')).toContain('TechCrunch, 2 April 2024');
    expect(entry.map((line) => line.trim())).toContain(statement.source.url);
  });
});

const USAGE = [
  'usage: npm run --silent ask -- <mode> [words…] [options]',
  'modes: claim, denial, timeline, ask, sources, about, side <statement id>, verbatim <statement id>',
  '  --json            one JSON object: {"mode","query","total","results":[…]}',
  '  --json --batch    {"mode","query"} lines in, one JSON object out for each line',
  '  --format discord  the interaction callback body the bot would send',
  '  --page N          page N of a text answer (5 results a page)',
  '  --help            this text',
];

describe('ask as text, beyond one page', () => {
  it('GIVEN side <id> THEN the other side of that statement', async () => {
    const result = await runNode(ASK, ['side', 'claim-inbox-api']);
    expect(result.code).toBe(0);
    expect(lines(result.stdout).slice(0, 2)).toEqual([
      "Responses to: Plaintiffs say Facebook's Inbox API gave Netflix programmatic",
      "access to users' message inboxes (DMs)",
    ]);
    expect(lines(result.stdout)).toContain('Showing 1–5 of 8. For more: --page 2.');
  });

  it('GIVEN a question the sources do not cover THEN the suggestions are written as ask commands', async () => {
    const result = await runNode(ASK, ['ask', 'who', 'won', 'the', '2022', 'world', 'cup']);
    expect(lines(result.stdout)).toEqual([
      'The sources do not cover that.',
      'Receipts only answers from its sources, so it will not guess. Try one of these:',
      '  npm run --silent ask -- claim inbox api',
      '  npm run --silent ask -- claim facebook watch $750 million',
      '  npm run --silent ask -- denial shockingly untrue',
      '  npm run --silent ask -- timeline 2018',
      '  npm run --silent ask -- ask did netflix read facebook messages',
      '  npm run --silent ask -- ask was messenger end-to-end encrypted',
    ]);
    expect(result.code).toBe(0);
  });

  it('GIVEN a quote with another side THEN its hint is written as an ask command', async () => {
    const result = await runNode(ASK, ['claim', 'inbox', 'api']);
    expect(lines(result.stdout)).toContain(
      '    Other side (answered by 8): npm run --silent ask -- side claim-inbox-api',
    );
  });

  it('GIVEN a passage garbled past reading THEN our account of it stands in its place, and the way to its words is an ask command', async () => {
    const statement = await shippedStatement('claim-musk-replies');
    expect(statement.readable).toBe(false);
    const result = await runNode(ASK, ['ask', 'musk', 'replies']);
    const out = lines(result.stdout);
    const first = out.indexOf('[1] Context · TechCrunch, reporting Elon Musk');
    expect(first).toBeGreaterThan(0);
    const next = out.findIndex((line, index) => index > first && /^\[\d+\] /.test(line));
    const entry = out.slice(first, next);
    expect(entry.some((line) => line.startsWith('    │ '))).toBe(false);
    expect(entry[2]).toBe("    What it reports, in our words: TechCrunch reports that Elon Musk's replies");
    expect(entry.slice(5, 7)).toEqual([
      "    The copy's own words, garbled past reading: type “npm run --silent ask --",
      '    verbatim claim-musk-replies” to see them.',
    ]);
  });

  it('GIVEN verbatim <id> THEN the passage word for word behind the bar, with what it reports beneath', async () => {
    const statement = await shippedStatement('claim-musk-replies');
    const result = await runNode(ASK, ['verbatim', 'claim-musk-replies']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    expect(out.slice(0, 3)).toEqual([
      "The copy's own words, garbled past reading, word for word",
      '',
      '[1] Context · TechCrunch, reporting Elon Musk',
    ]);
    const bar = out.filter((line) => line.startsWith('    │ '));
    expect(bar.map((line) => line.slice('    │ '.length)).join(' ')).toBe(statement.quote);
    const after = out.findIndex((line) => line.startsWith('    │ ')) + bar.length;
    expect(out[after]).toMatch(/^ {4}What it reports, in our words: TechCrunch reports/);
  });
});

describe('ask misused', () => {
  it('GIVEN an unknown mode THEN exit 2 with the usage on stderr and nothing on stdout', async () => {
    const result = await runNode(ASK, ['weather', 'today', '--json']);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toEqual(['unknown mode "weather"', ...USAGE]);
    expect(result.code).toBe(2);
  });

  it('GIVEN --page past the last page THEN exit 1 with one line saying so', async () => {
    const result = await runNode(ASK, ['claim', 'inbox', 'api', '--page', '99']);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toEqual(['page 99 is past the end: the answer has 1 page']);
    expect(result.code).toBe(1);
  });

  it('GIVEN side with an id that has no other side THEN exit 1 with one line saying so', async () => {
    const result = await runNode(ASK, ['side', 'no-such-statement']);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toEqual([
      'No statement “no-such-statement” with another side. Ids are shown under each quote.',
    ]);
    expect(result.code).toBe(1);
  });

  it('GIVEN verbatim with an id the pack does not hold THEN exit 1 with one line saying so', async () => {
    const result = await runNode(ASK, ['verbatim', 'no-such-statement']);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toEqual([
      'No statement “no-such-statement”. Ids are shown in --json output.',
    ]);
    expect(result.code).toBe(1);
  });
});

describe('npm run ask', () => {
  it('GIVEN npm run --silent ask -- --help THEN the usage on stdout, exit 0', async () => {
    const project = copyProject();
    projects.push(project);
    const result = await run('npm', ['run', '--silent', 'ask', '--', '--help'], {
      cwd: project.dir,
      env: cleanEnv(),
    });
    expect(lines(result.stdout)).toEqual(USAGE);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('GIVEN npm run --silent ask -- claim inbox api --json THEN the npm script prints the same one object', async () => {
    const project = copyProject();
    projects.push(project);
    const result = await run('npm', ['run', '--silent', 'ask', '--', 'claim', 'inbox', 'api', '--json'], {
      cwd: project.dir,
      env: cleanEnv(),
    });
    expect(result.code).toBe(0);
    const answers = objects(result.stdout);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.results[0]?.id).toBe('claim-inbox-api');
    expect(answers[0]?.results[0]?.source?.publisher).toBe('TechCrunch');
  });
});
