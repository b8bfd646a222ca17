/**
 * The JSON contract of `ask --json`, which other tools rely on: one object per query,
 * results best first (oldest first for the timeline), quotes exactly as in the sources.
 * `sources` lists the documents and `about` describes the pack, each in its own shape.
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

/** The object printed per search (and for `side <id>`). */
export interface JsonAnswer {
  readonly mode: string;
  readonly query: string;
  readonly total: number;
  readonly results: readonly JsonResult[];
}

/** A document as `sources` lists it. */
export interface JsonDocument extends JsonSource {
  readonly author: string | null;
  /** True when the pack holds its text and quotes it; false when it is cited by metadata only. */
  readonly quoted: boolean;
}

/** The object printed for `sources`: every document, newest first. */
export interface JsonSources {
  readonly mode: string;
  readonly query: string;
  readonly total: number;
  readonly results: readonly JsonDocument[];
}

/** The object printed for `about`: the pack and the commands. */
export interface JsonAbout {
  readonly mode: string;
  readonly query: string;
  readonly pack: {
    readonly id: string;
    readonly title: string;
    readonly version: string;
    /** `YYYY-MM-DD`: the record is complete as of this day. */
    readonly as_of: string;
    readonly description: string;
  };
  readonly counts: { readonly statements: number; readonly events: number; readonly documents: number };
  readonly commands: readonly { readonly command: string; readonly does: string }[];
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

/** The JSON object for an answer to a search or `side` (`mode` and `query` as asked). */
export function toJson(mode: string, query: string, answer: Answer): JsonAnswer {
  const hits = answer.kind === 'results' || answer.kind === 'other-side' ? answer.hits : [];
  return { mode, query, total: hits.length, results: hits.map(result) };
}

/** The JSON object for any answer: {@link toJson}'s, or the documents, or the pack. */
export function answerJson(
  mode: string,
  query: string,
  answer: Answer,
): JsonAnswer | JsonSources | JsonAbout {
  switch (answer.kind) {
    case 'sources':
      return {
        mode,
        query,
        total: answer.documents.length,
        results: answer.documents.map((document) => ({
          ...source(document),
          author: document.author,
          quoted: document.text !== null,
        })),
      };
    case 'about': {
      const { meta, counts, usage } = answer;
      return {
        mode,
        query,
        pack: {
          id: meta.id,
          title: meta.title,
          version: meta.version,
          as_of: meta.asOf,
          description: meta.description,
        },
        counts,
        commands: usage.map(({ command, does }) => ({ command, does })),
      };
    }
    default:
      return toJson(mode, query, answer);
  }
}
