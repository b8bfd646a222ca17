/**
 * The JSON contract of `ask --json`, which other tools rely on: one object per query,
 * results best first (oldest first for the timeline), quotes exactly as in the sources.
 * `sources` lists the documents and `about` describes the pack, each in its own shape.
 */
import { attribute, leadingStatement, recordText, speakerLine } from '../answers/attribution.js';
import type { Answer, Hit } from '../answers/types.js';
import type { Document, Statement } from '../knowledge/types.js';

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
  /**
   * Our own words: a timeline event's summary, or what a quote garbled past reading reports
   * (show this, not the quote); null otherwise.
   */
  readonly summary: string | null;
  /** Whose position it is, "Name, role, organisation"; for an event, who acted; null when none is named. */
  readonly speaker: string | null;
  /** Who wrote the exact words of `quote` (a reporter, for a report's account); null with no quote. */
  readonly words_by: string | null;
  /** True where the wording of `quote` is known to differ from the original's. */
  readonly differs_from_original: boolean;
  /** What the record says, in our words, with the speaker's own words where the pack holds them: show it beneath `quote`. */
  readonly record: string | null;
  readonly source: JsonSource | null;
  /** When it was said or happened: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  readonly date: string;
  /** Editor's note (ours), or null. */
  readonly note: string | null;
}

/** The object printed per search (and for `side <id>` and `verbatim <id>`). */
export interface JsonAnswer {
  readonly mode: string;
  readonly query: string;
  readonly total: number;
  /** Present, and true, when nothing answers the query and the results are the closest the sources come. */
  readonly closest?: true;
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

/** The fields every result takes from the attribution of its quote. */
function words(
  statement: Statement | null,
): Pick<JsonResult, 'words_by' | 'differs_from_original' | 'record'> {
  if (statement === null) return { words_by: null, differs_from_original: false, record: null };
  const a = attribute(statement);
  return { words_by: a.wordsBy.line, differs_from_original: a.differsFromOriginal, record: recordText(a) };
}

function result(hit: Hit): JsonResult {
  if (hit.type === 'statement') {
    const { statement } = hit;
    return {
      id: statement.id,
      stance: statement.stance,
      quote: statement.quote,
      summary: statement.readable ? null : statement.record,
      speaker: speakerLine(statement.speaker),
      ...words(statement),
      source: source(statement.source),
      date: statement.saidOn.iso,
      note: statement.note,
    };
  }
  const { event } = hit;
  const support = leadingStatement(event);
  const document = support?.source ?? event.documents[0];
  return {
    id: event.id,
    stance: 'event',
    quote: support?.quote ?? null,
    summary: event.summary,
    speaker: event.who,
    ...words(support),
    source: document ? source(document) : null,
    date: event.date.iso,
    note: event.basis,
  };
}

/** The JSON object for an answer to a search, `side` or `verbatim` (`mode` and `query` as asked). */
export function toJson(mode: string, query: string, answer: Answer): JsonAnswer {
  const hits: readonly Hit[] =
    answer.kind === 'results' || answer.kind === 'other-side'
      ? answer.hits
      : answer.kind === 'verbatim'
        ? [{ type: 'statement', statement: answer.statement, marks: [] }]
        : [];
  const closest = answer.kind === 'results' && answer.closest === true;
  return {
    mode,
    query,
    total: hits.length,
    ...(closest ? { closest: true } : {}),
    results: hits.map(result),
  };
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
