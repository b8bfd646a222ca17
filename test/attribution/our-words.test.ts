/**
 * Our words never look like a quote: on every surface, every page, for the whole pack, what
 * stands in quotation marks is words the pack holds (a source's text, a document's excerpts, a
 * published title) or what the member typed, and what stands in a block quote (Discord's `> `,
 * the terminal's `│`) is a passage of a source's text. Titles, summaries, notes, labels and the
 * record are ours, so they never do.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type AnswerContext, usage } from '../../src/answers/answer.js';
import { openContext } from '../../src/answers/context.js';
import { answerMode } from '../../src/cli/modes.js';
import { renderTerminal } from '../../src/cli/render.js';
import { renderMessage } from '../../src/discord/render.js';
import { shippedPack } from '../support/pack.js';
import {
  type Ask,
  describeAsk,
  discordTexts,
  everyAsk,
  readMarkdown,
  type Walked,
  walk,
} from '../support/surfaces.js';

let context: AnswerContext;
let walked: Walked[];
/** Every text the pack holds that may be quoted, white space folded. */
let held: string[];
/** Only the texts of sources: what a block quote may hold. */
let texts: string[];

const fold = (text: string) => text.replace(/\s+/g, ' ').trim();

beforeAll(async () => {
  const opened = await openContext(shippedPack);
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  context = opened.context;
  const { documents } = context.pack;
  texts = documents.flatMap((document) => (document.text === null ? [] : [fold(document.text)]));
  held = [
    ...texts,
    ...documents.flatMap((document) => document.excerpts.map(fold)),
    ...documents.filter((document) => !document.titleIsOurs).map((document) => fold(document.title)),
  ];
  walked = [];
  for (const ask of everyAsk(context)) walked.push(await walk(context, ask));
});

/** Spans in curly or straight double quotation marks. */
function quoted(text: string): string[] {
  return [...text.matchAll(/“([^”]*)”|"([^"]*)"/g)].map((match) => fold(match[1] ?? match[2] ?? ''));
}

function queryOf(ask: Ask): string {
  return 'side' in ask ? '' : ask.query;
}

/** What a member is told to type: the console's commands and the examples in each command's help. */
function typed(span: string): boolean {
  const examples = Object.values(usage).flatMap((text) => quoted(text));
  return /^(more|help|(side|verbatim) [a-z0-9-]+)$/.test(span) || examples.includes(span);
}

/** Our text without what it shows word for word: block quotes and spoilers hold a source's own marks. */
function withoutQuotes(text: string, prefix: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith(prefix))
    .join('\n')
    .replace(/\|\|(?:\\.|[^|])*\|\|/g, '');
}

function expectOnlyHeldWordsQuoted(text: string, ask: Ask | null, where: string): number {
  const spans = quoted(text);
  for (const span of spans) {
    const ok =
      span.length > 0 &&
      (held.some((words) => words.includes(span)) ||
        typed(span) ||
        (ask !== null && fold(queryOf(ask)) === span));
    expect(ok, `${where}: “${span}” is in quotation marks but is no one's words the pack holds`).toBe(true);
  }
  return spans.length;
}

/** Runs of lines that start with `prefix`, each joined into one text. */
function runs(lines: readonly string[], prefix: string): string[] {
  const out: string[] = [];
  let current: string[] | null = null;
  for (const line of lines) {
    if (line.startsWith(prefix)) {
      current ??= [];
      current.push(line.slice(prefix.length));
    } else if (current) {
      out.push(current.join(' '));
      current = null;
    }
  }
  if (current) out.push(current.join(' '));
  return out;
}

function expectBlockQuotesVerbatim(blocks: readonly string[], where: string): void {
  for (const block of blocks) {
    const words = fold(block);
    expect(
      texts.some((text) => text.includes(words)),
      `${where}: a block quote that is not a passage of any source: ${words.slice(0, 80)}`,
    ).toBe(true);
  }
}

describe('GIVEN the whole pack on every surface', () => {
  it('THEN in Discord only words the pack holds, or the member typed, are in quotation marks, and every block quote is a source’s text', () => {
    let spans = 0;
    let blocks = 0;
    for (const { ask, discord } of walked) {
      for (const page of discord) {
        const where = `${describeAsk(ask)} page ${page.page + 1}`;
        for (const text of discordTexts(page.shown)) {
          spans += expectOnlyHeldWordsQuoted(readMarkdown(withoutQuotes(text, '> ')), ask, where);
          const quotes = runs(text.split('\n'), '> ').map(readMarkdown);
          blocks += quotes.length;
          expectBlockQuotesVerbatim(quotes, where);
        }
      }
    }
    expect(spans).toBeGreaterThan(100);
    expect(blocks).toBeGreaterThan(100);
  });

  it('THEN in the console and ask text only words the pack holds, or the member typed, are in quotation marks, and every │ quote is a source’s text', () => {
    for (const { ask, terminal } of walked) {
      for (const page of terminal) {
        const where = `${describeAsk(ask)} page ${page.page + 1}`;
        expectOnlyHeldWordsQuoted(withoutQuotes(page.shown, '    │ '), ask, where);
        expectBlockQuotesVerbatim(runs(page.shown.split('\n'), '    │ '), where);
      }
    }
  });

  it('THEN in JSON our words (summary, note, record) quote only words the pack holds', () => {
    for (const { ask, json } of walked) {
      for (const result of json.results) {
        for (const text of [result.summary, result.note, result.record, result.speaker, result.words_by])
          if (text !== null) expectOnlyHeldWordsQuoted(text, null, `${describeAsk(ask)}: ${result.id}`);
      }
    }
  });

  it('THEN /sources and /about put no words of ours in quotation marks either', () => {
    for (const mode of ['sources', 'about'] as const) {
      const answer = answerMode(context, mode, '');
      expectOnlyHeldWordsQuoted(renderTerminal(answer), null, `${mode} in the terminal`);
      for (const text of discordTexts(renderMessage(answer, context.pack)))
        expectOnlyHeldWordsQuoted(readMarkdown(text), null, `/${mode} in Discord`);
    }
  });
});

describe('GIVEN a title of ours put in quotation marks', () => {
  it('THEN the check finds it (the test can fail)', () => {
    const statement = context.pack.statements[0];
    if (!statement) throw new Error('test setup: no statement');
    const text = `Responses to “${statement.title}”`;
    const spans = quoted(text);
    expect(spans).toEqual([fold(statement.title)]);
    expect(held.some((words) => words.includes(spans[0] as string))).toBe(false);
  });
});
