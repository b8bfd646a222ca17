/**
 * The one-shot contract: `node dist/src/cli/ask.js <mode> <query> [--json [--batch]]`, as other
 * tools and people call it. Quotes must be the sources' characters; out-of-scope questions get
 * an honest empty answer; errors in use exit 2 with the usage.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadPack } from '../../src/knowledge/load.js';
import { shippedPack, sourceText } from '../support/pack.js';
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

  it('GIVEN --batch THEN one object per request line, in order, from one process; a malformed line gets an error', async () => {
    const input = [
      JSON.stringify({ mode: 'claim', query: 'inbox api' }),
      '{"mode": "claim", "query": ',
      JSON.stringify({ mode: 'ask', query: 'a recipe for banana bread' }),
      '',
      JSON.stringify({ mode: 'horoscope', query: 'leo' }),
      'null',
      JSON.stringify({ mode: 'timeline', query: '2018' }),
    ].join('\n');
    const result = await runNode(ASK, ['--json', '--batch'], { input: `${input}\n` });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const answers = objects(result.stdout);
    expect(answers.map(({ mode, query }) => [mode, query])).toEqual([
      ['claim', 'inbox api'],
      ['', ''],
      ['ask', 'a recipe for banana bread'],
      ['horoscope', 'leo'],
      ['', ''],
      ['timeline', '2018'],
    ]);
    const [claim, malformed, empty, unknownMode, notObject, timeline] = answers;
    expect(claim?.results[0]?.id).toBe('claim-inbox-api');
    expect(claim?.error).toBeUndefined();
    expect(malformed).toEqual({ mode: '', query: '', total: 0, results: [], error: 'not valid JSON' });
    expect(empty).toEqual({ mode: 'ask', query: 'a recipe for banana bread', total: 0, results: [] });
    expect(unknownMode).toMatchObject({
      total: 0,
      results: [],
      error: expect.stringContaining('"mode" must be'),
    });
    expect(notObject).toMatchObject({ total: 0, results: [], error: expect.any(String) });
    expect(timeline?.total).toBeGreaterThan(0);
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
    const loaded = await loadPack(shippedPack);
    if (!loaded.ok) throw new Error('the shipped pack does not load');
    const statement = loaded.pack.byId.statements.get('claim-inbox-api');
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
    expect(out[start + 1]?.trim()).toBe(statement.title.slice(0, out[start + 1]?.trim().length));
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

describe('ask misused', () => {
  it('GIVEN an unknown mode THEN exit 2 with the usage on stderr and nothing on stdout', async () => {
    const result = await runNode(ASK, ['weather', 'today', '--json']);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toEqual([
      'unknown mode "weather"',
      expect.stringMatching(
        /^usage: npm run --silent ask -- <claim\|denial\|timeline\|ask\|sources\|about\|verbatim> /,
      ),
    ]);
    expect(result.code).toBe(2);
  });
});

describe('npm run ask', () => {
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
