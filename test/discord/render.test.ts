/**
 * The renderer keeps Discord's limits and the promises: quotes verbatim, mentions disabled,
 * our words never dressed as quotes, user text never live markdown.
 */
import type { APIEmbed, APIInteractionResponseCallbackData } from 'discord-api-types/v10';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AnswerContext, answerAbout, answerSearch, answerSources } from '../../src/answers/answer.js';
import { openContext } from '../../src/answers/context.js';
import type { Answer, QuoteHit, ResultsAnswer } from '../../src/answers/types.js';
import { decodeAction, encodeAction, resultIds } from '../../src/discord/custom-id.js';
import { embedLength, renderMessage } from '../../src/discord/render.js';
import type { Statement } from '../../src/knowledge/types.js';
import { defaultPackDir } from '../../src/paths.js';

let context: AnswerContext;

beforeAll(async () => {
  const opened = await openContext(defaultPackDir);
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  context = opened.context;
});

type Button = { type: number; custom_id?: string; label?: string; url?: string };

function buttonsOf(data: APIInteractionResponseCallbackData): Button[] {
  return (data.components ?? []).flatMap((row) => ('components' in row ? (row.components as Button[]) : []));
}

/** Every documented limit a message must keep (LIMITS.md). */
function expectWithinLimits(data: APIInteractionResponseCallbackData): void {
  expect(data.allowed_mentions).toEqual({ parse: [] });
  expect((data.content ?? '').length).toBeLessThanOrEqual(2000);
  const embeds: APIEmbed[] = data.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(10);
  for (const embed of embeds) {
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(256);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(4096);
    expect(embed.author?.name.length ?? 0).toBeLessThanOrEqual(256);
    expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(2048);
    expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(25);
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeGreaterThan(0);
      expect(field.name.length).toBeLessThanOrEqual(256);
      expect(field.value.length).toBeGreaterThan(0);
      expect(field.value.length).toBeLessThanOrEqual(1024);
    }
  }
  expect(embeds.reduce((sum, embed) => sum + embedLength(embed), 0)).toBeLessThanOrEqual(6000);
  const rows = data.components ?? [];
  expect(rows.length).toBeLessThanOrEqual(5);
  for (const row of rows) expect('components' in row ? row.components.length : 0).toBeLessThanOrEqual(5);
  const ids = buttonsOf(data).flatMap((button) => (button.custom_id === undefined ? [] : [button.custom_id]));
  for (const id of ids) {
    expect(id.length).toBeGreaterThan(0);
    expect(id.length).toBeLessThanOrEqual(100);
  }
  expect(new Set(ids).size).toBe(ids.length);
  for (const button of buttonsOf(data)) expect(button.label?.length ?? 0).toBeLessThanOrEqual(80);
}

/** A quote block's text as a reader sees it: no "> ", no bold, no escaping backslashes. */
function readQuote(description: string): string {
  return description
    .split('\n\n')[0]
    ?.split('\n')
    .filter((line) => line.startsWith('> '))
    .map((line) => line.slice(2))
    .join('\n')
    .replace(/\*\*/g, '')
    .replace(/\\(.)/g, '$1') as string;
}

describe('GIVEN every answer the pack can give on a first page', () => {
  it('THEN each message keeps every limit and disables mentions', () => {
    const answers: Answer[] = [answerSources(context), answerAbout(context)];
    for (const mode of ['claim', 'denial', 'timeline'] as const) {
      answers.push(answerSearch(context, { mode, query: '', pageSize: 3 }));
    }
    for (const query of [
      'inbox api',
      'titan',
      '2018',
      'may 2018',
      'zuckerberg',
      'shockingly untrue',
      'encryption',
    ]) {
      for (const mode of ['claim', 'denial', 'timeline', 'ask'] as const)
        answers.push(answerSearch(context, { mode, query, pageSize: 3 }));
    }
    for (const answer of answers) {
      for (const ephemeral of [true, false]) {
        const data = renderMessage(answer, context.pack, {
          ephemeral,
          ref: { by: 'query', mode: answer.kind === 'results' ? answer.mode : 'ask', query: 'x', page: 0 },
        });
        expectWithinLimits(data);
        expect(data.flags ?? 0).toBe(ephemeral ? 64 : 0);
      }
    }
  });

  it('THEN every quote shown reads exactly as a passage of its source', () => {
    const answer = answerSearch(context, { mode: 'claim', query: '', pageSize: 100 });
    if (answer.kind !== 'results') throw new Error('no claims');
    const data = renderMessage({ ...answer, pageSize: 3 }, context.pack);
    for (const [index, embed] of (data.embeds ?? []).entries()) {
      const hit = answer.hits[index] as QuoteHit;
      expect(readQuote(embed.description ?? '')).toBe(hit.statement.quote);
      expect(hit.statement.source.text).toContain(hit.statement.quote);
    }
  });
});

