/**
 * Whose words, on every surface: the whole shipped pack is walked through the Discord router
 * (every page, paging with the Next button), the console and `ask` text (every page) and
 * `ask --json`, in every mode and on the other side of every statement. Beside each quote the
 * first name shown is whoever wrote those exact words; JSON `words_by` names them; a quote whose
 * wording differs from the original has the record directly beneath it; a passage garbled past
 * reading is never shown as a quote.
 */
import type { APIEmbed } from 'discord-api-types/v10';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnswerContext } from '../../src/answers/answer.js';
import { openContext } from '../../src/answers/context.js';
import type { Hit } from '../../src/answers/types.js';
import type { JsonResult } from '../../src/cli/json.js';
import type { Statement, TimelineEvent } from '../../src/knowledge/types.js';
import { callbackProblems } from '../support/discord-checks.js';
import { shippedPack } from '../support/pack.js';
import { describeAsk, everyAsk, readMarkdown, type Walked, walk } from '../support/surfaces.js';

/**
 * Who wrote the words each source holds, as the record has it: the garbled copy of TechCrunch's
 * article holds TechCrunch's words (its renderings of Stone and of Facebook's 2018 post
 * included); Stone's post holds his. Written out here, not taken from the code under test.
 */
const WORDS_IN: Readonly<Record<string, string>> = {
  'techcrunch-2024-04-02': 'TechCrunch',
  'andy-stone-x-2024-04-02': 'Andy Stone',
};

const STANCE = { claim: 'Claim', denial: 'Response', context: 'Context' } as const;

let context: AnswerContext;
let walked: Walked[];

function wordsBy(statement: Statement): string {
  const name = WORDS_IN[statement.source.id];
  if (name === undefined) throw new Error(`test setup: who wrote the words of ${statement.source.id}?`);
  return name;
}

beforeAll(async () => {
  const opened = await openContext(shippedPack);
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  context = opened.context;
  walked = [];
  for (const ask of everyAsk(context)) walked.push(await walk(context, ask));
});

function statementsOf(hit: Hit): readonly Statement[] {
  return hit.type === 'statement' ? [hit.statement] : hit.event.statements;
}

