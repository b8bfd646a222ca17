/**
 * Whose words a quote is: the one attribution model every surface (Discord, the terminal, JSON,
 * the web) renders, so they cannot disagree. The first name beside a quote is whoever wrote
 * those exact words: a reporter's account is the reporter's, and the party reported on comes
 * second. Beside the words: whose position they give, where and when, and how the wording
 * differs from the original, with what the record says directly beneath.
 */
import { formatDate } from '../knowledge/dates.js';
import type { Document, Speaker, Statement, TimelineEvent } from '../knowledge/types.js';

/** A document as an attribution names it. */
export interface DocumentLine {
  readonly title: string;
  /** True when the title is our label (a post or letter has none): never in quotation marks. */
  readonly titleIsOurs: boolean;
  /** Null when our title already names it ("Andy Stone's post on X"). */
  readonly publisher: string | null;
  /** Left out (null) when the line beside it already gives the same date. */
  readonly date: string | null;
  readonly url: string | null;
  /** Plain words on what to know about it: "link not verified", … */
  readonly caveats: readonly string[];
}

/** A person or body, by name and in full ("Andy Stone, communications director, Meta"). */
export interface Person {
  readonly name: string;
  readonly line: string;
}

/**
 * How the source holds the words: `own` (the speaker's own document), `quoted` (a report
 * quoting the speaker's words), `reported` (the report's own words about what the speaker said).
 */
export type WordsKind = 'own' | 'quoted' | 'reported';

/** The speaker's own words that a copy renders or reports, shown beneath it. */
export interface OwnWords {
  readonly statementId: string;
  /** "Andy Stone's own words". */
  readonly label: string;
  readonly quote: string;
}

/** Everything a surface shows about whose words a quote is. */
export interface Attribution {
  /** Who wrote the exact words of the quote: the first name shown with it. */
  readonly wordsBy: Person;
  /** Whose position the words give. The same as `wordsBy` for the speaker's own words. */
  readonly speaker: Person;
  readonly kind: WordsKind;
  /** The first line beside the quote: "TechCrunch, reporting Andy Stone". */
  readonly lead: string;
  /** Who said it, where and when, for words that reach us through a report; null otherwise. */
  readonly said: string | null;
  /** How the source line begins: "In" or "As quoted in". */
  readonly sourceLead: string;
  /** The document holding the words. */
  readonly source: DocumentLine;
  /** The original document, shown when there is a link to it; null otherwise. */
  readonly original: DocumentLine | null;
  /** True where the quoted wording is known to differ from the original's. */
  readonly differsFromOriginal: boolean;
  /** What the record says, in our words: shown directly beneath the quote, before anything else. */
  readonly record: string | null;
  /** The speaker's own words for what a copy renders or reports. */
  readonly ownWords: OwnWords | null;
  /** False for a passage garbled past reading: `record` stands in its place, the words a step away. */
  readonly readable: boolean;
  /** Editor's note (ours). */
  readonly note: string | null;
}

/** "Name, role, organisation", leaving out what is unknown or repeated. */
export function speakerLine(speaker: Speaker): string {
  const parts = [speaker.name, speaker.role, speaker.organisation].filter((part): part is string =>
    Boolean(part),
  );
  return [...new Set(parts)].join(', ');
}

/** Plain words on a document's text and link, for attributions and the list of sources. */
export function caveatsOf(document: Document): string[] {
  const caveats: string[] = [];
  if (document.receivedCopy) caveats.push('the copy quoted here is garbled in places');
  if (document.url && !document.urlConfirmed) caveats.push('link not verified');
  return caveats;
}

/** Whether the pack quotes a document or only cites it, in plain words. */
export function holding(document: Document): string {
  return document.text === null ? 'details only: its text is not held here' : 'quoted here';
}

/** A document's line: title, publisher, date (unless `sameDate` already gives it), link, caveats. */
export function documentLine(document: Document, sameDate?: string): DocumentLine {
  const date = formatDate(document.date);
  return {
    title: document.title,
    titleIsOurs: document.titleIsOurs,
    publisher:
      document.titleIsOurs && document.title.endsWith(` ${document.publisher}`) ? null : document.publisher,
    date: date === sameDate ? null : date,
    url: document.url,
    caveats: caveatsOf(document),
  };
}

function mentions(speaker: Speaker, document: Document): boolean {
  const names = [speaker.name, speaker.organisation]
    .filter((name): name is string => Boolean(name))
    .map((name) => name.toLowerCase());
  return (
    names.includes(document.publisher.toLowerCase()) ||
    (document.author !== null && names.includes(document.author.toLowerCase()))
  );
}

/** Who wrote the words a report holds: its author where known, else its publisher. */
function reporter(document: Document): Person {
  return document.author === null
    ? { name: document.publisher, line: document.publisher }
    : { name: document.author, line: `${document.author}, ${document.publisher}` };
}

function possessive(name: string): string {
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}

/** Statements are frozen, so each one's attribution is worked out once. */
const attributions = new WeakMap<Statement, Attribution>();

/** The attribution of a statement. */
export function attribute(statement: Statement): Attribution {
  let found = attributions.get(statement);
  if (!found) {
    found = attributionOf(statement);
    attributions.set(statement, found);
  }
  return found;
}

function attributionOf(statement: Statement): Attribution {
  const speaker: Person = { name: statement.speaker.name, line: speakerLine(statement.speaker) };
  const kind: WordsKind =
    statement.wording === 'reported'
      ? 'reported'
      : statement.original !== null || !mentions(statement.speaker, statement.source)
        ? 'quoted'
        : 'own';
  const wordsBy = kind === 'reported' ? reporter(statement.source) : speaker;
  const saidOn = formatDate(statement.saidOn);
  const twin = statement.ownWords;
  return {
    wordsBy,
    speaker,
    kind,
    lead: kind === 'reported' ? `${wordsBy.line}, reporting ${speaker.name}` : speaker.line,
    said: kind === 'own' ? null : `Said by ${speaker.line}, in ${statement.saidIn}, ${saidOn}`,
    sourceLead: kind === 'quoted' ? 'As quoted in' : 'In',
    source: documentLine(statement.source, kind === 'own' ? undefined : saidOn),
    original: statement.original?.url ? documentLine(statement.original, saidOn) : null,
    differsFromOriginal: statement.differsFromOriginal,
    record: statement.record,
    ownWords: twin
      ? { statementId: twin.id, label: `${possessive(twin.speaker.name)} own words`, quote: twin.quote }
      : null,
    readable: statement.readable,
    note: statement.note,
  };
}

/** The record beneath a quote as one plain text: what it says, then the speaker's own words. */
export function recordText(attribution: Attribution): string | null {
  const { record, ownWords } = attribution;
  const own = ownWords ? `${ownWords.label}: “${ownWords.quote}”` : null;
  const parts = [record, own].filter((part): part is string => part !== null);
  return parts.length === 0 ? null : parts.join(' ');
}

/**
 * The statement whose quote stands for an event where one quote is shown (the JSON contract):
 * the first one readable as a quote, else the first.
 */
export function leadingStatement(event: TimelineEvent): Statement | null {
  return event.statements.find((statement) => statement.readable) ?? event.statements[0] ?? null;
}
