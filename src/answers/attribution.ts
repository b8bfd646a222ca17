/**
 * Attribution in words, shared by every renderer: who said it, where and when, and the
 * document the words are read from — with "as reported by" when they reach us through a report.
 */
import { formatDate } from '../knowledge/dates.js';
import type { Document, Speaker, Statement } from '../knowledge/types.js';

/** A document as an attribution names it. */
export interface DocumentLine {
  readonly title: string;
  /** True when the title is our label (a post or letter has none): not shown in quotation marks. */
  readonly titleIsOurs: boolean;
  readonly publisher: string;
  readonly date: string;
  readonly url: string | null;
  /** "address unconfirmed", "received copy", … */
  readonly caveats: readonly string[];
}

/** The parts of a statement's attribution. */
export interface Attribution {
  /** "Andy Stone, communications director, Meta". */
  readonly speaker: string;
  /** "post on X, 2 April 2024". */
  readonly said: string;
  /** The document holding the words. */
  readonly source: DocumentLine;
  /**
   * How the source holds the words: `own` (the speaker's own document), `quoted` (a report
   * quoting the speaker), `account` (a report's own account of what the speaker said).
   */
  readonly via: 'own' | 'quoted' | 'account';
  /** The original document, when the pack knows it. */
  readonly original: DocumentLine | null;
}

/** "Name, role, organisation", leaving out what is unknown. */
export function speakerLine(speaker: Speaker): string {
  return [speaker.name, speaker.role, speaker.organisation].filter(Boolean).join(', ');
}

/** A document's line: title, publisher, date, link and caveats. */
export function documentLine(document: Document): DocumentLine {
  const caveats: string[] = [];
  if (document.receivedCopy) caveats.push('received copy; wording differs from the original in places');
  if (document.url && !document.urlConfirmed) caveats.push('address unconfirmed');
  return {
    title: document.title,
    titleIsOurs: document.titleIsOurs,
    publisher: document.publisher,
    date: formatDate(document.date),
    url: document.url,
    caveats,
  };
}

function speaks(speaker: Speaker, document: Document): boolean {
  const names = [speaker.name, speaker.organisation]
    .filter(Boolean)
    .map((name) => (name as string).toLowerCase());
  return (
    names.includes(document.publisher.toLowerCase()) ||
    (document.author !== null && names.includes(document.author.toLowerCase()))
  );
}

/** How the source line of an attribution begins, by how the source holds the words. */
export function viaLead(attribution: Attribution): string {
  if (attribution.via === 'account') return `${attribution.source.publisher}'s account, in`;
  return attribution.via === 'quoted' ? 'as quoted in' : 'in';
}

/** The attribution of a statement. */
export function attribute(statement: Statement): Attribution {
  return {
    speaker: speakerLine(statement.speaker),
    said: `${statement.saidIn}, ${formatDate(statement.saidOn)}`,
    source: documentLine(statement.source),
    via:
      statement.wording === 'reported'
        ? 'account'
        : statement.original !== null || !speaks(statement.speaker, statement.source)
          ? 'quoted'
          : 'own',
    original: statement.original ? documentLine(statement.original) : null,
  };
}