describe('GIVEN a quote longer than an embed can hold', () => {
  it('THEN it is cut at a word, the ellipsis stands outside the quote, and a link leads to the whole source', () => {
    const statement = context.pack.statements.find((s) => s.id === 'claim-inbox-api') as Statement;
    const text = statement.source.text as string;
    const long: Statement = { ...statement, quote: text, offset: 0 };
    const answer: ResultsAnswer = {
      kind: 'results',
      mode: 'claim',
      query: 'everything',
      hits: [long, long, long].map((s) => ({ type: 'statement', statement: s, marks: [] })),
      page: 0,
      pageSize: 3,
      notes: [],
    };
    const data = renderMessage(answer, context.pack);
    expectWithinLimits(data);
    const description = data.embeds?.[0]?.description ?? '';
    const shown = readQuote(description);
    expect(shown.length).toBeGreaterThan(200);
    expect(shown.length).toBeLessThan(text.length);
    expect(text.startsWith(shown)).toBe(true);
    // Cut at a word: what follows in the source starts with white space or punctuation.
    expect(text.slice(shown.length)).toMatch(/^[\s.,;:!?”"')]/);
    const lines = description.split('\n');
    const after = lines.findIndex((line) => line.startsWith('… the quote continues'));
    expect(after).toBeGreaterThan(0);
    expect(lines[after]).toContain('[read the whole source](<https://techcrunch.com/');
    expect(lines.slice(0, after).every((line) => line.startsWith('> '))).toBe(true);
  });
});

describe('GIVEN a record and a note too long for the room on a page', () => {
  it('THEN the quote keeps its share, the record still stands beneath it, and no quotation mark of ours is left open', () => {
    const statement = context.pack.statements.find((s) => s.id === 'claim-watch-cut-spending') as Statement;
    const long: Statement = {
      ...statement,
      record: Array.from({ length: 12 }, () => statement.record).join(' '),
      note: Array.from({ length: 12 }, () => 'A note of ours that runs on, quoting “Meta refuted”.').join(
        ' ',
      ),
    };
    const answer: ResultsAnswer = {
      kind: 'results',
      mode: 'check',
      query: 'everything',
      hits: Array.from({ length: 5 }, () => ({ type: 'statement', statement: long, marks: [] })),
      page: 0,
      pageSize: 5,
      notes: [],
    };
    const data = renderMessage(answer, context.pack);
    expectWithinLimits(data);
    for (const embed of data.embeds ?? []) {
      const lines = (embed.description ?? '').split('\n');
      expect(readQuote(embed.description ?? '')).toBe(statement.quote);
      const after = lines.findIndex((line) => !line.startsWith('> '));
      expect(lines[after]).toMatch(/^\*The record, in our words:\* /);
      for (const line of lines.filter((l) => !l.startsWith('> '))) {
        expect(line.split('“').length, line).toBe(line.split('”').length);
      }
    }
  });
});

describe('GIVEN what a member types echoed back', () => {
  it('THEN markdown, mentions and links in the query show as typed and do nothing', () => {
    const query = '**bold** __u__ # head <@123> <@&456> @everyone [x](https://evil.example) `code` > quote';
    const found = answerSearch(context, { mode: 'claim', query: 'inbox api', pageSize: 3 });
    if (found.kind !== 'results') throw new Error('no results');
    const data = renderMessage({ ...found, query }, context.pack, {
      ref: { by: 'query', mode: 'claim', query, page: 0 },
    });
    const content = data.content ?? '';
    expect(data.allowed_mentions).toEqual({ parse: [] });
    expect(content).not.toMatch(/(^|[^\\])\*\*bold/);
    expect(content).toContain('\\*\\*bold\\*\\*');
    expect(content).toContain('\\<@123>');
    expect(content).toContain('\\<@&456>');
    expect(content).not.toMatch(/(^|[^\\])\[x\]\(/);
    expect(content).toContain('https\\://evil.example');
  });
});

describe('GIVEN button ids', () => {
  it('THEN a query too long for a custom_id travels as its results and pages back to the same statements and events', () => {
    const query =
      'did netflix read facebook private messages through the inbox api and what did meta say about it';
    const answer = answerSearch(context, { mode: 'ask', query, pageSize: 3 });
    if (answer.kind !== 'results') throw new Error('no results');
    // An /ask ranks timeline events with the statements; both travel.
    expect(answer.hits.some((hit) => hit.type === 'event')).toBe(true);
    const ids = resultIds('ask', answer.hits);
    const encoded = encodeAction(
      { action: 'page', ref: { by: 'query', mode: 'ask', query, page: 1 } },
      context.pack,
      ids,
    );
    expect(encoded).not.toBeNull();
    expect((encoded as string).length).toBeLessThanOrEqual(100);
    const decoded = decodeAction(encoded as string, context.pack);
    expect(decoded).toMatchObject({ action: 'page', ref: { by: 'results', mode: 'ask', page: 1 } });
    if (decoded && decoded !== 'stale' && decoded.action === 'page' && decoded.ref.by === 'results') {
      expect(decoded.ref.ids).toEqual(ids.slice(0, decoded.ref.ids.length));
      expect(decoded.ref.ids.length).toBeGreaterThanOrEqual(6);
      const travelled = answer.hits.slice(0, decoded.ref.ids.length);
      expect(travelled.some((hit) => hit.type === 'event')).toBe(true);
    }
  });

  it('THEN a short query round-trips as itself, and malformed or foreign ids are refused', () => {
    const ref = { by: 'query', mode: 'claim', query: 'inbox api', page: 2 } as const;
    const encoded = encodeAction({ action: 'share', ref }, context.pack) as string;
    expect(decodeAction(encoded, context.pack)).toEqual({ action: 'share', ref });
    for (const bad of ['', 'x'.repeat(101), 'pg:', 'pg:zz:1', 'side:0:NOT VALID', 'sh:q', 'nope']) {
      expect(decodeAction(bad, context.pack)).toBeNull();
    }
    expect(decodeAction('pg:rc0:ZZZZ:1.2', context.pack)).toBe('stale');
  });
});
