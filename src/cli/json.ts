/**
 * The JSON contract of `ask --json`, which other tools rely on: one object per query,
 * results best first (oldest first for the timeline), quotes exactly as in the sources.
 */
import { speakerLine } from '../answers/attribution.js';
import type { Answer, Hit } from '../answers/types.js';
import type { Document } from '../knowledge/types.js';

/** A document as the JSON output names it. */
export interface JsonSource {
  readonly id: string;
  readonly title: string;
  readonly publisher: string;
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  readonly date: string;
  readonly url: string | null;
}

/** One result. */
export interface JsonResult {
  readonly id: string;
  /** claim, denial or context for statements; "event" for timeline events. */
  readonly stance: string;
  /** Verbatim text from the source; null only for an event with no supporting quote. */
  readonly quote: string | null;
  /** Our own words (timeline events); null for statements. */
  readonly summary: string | null;
  /** "Name, role, organisation"; null when an event names no one. */
  readonly speaker: string | null;
  readonly source: JsonSource | null;
  /** When it was said or happened: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  readonly date: string;
  /** Editor's note (ours), or null. */
  readonly note: string | null;
}

/** The object printed per query. */
export interface JsonAnswer {
  readonly mode: string;
  readonly query: string;
  readonly total: number;
  /** Present, and true, when nothing answers the query and the results are the closest the sources come. */
  readonly closest?: true;
  readonly results: readonly JsonResult[];
}

function source(document: Document): JsonSource {
  const { id, title, publisher, url } = document;
  return { id, title, publisher, date: document.date.iso, url };
}

function result(hit: Hit): JsonResult {
  if (hit.type === 'statement') {
    const { statement } = hit;
    return {
      id: statement.id,
      stance: statement.stance,
      quote: statement.quote,
      summary: null,
      speaker: speakerLine(statement.speaker),
      source: source(statement.source),
      date: statement.saidOn.iso,
      note: statement.note,
    };
  }
  const { event } = hit;
  const support = event.statements[0];
  const document = support?.source ?? event.documents[0];
  return {
    id: event.id,
    stance: 'event',
    quote: support?.quote ?? null,
    summary: event.summary,
    speaker: event.who,
    source: document ? source(document) : null,
    date: event.date.iso,
    note: event.basis,
  };
}

/** The JSON object for an answer to a search (`mode` and `query` as asked). */
export function toJson(mode: string, query: string, answer: Answer): JsonAnswer {
  const hits = answer.kind === 'results' || answer.kind === 'other-side' ? answer.hits : [];
  const closest = answer.kind === 'results' && answer.closest === true;
  return {
    mode,
    query,
    total: hits.length,
    ...(closest ? { closest: true } : {}),
    results: hits.map(result),
  };
}