describe('GIVEN the whole pack, in every mode and on every page', () => {
  it('THEN every statement and every event is shown on each surface', () => {
    const seen = { discord: new Set<string>(), terminal: new Set<string>(), json: new Set<string>() };
    for (const { discord, terminal, json } of walked) {
      for (const page of discord) for (const hit of page.hits) seen.discord.add(idOf(hit));
      for (const page of terminal) for (const hit of page.hits) seen.terminal.add(idOf(hit));
      for (const result of json.results) seen.json.add(result.id);
    }
    const every = [
      ...context.pack.statements.map((s) => s.id),
      ...context.pack.timeline.map((e) => e.id),
    ].sort();
    expect([...seen.discord].sort()).toEqual(every);
    expect([...seen.terminal].sort()).toEqual(every);
    expect([...seen.json].sort()).toEqual(every);
  });

  it('THEN in Discord the author line of every quote names whoever wrote its words first, and the record sits beneath it', () => {
    let checked = 0;
    for (const { ask, discord } of walked) {
      for (const page of discord) {
        const embeds = page.shown.embeds ?? [];
        expect(embeds.length, `${describeAsk(ask)} page ${page.page + 1}`).toBe(page.hits.length);
        page.hits.forEach((hit, index) => {
          const embed = embeds[index] as APIEmbed;
          const where = `${describeAsk(ask)} page ${page.page + 1}, ${idOf(hit)}`;
          if (hit.type === 'statement') {
            const { statement } = hit;
            expect(embed.author?.name, where).toMatch(
              new RegExp(`^${STANCE[statement.stance]} · ${escapeRegExp(wordsBy(statement))}(,|$)`),
            );
            expectQuoteAndRecord(statement, embed.description ?? '', where);
            checked++;
          } else {
            checked += expectEventQuotes(hit.event, embed.description ?? '', where);
          }
        });
      }
    }
    expect(checked).toBeGreaterThan(context.pack.statements.length);
  });

  it('THEN in the console and ask text the heading of every quote names whoever wrote its words first, and the record sits beneath it', () => {
    for (const { ask, terminal } of walked) {
      for (const page of terminal) {
        const blocks = entries(page.shown);
        expect(blocks.length, describeAsk(ask)).toBe(page.hits.length);
        page.hits.forEach((hit, index) => {
          const block = blocks[index] as string[];
          const where = `${describeAsk(ask)} page ${page.page + 1}, ${idOf(hit)}`;
          const statements = statementsOf(hit);
          if (hit.type === 'statement') {
            const { statement } = hit;
            expect(block[0], where).toMatch(
              new RegExp(
                `^\\[\\d+\\] ${STANCE[statement.stance]} · ${escapeRegExp(wordsBy(statement))}(,|$)`,
              ),
            );
          }
          // Each quote (or what stands in its place) is introduced by whose words it is.
          const leads = leadLines(block, hit.type === 'event');
          expect(leads.length, where).toBe(statements.length);
          statements.forEach((statement, at) => {
            const lead = leads[at] as { line: string; after: string[] };
            if (hit.type === 'event')
              expect(lead.line, `${where}: ${statement.id}`).toMatch(
                new RegExp(`^ {4}${escapeRegExp(wordsBy(statement))}(,|:)`),
              );
            expectTerminalRecord(statement, lead.after, `${where}: ${statement.id}`);
          });
        });
      }
    }
  });

  it('THEN Discord would accept every page: its API schemas and documented limits, as the emulator checks them', () => {
    let pages = 0;
    for (const { ask, discord } of walked) {
      for (const page of discord) {
        // The first page answers the command; each later one updates the message in place.
        const body = { type: page.page === 0 ? 4 : 7, data: page.shown };
        expect(callbackProblems(body), `${describeAsk(ask)} page ${page.page + 1}`).toEqual([]);
        pages++;
      }
    }
    expect(pages).toBeGreaterThan(walked.length);
  });

  it('THEN every JSON result says who wrote its quote in words_by, and whether the wording differs from the original', () => {
    for (const { ask, json } of walked) {
      for (const result of json.results) {
        const where = `${describeAsk(ask)}: ${result.id}`;
        const statement = context.pack.byId.statements.get(result.id);
        const event = context.pack.byId.events.get(result.id);
        const quoted = statement ?? event?.statements.find((s) => s.quote === result.quote) ?? null;
        if (quoted === null) {
          expect(result.quote, where).toBeNull();
          expect(result.words_by, where).toBeNull();
          continue;
        }
        expect(result.quote, where).toBe(quoted.quote);
        expect(result.words_by?.split(',')[0], where).toBe(wordsBy(quoted));
        expect(result.differs_from_original, where).toBe(quoted.differsFromOriginal);
        expectJsonRecord(quoted, result, where);
      }
    }
  });
});

describe('GIVEN TechCrunch’s renderings of Stone’s post and of Facebook’s 2018 post', () => {
  it('THEN none of them is signed by Stone, Archibong or Meta anywhere', () => {
    const renderings = context.pack.statements.filter(
      (s) => s.source.id === 'techcrunch-2024-04-02' && /Stone|Archibong/.test(s.speaker.name),
    );
    expect(renderings.map((s) => s.id).sort()).toEqual([
      'meta-2018-news-reports-implied',
      'meta-2018-no-third-parties',
      'meta-2018-read-write-delete',
      'meta-2018-rebuttal-post',
      'stone-agreement-purpose-tc',
      'stone-did-not-share-tc',
      'stone-disputed-access-tc',
      'stone-industry-wide-tc',
    ]);
    for (const { json } of walked) {
      for (const result of json.results) {
        if (renderings.some((s) => s.id === result.id)) expect(result.words_by, result.id).toBe('TechCrunch');
      }
    }
  });
});

