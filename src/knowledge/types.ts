/**
 * The knowledge pack as the rest of the program sees it: loaded, validated, cross-references
 * resolved to objects, and frozen. Nothing here knows which dispute the pack is about.
 */

/** How much of a date is known. */
export type DatePrecision = 'year' | 'month' | 'day';

/** A date at year, month or day precision, as written in the pack (`2017`, `2018-05`, `2024-04-02`). */
export interface PackDate {
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; sorts correctly as a string. */
  readonly iso: string;
  readonly precision: DatePrecision;
  /** Shown before the date: "about 2024-03-29", "by 2013". */
  readonly qualifier: 'about' | 'by' | null;
  /** False when the date is not established; renderers say "unconfirmed". */
  readonly confirmed: boolean;
}

/** What a document is; shown in attributions and `/sources`. */
export type DocumentKind =
  | 'news-article'
  | 'social-post'
  | 'blog-post'
  | 'press-release'
  | 'court-filing'
  | 'court-docket';

/**
 * A document: a source whose text the pack holds (quotes are checked against it), or a
 * reference known by its metadata only (cited so attribution can link to it).
 */
export interface Document {
  readonly id: string;
  /** The title as published, or our label when `titleIsOurs`. */
  readonly title: string;
  /** True when the document has no published title (a post, a sealed letter). */
  readonly titleIsOurs: boolean;
  readonly kind: DocumentKind;
  readonly publisher: string;
  /** Author's name; null when unknown or unconfirmed. */
  readonly author: string | null;
  readonly date: PackDate;
  /** Where to read it; null when no address is known. */
  readonly url: string | null;
  /** False when the address was inferred and not checked. */
  readonly urlConfirmed: boolean;
  /** How the pack obtained the text or the metadata, in our words. */
  readonly obtained: string;
  /** The text exactly as received, or null for a reference. */
  readonly text: string | null;
  /** True when the text is a copy whose wording differs from the original in places. */
  readonly receivedCopy: boolean;
  /** Editor's notes on the document (ours). */
  readonly notes: readonly string[];
  /** The document's own words, as quoted elsewhere, where the pack does not hold its text. */
  readonly excerpts: readonly string[];
  /** The pack file it came from, for messages. */
  readonly file: string;
}

/** Which side of the dispute a statement is on. */
export type Stance = 'claim' | 'denial' | 'context';

/** Who said something. */
export interface Speaker {
  readonly name: string;
  /** Their role at the time, e.g. "communications director". */
  readonly role: string | null;
  readonly organisation: string | null;
}

/** A curated, verbatim quote with its attribution. */
export interface Statement {
  readonly id: string;
  readonly stance: Stance;
  /**
   * `own` when the quote is the speaker's words (perhaps through a report); `reported` when it
   * is the source's account of what the speaker said, so the source is the one speaking.
   */
  readonly wording: 'own' | 'reported';
  /** A short label in our words, used by autocomplete and buttons. */
  readonly title: string;
  readonly speaker: Speaker;
  /** Where it was originally said, in our words ("a post on X", "a letter to the court"). */
  readonly saidIn: string;
  /** When it was originally said. */
  readonly saidOn: PackDate;
  /** The original document, when the pack knows it and it differs from `source`. */
  readonly original: Document | null;
  /** The document whose text holds the quote. */
  readonly source: Document;
  /** Exactly as in `source.text` (whitespace folded when checked). */
  readonly quote: string;
  /** Character offset of the quote in `source.text`. */
  readonly offset: number;
  readonly topics: readonly Topic[];
  /** How members ask for it, in their words ("kill shows"): searched below the quote's own words, never shown. */
  readonly phrasings: readonly string[];
  /** Statements this one answers (a denial answers claims; a claim may answer a denial). */
  readonly respondsTo: readonly Statement[];
  /** Statements that answer this one (the inverse of `respondsTo`, derived at load). */
  readonly answeredBy: readonly Statement[];
  /** Our note, e.g. where the received wording differs from the record. */
  readonly note: string | null;
  /** True where the quoted wording is known to differ from the original's. */
  readonly differsFromOriginal: boolean;
  /**
   * The statement holding, in the speaker's own words, what this quote copies, reports or
   * interprets (a copy's faithful twin, say). It always comes before this one, and its words
   * are shown beneath this one's.
   */
  readonly ownWords: Statement | null;
  /** What the record says, in our words; shown directly beneath the quote. */
  readonly record: string | null;
  /** False for a passage garbled past reading: shown as `record` (ours), the quote one step away. */
  readonly readable: boolean;
  readonly file: string;
}

