/**
 * `Answer`: what the bot has to say, before any transport shapes it. The Discord renderer,
 * the terminal renderer and the JSON output all start from here.
 */
import type { Document, PackMeta, Statement, TimelineEvent } from '../knowledge/types.js';

/** The searching modes: one per slash command, plus the context-menu check. */
export type SearchMode = 'claim' | 'denial' | 'timeline' | 'ask' | 'check';

/** A half-open range `[start, end)` of characters in a quote to show emphasised. */
export type Mark = readonly [start: number, end: number];

/** A statement found by a search. */
export interface QuoteHit {
  readonly type: 'statement';
  readonly statement: Statement;
  /** Matched words in `statement.quote`; never changes a character of it. */
  readonly marks: readonly Mark[];
}

/** A timeline event found by a search. */
export interface EventHit {
  readonly type: 'event';
  readonly event: TimelineEvent;
  /** Matched words in the event's summary. */
  readonly marks: readonly Mark[];
}

export type Hit = QuoteHit | EventHit;

/** A page of search results. */
export interface ResultsAnswer {
  readonly kind: 'results';
  readonly mode: SearchMode;
  /** What the user typed, as typed. */
  readonly query: string;
  /**
   * All results in the order shown: best first (for the timeline asked with words, the event
   * asked about, then the nearest in time; for a year, a month or nothing, oldest first).
   */
  readonly hits: readonly Hit[];
  /** 0-based page shown. */
  readonly page: number;
  readonly pageSize: number;
  /** Our words on how the query was read: "Showing May 2018", "Read “netflx” as “netflix”". */
  readonly notes: readonly string[];
  /** True when nothing answers the question and these are the closest the sources come. */
  readonly closest?: boolean;
  /**
   * Share of the query's weight the best result satisfies, 0–1 (1 when the query lists
   * everything). Low values are weak answers, worth a moderator's look.
   */
  readonly coverage?: number;
}

/** Nothing in the sources answers the query. */
export interface EmptyAnswer {
  readonly kind: 'empty';
  readonly mode: SearchMode;
  readonly query: string;
  /** Why: nothing matched, or the query had no words to search for. */
  readonly reason: 'no-match' | 'no-words';
  /** Queries the user could try instead. */
  readonly suggestions: readonly string[];
}

/** A statement and the statements on the other side of it. */
export interface OtherSideAnswer {
  readonly kind: 'other-side';
  readonly statement: Statement;
  /** What answers it (for a claim) or what it answers (for a response). */
  readonly hits: readonly QuoteHit[];
  readonly page: number;
  readonly pageSize: number;
}

/** A passage garbled past reading, shown word for word at the member's request. */
export interface VerbatimAnswer {
  readonly kind: 'verbatim';
  readonly statement: Statement;
}

/** Every document the pack knows. */
export interface SourcesAnswer {
  readonly kind: 'sources';
  readonly documents: readonly Document[];
}

/** What the bot is and what its pack holds. */
export interface AboutAnswer {
  readonly kind: 'about';
  readonly meta: PackMeta;
  readonly counts: { readonly statements: number; readonly events: number; readonly documents: number };
  /** Commands and what they answer. */
  readonly usage: readonly { readonly command: string; readonly does: string }[];
}

/** Everything a command can answer. */
export type Answer =
  | ResultsAnswer
  | EmptyAnswer
  | OtherSideAnswer
  | VerbatimAnswer
  | SourcesAnswer
  | AboutAnswer;

/** The number of pages an answer has. */
export function pageCount(answer: { readonly hits: readonly unknown[]; readonly pageSize: number }): number {
  return Math.max(1, Math.ceil(answer.hits.length / answer.pageSize));
}

/** The hits on the answer's current page. */
export function pageHits<T>(answer: {
  readonly hits: readonly T[];
  readonly page: number;
  readonly pageSize: number;
}): readonly T[] {
  const start = answer.page * answer.pageSize;
  return answer.hits.slice(start, start + answer.pageSize);
}
