/**
 * The JSON contract of `ask --json`, which other tools rely on: one object per query,
 * results best first (oldest first for the timeline), quotes exactly as in the sources.
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

/** The object printed per query. */
export interface JsonAnswer {
  readonly mode: string;
  readonly query: string;
  readonly total: number;
  readonly results: readonly JsonResult[];
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

/** The JSON object for an answer to a search (`mode` and `query` as asked). */
export function toJson(mode: string, query: string, answer: Answer): JsonAnswer {
  const hits: readonly Hit[] =
    answer.kind === 'results' || answer.kind === 'other-side'
      ? answer.hits
      : answer.kind === 'verbatim'
        ? [{ type: 'statement', statement: answer.statement, marks: [] }]
        : [];
  return { mode, query, total: hits.length, results: hits.map(result) };
}
