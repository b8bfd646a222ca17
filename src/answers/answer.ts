/**
 * The pure heart of the bot: (pack, search, request) → Answer. No I/O, no Discord.
 */
import { formatDate } from '../knowledge/dates.js';
import type { Pack, Stance, Statement, TimelineEvent } from '../knowledge/types.js';
import {
  type Finding,
  type FindOptions,
  type Found,
  markWords,
  type RelevanceOptions,
  type Search,
  timelineRelevance,
} from '../search/engine.js';
import type { Query } from '../search/query.js';
import { composeCheck, composeQuestion, composeTimeline } from './compose.js';
import { recordFirst } from './record-first.js';
import type {
  AboutAnswer,
  EmptyAnswer,
  EventHit,
  Hit,
  Mark,
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
  timeline: 'Dated events: a year or month ("2017", "may 2018") oldest first, or the event your words name.',
  ask: 'A free question: the best quotes and dated events, the best first.',
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

/**
 * A message is chattier than a question: ask less of it, and never offer the closest match to
 * a message that is about something else. The timeline keeps the matches near the best one.
 */
const relevanceOf = {
  check: { minCoverage: 0.3, relativeFloor: 0.25, minWords: 0, foreignCoverage: 0, closest: null },
  timeline: timelineRelevance,
} as const satisfies Partial<Record<SearchMode, RelevanceOptions>>;

/** Every list of hits an answer shows passes through here: the record first. */
function ordered<H extends Hit>(hits: readonly H[], pageSize: number): H[] {
  return recordFirst(hits, pageSize) as H[];
}

function clampPage(page: number | undefined, total: number, pageSize: number): number {
  const last = Math.max(0, Math.ceil(total / pageSize) - 1);
  return Math.min(Math.max(0, Math.trunc(page ?? 0)), last);
}

function readingNotes(query: Query): string[] {
  const notes = query.corrections.map(({ from, to }) => `Read “${from}” as “${to}”.`);
  if (query.period) {
    const { prefix } = query.period;
    const parts = prefix.split('-').length;
    const label = formatDate({
      iso: prefix,
      precision: parts === 3 ? 'day' : parts === 2 ? 'month' : 'year',
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

/**
 * How a mode searches a query with words: what search found, before a page is composed; with
 * `limit`, only that many of the best are ranked (see {@link FindOptions.limit}).
 */
export function findFor(
  search: Search,
  mode: SearchMode,
  query: string,
  limit?: number,
): { readonly query: Query; readonly finding: Finding } {
  const stances = stancesOf[mode];
  const analysed = search.analyze(query, { periods: mode === 'timeline' });
  const options: FindOptions =
    mode === 'timeline'
      ? { statements: false, events: true, relevance: relevanceOf.timeline }
      : mode === 'check'
        ? { relevance: relevanceOf.check }
        : { events: mode === 'ask' || stances !== undefined, ...(stances ? { stances } : {}) };
  return {
    query: analysed,
    finding: search.find(analysed, limit === undefined ? options : { ...options, limit }),
  };
}

/**
 * A hit of a ranking, its marks found the first time they are read. A ranking holds every match
 * and a page shows a few of them, so most hits' marks are never read; those read are the same
 * as if found at once (the stems a hit matched are its own and never change).
 */
function foundHit(found: Found, stop: ReadonlySet<string>): QuoteHit | EventHit {
  return found.kind === 'statement'
    ? new FoundStatement(found.item, found.matched, stop)
    : new FoundEvent(found.item, found.matched, stop);
}

// Classes rather than object literals with a getter: V8 builds such a literal by a slow path, at
// about half a microsecond a hit, which a ranking of dozens of hits would pay on every answer.

/** A statement search found; see {@link foundHit}. */
class FoundStatement implements QuoteHit {
  readonly type = 'statement';
  readonly #matched: ReadonlySet<string>;
  readonly #stop: ReadonlySet<string>;
  #marks: readonly Mark[] | undefined;

  constructor(
    readonly statement: Statement,
    matched: ReadonlySet<string>,
    stop: ReadonlySet<string>,
  ) {
    this.#matched = matched;
    this.#stop = stop;
  }

  get marks(): readonly Mark[] {
    this.#marks ??= marksOf(this.statement, this.statement.quote, this.#matched, this.#stop);
    return this.#marks;
  }
}

/** A timeline event search found; see {@link foundHit}. */
class FoundEvent implements EventHit {
  readonly type = 'event';
  readonly #matched: ReadonlySet<string>;
  readonly #stop: ReadonlySet<string>;
  #marks: readonly Mark[] | undefined;

  constructor(
    readonly event: TimelineEvent,
    matched: ReadonlySet<string>,
    stop: ReadonlySet<string>,
  ) {
    this.#matched = matched;
    this.#stop = stop;
  }

  get marks(): readonly Mark[] {
    this.#marks ??= marksOf(this.event, this.event.summary, this.#matched, this.#stop);
    return this.#marks;
  }
}

/** Marks kept per quote or event, each for one set of matched stems; see {@link marksOf}. */
const MARKS_PER_ITEM = 16;

/** Marks already found: by the stop words in force, then by item, then by the stems it matched. */
const marked = new WeakMap<ReadonlySet<string>, WeakMap<object, Map<string, readonly Mark[]>>>();

/**
 * The marks of `text` (the quote or summary of `item`) for the stems it matched: found once for
 * each set of stems and kept with the item (items are frozen, and a reloaded pack brings new
 * ones). The same words of a question mark the same words of a quote whoever asks, and a quote
 * shown often is shown for a few sets of words; a statement keeps {@link MARKS_PER_ITEM} at most.
 */
function marksOf(
  item: object,
  text: string,
  matched: ReadonlySet<string>,
  stop: ReadonlySet<string>,
): readonly Mark[] {
  let items = marked.get(stop);
  if (!items) {
    items = new WeakMap();
    marked.set(stop, items);
  }
  let kept = items.get(item);
  if (!kept) {
    kept = new Map();
    items.set(item, kept);
  }
  const key = matched.size === 1 ? (matched.values().next().value as string) : [...matched].sort().join('\0');
  let marks = kept.get(key);
  if (marks === undefined) {
    marks = markWords(text, matched, stop);
    if (kept.size >= MARKS_PER_ITEM) kept.clear();
    kept.set(key, marks);
  }
  return marks;
}

/** Answers a search in any mode. */
export function answerSearch(ctx: AnswerContext, request: SearchRequest): ResultsAnswer | EmptyAnswer {
  const { mode } = request;
  const query = request.query.trim();
  const pageSize = Math.max(1, request.pageSize ?? 5);
  const { pack, search } = ctx;
  const finish = (
    ranked: ResultsAnswer['hits'],
    notes: string[],
    closest = false,
    coverage = 1,
  ): ResultsAnswer | EmptyAnswer => {
    if (ranked.length === 0) return empty(ctx, mode, request.query, 'no-match');
    const hits = ordered(ranked, pageSize);
    return {
      kind: 'results',
      mode,
      query: request.query,
      hits,
      page: clampPage(request.page, hits.length, pageSize),
      pageSize,
      notes,
      closest,
      coverage,
    };
  };
  // Nothing typed: the timeline lists every event, /claim and /denial every statement of theirs.
  const stances = stancesOf[mode];
  if (query === '') {
    if (mode === 'timeline') {
      return finish(
        pack.timeline.map((event): EventHit => ({ type: 'event', event, marks: [] })),
        [],
      );
    }
    if (!stances) return empty(ctx, mode, request.query, 'no-words');
    return finish(
      pack.statements
        .filter((statement) => stances.includes(statement.stance))
        .map((statement): QuoteHit => ({ type: 'statement', statement, marks: [] })),
      [],
    );
  }

  const { query: analysed, finding } = findFor(search, mode, query);
  const notes = readingNotes(analysed);
  if (analysed.slots.length === 0) {
    if (!analysed.period) return empty(ctx, mode, request.query, 'no-words');
    // A year or month alone lists its events, oldest first.
    return finish(
      search.events(analysed).map(({ item }): EventHit => ({ type: 'event', event: item, marks: [] })),
      notes,
    );
  }
  const { stop } = search.lexicon;
  const hits = finding.hits.map((found) => foundHit(found, stop));
  const closest = finding.match === 'closest';
  const coverage = finding.best?.coverage ?? 1;
  switch (mode) {
    case 'timeline':
      return finish(
        composeTimeline(hits.filter((hit): hit is EventHit => hit.type === 'event')),
        notes,
        closest,
        coverage,
      );
    case 'check':
      return finish(
        composeCheck(hits.filter((hit): hit is QuoteHit => hit.type === 'statement')),
        notes,
        closest,
        coverage,
      );
    case 'ask':
      return finish(composeQuestion(hits, analysed.intents, pack.timeline), notes, closest, coverage);
    default: {
      if (hits.length > 0 || !stances) return finish(hits, notes, closest, coverage);
      // Nothing of this side names it: this side's answers to what the other side says of it.
      const across = answersAcross(search, mode, query, stances);
      return finish(across, across.length > 0 ? [...notes, acrossNote[mode as 'claim' | 'denial']] : notes);
    }
  }
}

/** Said above the statements {@link answersAcross} finds. */
export const acrossNote = {
  denial: 'No response names that; these answer the claims that do.',
  claim: 'No claim names that; these are what the responses that do were answering.',
} as const;

/**
 * For /denial, the responses to the claims a query finds; for /claim, the claims answered by the
 * responses it finds: "did meta deny cutting watch spending" is answered by Meta's denial of the
 * filing's claims, which names no budget but answers the claim that does.
 */
function answersAcross(
  search: Search,
  mode: SearchMode,
  query: string,
  stances: readonly Stance[],
): QuoteHit[] {
  const { finding } = findFor(search, mode === 'claim' ? 'denial' : 'claim', query);
  if (finding.match !== 'direct') return [];
  const seen = new Set<string>();
  const out: QuoteHit[] = [];
  for (const found of finding.hits) {
    if (found.kind !== 'statement') continue;
    for (const statement of otherSide(found.item)) {
      if (!stances.includes(statement.stance) || seen.has(statement.id)) continue;
      seen.add(statement.id);
      out.push({ type: 'statement', statement, marks: [] });
    }
  }
  return out;
}

/** What a message says, for checking: its words without links, mentions or custom emoji. */
export function checkableText(text: string): string {
  return text
    .replace(/https?:\/\/\S+/gi, ' ')
    .replace(/<a?:\w+:\d+>/g, ' ')
    .replace(/<(?:@[!&]?|#)\d+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The other side of a statement: a claim's responses; what a response (or a piece of context)
 * answers. Each falls back to the other direction when it has none.
 */
export function otherSide(statement: Statement): readonly Statement[] {
  const [first, second] =
    statement.stance === 'claim'
      ? [statement.answeredBy, statement.respondsTo]
      : [statement.respondsTo, statement.answeredBy];
  return first.length > 0 ? first : second;
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
  const others = otherSide(statement);
  if (others.length === 0) return null;
  const hits = ordered(
    others.map((other): QuoteHit => ({ type: 'statement', statement: other, marks: [] })),
    pageSize,
  );
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