/** Whether an event is established or only alleged. */
export type EventStatus = 'established' | 'alleged';

/** A dated event, summarised in our words and backed by statements or documents. */
export interface TimelineEvent {
  readonly id: string;
  readonly date: PackDate;
  /** Our words; never shown as a quote. */
  readonly summary: string;
  readonly status: EventStatus;
  /** Who acted. */
  readonly who: string | null;
  readonly statements: readonly Statement[];
  readonly documents: readonly Document[];
  /** Where the fact comes from when no pack document holds it, in our words. */
  readonly basis: string | null;
  /**
   * For an event that records something said the pack holds no quote of ("Netflix says it never
   * accessed…"): whether it was a claim or a denial. `/claim` and `/denial` find it beside the
   * quotes of that stance.
   */
  readonly stance: 'claim' | 'denial' | null;
  /** Events that give a different account of the same thing. */
  readonly disputedBy: readonly TimelineEvent[];
  readonly topics: readonly Topic[];
  /** How members ask for it, in their words ("when did it come out"): searched, never shown. */
  readonly phrasings: readonly string[];
  readonly file: string;
}

/** A subject people ask about, with the other words they use for it. */
export interface Topic {
  readonly id: string;
  readonly name: string;
  /** Other names and spellings: "DMs", "FB", "e2ee", "biweekly". */
  readonly aliases: readonly string[];
  /**
   * Ways members ask about it that are not other names for it ("kill shows" for a budget cut):
   * searched below its name and aliases, never shown.
   */
  readonly phrasings: readonly string[];
}

/** Facts about the pack itself. */
export interface PackMeta {
  readonly id: string;
  readonly title: string;
  readonly version: string;
  /** The record is complete as of this day. */
  readonly asOf: string;
  readonly description: string;
  /** Example queries offered when nothing matches. */
  readonly suggestions: readonly string[];
}

/**
 * A statement corrected or withdrawn after answers showing it may have been posted. Answers
 * already posted are updated to show the change.
 */
export interface Correction {
  /** The statement's id; for a withdrawal, an id no longer in the pack. */
  readonly statementId: string;
  /** When the correction was made, `YYYY-MM-DD`. */
  readonly date: string;
  /** What changed, in our words. */
  readonly change: string;
  readonly withdrawn: boolean;
  /**
   * Identifies this correction: `<statement>@<date>`, then `<statement>@<date>#2` and so on for
   * further corrections of the statement that day, in the file's order.
   */
  readonly key: string;
  readonly file: string;
}

/** A loaded, valid, frozen pack. */
export interface Pack {
  readonly meta: PackMeta;
  readonly documents: readonly Document[];
  readonly statements: readonly Statement[];
  readonly timeline: readonly TimelineEvent[];
  readonly topics: readonly Topic[];
  /** Corrections and withdrawals, oldest first. */
  readonly corrections: readonly Correction[];
  readonly byId: {
    readonly documents: ReadonlyMap<string, Document>;
    readonly statements: ReadonlyMap<string, Statement>;
    readonly events: ReadonlyMap<string, TimelineEvent>;
    readonly topics: ReadonlyMap<string, Topic>;
  };
}

/** One thing wrong with a pack: where it is and what is wrong. */
export interface PackProblem {
  /** Path of the file, relative to the pack's folder. */
  readonly file: string;
  /** The item's id (or `#index` when it has none); null for a problem with the whole file. */
  readonly item: string | null;
  /** Dotted path of the field, or null. */
  readonly field: string | null;
  readonly message: string;
}