function idOf(hit: Hit): string {
  return hit.type === 'statement' ? hit.statement.id : hit.event.id;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The lines of a Discord description that are block quotes, and the first line after them. */
function quoteLines(lines: readonly string[]): { quote: string[]; after: string | undefined } {
  const start = lines.findIndex((line) => line.startsWith('> '));
  if (start < 0) return { quote: [], after: undefined };
  let end = start;
  while (lines[end]?.startsWith('> ')) end++;
  return { quote: lines.slice(start, end), after: lines[end] };
}

/**
 * A quote section in Discord: the quote as a block quote and, where the wording differs from
 * the original or the record corrects it, the record on the very next line; a passage garbled
 * past reading is not a block quote at all, but what it reports in our words with its own
 * words behind a spoiler.
 */
function expectQuoteAndRecord(statement: Statement, description: string, where: string): void {
  const lines = description.split('\n');
  const { quote, after } = quoteLines(lines);
  if (!statement.readable) {
    expect(quote, where).toEqual([]);
    expect(lines[0], where).toMatch(/^\*What it reports, in our words:\* /);
    expect(readMarkdown(lines[1] ?? ''), where).toContain(statement.quote.replace(/\s+/g, ' '));
    expect(lines[1], where).toMatch(/\|\|.+\|\|/);
    return;
  }
  expect(quote.length, where).toBeGreaterThan(0);
  if (statement.differsFromOriginal || statement.record !== null) {
    expect(after, `${where}: the record beneath the quote`).toMatch(
      statement.record !== null ? /^\*The record, in our words:\* / : /^\*.+'s own words:\* “/,
    );
  }
  if (statement.ownWords)
    expect(description, where).toContain(`“${escapedForDiscord(statement.ownWords.quote)}”`);
}

function escapedForDiscord(text: string): string {
  return text.replace(/[\\*_~`|<[\]]/g, '\\$&');
}

/**
 * Each quote of an event in Discord is introduced by whose words it is, in the event's order,
 * and carries the same record, attribution and note as the statement's own embed.
 */
function expectEventQuotes(event: TimelineEvent, description: string, where: string): number {
  const parts = description.split('\n\n');
  const starts = parts.flatMap((part, index) => (/^\*\*.+:\*\*\n/.test(part) ? [index] : []));
  const unshown = /\*\((\d+) more quotes? on this event, not shown here\)\*/.exec(description);
  expect(starts.length + Number(unshown?.[1] ?? 0), where).toBe(event.statements.length);
  starts.forEach((start, index) => {
    const statement = event.statements[index] as Statement;
    const at = `${where}: ${statement.id}`;
    const [lead = '', ...rest] = (parts[start] as string).split('\n');
    expect(readMarkdown(lead), at).toMatch(new RegExp(`^${escapeRegExp(wordsBy(statement))}(,|:)`));
    expectQuoteAndRecord(statement, rest.join('\n'), at);
    const details = readMarkdown(parts[start + 1] ?? '');
    expect(details, at).toContain(statement.source.title);
    if (statement.note) expect(details, at).toContain("Editor's note (ours):");
  });
  return starts.length;
}

/** Console text split into its entries: from each `[n] ` heading to the next. */
function entries(text: string): string[][] {
  const out: string[][] = [];
  for (const line of text.split('\n')) {
    if (/^\[\d+\] /.test(line)) out.push([line]);
    else if (out.length > 0 && line.startsWith('    ')) out.at(-1)?.push(line);
  }
  return out;
}

/**
 * The quotes in a console entry: each run of quote lines (`│`) or the line that stands in the
 * place of a quote garbled past reading, with the line before it (for an event, whose words)
 * and the lines after it.
 */
function leadLines(block: readonly string[], event: boolean): { line: string; after: string[] }[] {
  const out: { line: string; after: string[] }[] = [];
  for (let at = 1; at < block.length; at++) {
    const line = block[at] as string;
    const starts =
      (line.startsWith('    │ ') && !(block[at - 1] ?? '').startsWith('    │ ')) ||
      line.startsWith('    What it reports, in our words:');
    if (!starts) continue;
    let end = at;
    while ((block[end] ?? '').startsWith('    │ ')) end++;
    out.push({ line: event ? (block[at - 1] as string) : (block[0] as string), after: block.slice(end) });
  }
  return out;
}

function expectTerminalRecord(statement: Statement, after: readonly string[], where: string): void {
  if (!statement.readable) {
    expect(after[0], where).toMatch(/^ {4}What it reports, in our words: /);
    expect(after.join(' ').replace(/\s+/g, ' '), where).toContain(`verbatim ${statement.id}`);
    return;
  }
  if (statement.differsFromOriginal || statement.record !== null) {
    expect(after[0], `${where}: the record beneath the quote`).toMatch(
      statement.record !== null ? /^ {4}The record, in our words: / : /^ {4}.+'s own words: “/,
    );
  }
}

function expectJsonRecord(statement: Statement, result: JsonResult, where: string): void {
  if (!statement.differsFromOriginal && statement.record === null) {
    expect(result.record, where).toBeNull();
    return;
  }
  expect(result.record, where).not.toBeNull();
  if (statement.record) expect(result.record, where).toContain(statement.record);
  if (statement.ownWords) expect(result.record, where).toContain(`“${statement.ownWords.quote}”`);
  if (!statement.readable && result.stance !== 'event') expect(result.summary, where).toBe(statement.record);
}
