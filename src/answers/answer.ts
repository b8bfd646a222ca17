/**
 * The pure heart of the bot: (pack, search, request) → Answer. No I/O, no Discord.
 */
import { formatDate } from '../knowledge/dates.js';
import type { Pack, Stance } from '../knowledge/types.js';
import { markWords, type RelevanceOptions, type Search } from '../search/engine.js';
import type { Query } from '../search/query.js';
import type {
  AboutAnswer,
  EmptyAnswer,
  EventHit,
  OtherSideAnswer,
  QuoteHit,
  ResultsAnswer,
  SearchMode,
  SourcesAnswer,
} from './types.js';

/** What every answer is computed from. */
export interface AnswerContext {
  readonly pack: Pack;
  readonly search: Search;
}

/** A search request from any transport. */
export interface SearchRequest {
  readonly mode: SearchMode;
  /** As typed; may be empty for claim, denial and timeline (list everything). */
  readonly query: string;
  /** 0-based; clamped to the pages there are. Default 0. */
  readonly page?: number;
  /** Results per page. Default 5. */
  readonly pageSize?: number;
}

/** Each command and what it answers, shown by help, `/about` and the command list. */
export const usage = {
  claim: 'What is alleged, best matches first; with no query, every claim.',
  denial: 'What Meta and others said in response; with no query, every response.',
  timeline: 'Dated events, oldest first: a year ("2017"), a month ("may 2018") or words.',
  ask: 'A free question: the best quotes, grouped as claims, responses and context.',
  sources: 'Every document quoted or cited, with its publisher, date and link.',
  about: 'What this bot is and what its knowledge pack holds.',
} as const satisfies Record<Exclude<SearchMode, 'check'> | 'sources' | 'about', string>;

const stancesOf: Record<SearchMode, readonly Stance[] | undefined> = {
  claim: ['claim'],
  denial: ['denial'],
  ask: undefined,
  check: undefined,
  timeline: undefined,
};

/** A message is chattier than a question: ask less of it. */
const relevanceOf: Partial<Record<SearchMode, RelevanceOptions>> = {
  check: { minCoverage: 0.3, relativeFloor: 0.25 },
};

function clampPage(page: number | undefined, total: number, pageSize: number): number {
  const last = Math.max(0, Math.ceil(total / pageSize) - 1);
  return Math.min(Math.max(0, Math.trunc(page ?? 0)), last);
}

function readingNotes(query: Query): string[] {
  const notes = query.corrections.map(({ from, to }) => `Read “${from}” as “${to}”.`);
  if (query.period) {
    const [year, month] = query.period.prefix.split('-');
    const label = formatDate({
      iso: month ? `${year}-${month}` : (year as string),
      precision: month ? 'month' : 'year',
      qualifier: null,
      confirmed: true,
    });
    notes.unshift(`Showing ${label}.`);
  }
  return notes;
}

function empty(
  ctx: AnswerContext,
  mode: SearchMode,
  query: string,
  reason: EmptyAnswer['reason'],
): EmptyAnswer {
  return { kind: 'empty', mode, query, reason, suggestions: ctx.pack.meta.suggestions };
}

/** Answers a search in any mode. */
export function answerSearch(ctx: AnswerContext, request: SearchRequest): ResultsAnswer | EmptyAnswer {
  const { mode } = request;
  const query = request.query.trim();
  const pageSize = Math.max(1, request.pageSize ?? 5);
  const { pack, search } = ctx;
  const finish = (hits: ResultsAnswer['hits'], notes: string[]): ResultsAnswer | EmptyAnswer =>
    hits.length === 0
      ? empty(ctx, mode, request.query, 'no-match')
      : {
          kind: 'results',
          mode,
          query: request.query,
          hits,
          page: clampPage(request.page, hits.length, pageSize),
          pageSize,
          notes,
        };

  if (mode === 'timeline') {
    if (query === '') {
      return finish(
        pack.timeline.map((event): EventHit => ({ type: 'event', event, marks: [] })),
        [],
      );
    }
    const analysed = search.analyze(query, { periods: true });
    if (analysed.slots.length === 0 && !analysed.period) return empty(ctx, mode, request.query, 'no-words');
    const hits = search.events(analysed).map(
      ({ item, matched }): EventHit => ({
        type: 'event',
        event: item,
        marks: markWords(item.summary, matched, search.lexicon.stop),
      }),
    );
    return finish(hits, readingNotes(analysed));
  }

  const stances = stancesOf[mode];
  if (query === '') {
    if (!stances) return empty(ctx, mode, request.query, 'no-words');
    return finish(
      pack.statements
        .filter((statement) => stances.includes(statement.stance))
        .map((statement): QuoteHit => ({ type: 'statement', statement, marks: [] })),
      [],
    );
  }
  const analysed = search.analyze(query);
  if (analysed.slots.length === 0) return empty(ctx, mode, request.query, 'no-words');
  const hits = search.statements(analysed, stances, relevanceOf[mode]).map(
    ({ item, matched }): QuoteHit => ({
      type: 'statement',
      statement: item,
      marks: markWords(item.quote, matched, search.lexicon.stop),
    }),
  );
  return finish(hits, readingNotes(analysed));
}

/** The statements on the other side of one: its responses, or what it responds to. */
export function answerOtherSide(
  ctx: AnswerContext,
  statementId: string,
  page = 0,
  pageSize = 5,
): OtherSideAnswer | null {
  const statement = ctx.pack.byId.statements.get(statementId);
  if (!statement) return null;
  const others = [...statement.answeredBy, ...statement.respondsTo];
  if (others.length === 0) return null;
  const hits = others.map((other): QuoteHit => ({ type: 'statement', statement: other, marks: [] }));
  return { kind: 'other-side', statement, hits, page: clampPage(page, hits.length, pageSize), pageSize };
}

/** Every document, newest first. */
export function answerSources(ctx: AnswerContext): SourcesAnswer {
  const documents = [...ctx.pack.documents].sort((a, b) =>
    a.date.iso < b.date.iso ? 1 : a.date.iso > b.date.iso ? -1 : 0,
  );
  return { kind: 'sources', documents };
}

/** What the bot is and holds. */
export function answerAbout(ctx: AnswerContext): AboutAnswer {
  const { meta, statements, timeline, documents } = ctx.pack;
  return {
    kind: 'about',
    meta,
    counts: { statements: statements.length, events: timeline.length, documents: documents.length },
    usage: Object.entries(usage).map(([command, does]) => ({ command: `/${command}`, does })),
  };
}
