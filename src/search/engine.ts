/**
 * Search over a pack: two MiniSearch indexes (statements and timeline events) sharing one
 * lexicon, ranked together or apart. A result must satisfy enough of the query, weighed by how
 * telling each word is, or it is not shown at all: unrelated questions get nothing rather than
 * weak matches. What a question asks for ("when", "who", "how much", "is it true") steers the
 * order.
 */
import MiniSearch, { type Options, type SearchResult } from 'minisearch';
import type { Mark } from '../answers/types.js';
import type { Pack, Stance, Statement, TimelineEvent } from '../knowledge/types.js';
import { stem, tokenize } from './analyze.js';
import {
  buildLexicon,
  isTopicTerm,
  itemTerm,
  type Lexicon,
  type LexiconState,
  lexiconState,
  rarity,
  restoreLexicon,
  topicTerm,
} from './lexicon.js';
import {
  type Alternative,
  type AnalyzeOptions,
  analyzeQuery,
  isYear,
  type Query,
  type Slot,
} from './query.js';
import { selectBest } from './select.js';
import { inPeriod } from './when.js';

/** Tuning of relevance; the defaults suit a pack of tens to thousands of statements. */
export interface RelevanceOptions {
  /** Share of the query's weight a result must satisfy to answer it. Default 0.5. */
  readonly minCoverage?: number;
  /** A result scoring below this share of the best one is dropped. Default 0.2. */
  readonly relativeFloor?: number;
  /**
   * A result must meet more than this share of a question's telling words, counted, when it
   * has two or more: one word of two is not half an answer, however rare. A telling word is
   * any but one the pack never uses that is common in English ("guy", "job"). Default 0.5.
   */
  readonly minWords?: number;
  /**
   * A telling word counts as met (for `minWords`) only where a match satisfies at least this
   * share of its weight: one met only in an aside (our note, where a quote was said, an event's
   * basis) is mentioned there, not answered. Default 0.75.
   */
  readonly minWordReach?: number;
  /**
   * A question naming something and asking something of it ("how much did musk pay for
   * twitter") is answered only by a result meeting at least this many words of its predicate
   * (its telling words other than names) in its own words: a result that meets only the names
   * is about them, not about what is asked. Chosen from the eval sets' figures: see the README.
   */
  readonly minPredicate?: number;
  /**
   * A question holding a word the pack never uses that is rare in English (a name or subject it
   * does not hold: "tiktok", "shadowbanning") is answered only by a result satisfying at least
   * this share of its weight, and never with the closest the sources come: what it names beside
   * that word is most likely all it shares with the pack. Chosen from the eval sets' figures:
   * see the README.
   */
  readonly foreignCoverage?: number;
  /**
   * When nothing answers the question, the closest the sources come: the results satisfying at
   * least this share of its weight. Null: nothing rather than the closest. Chosen from the eval
   * sets' figures (`npm run eval -- --scores`): see the README.
   */
  readonly closest?: { readonly minCoverage: number } | null;
  /**
   * A long question (a run-on message, a story told around what is asked) is met by less than
   * half of all it says: a result satisfying `minCoverage` of at most `rarestWords` of the pack's
   * rarest words' weight, and meeting `words` of its telling words, meets enough of it. Chosen
   * from the eval sets' figures: see the README.
   */
  readonly longQuestion?: { readonly rarestWords: number; readonly words: number };
}

/** Default relevance: half the query's weight satisfied, and at least a fifth of the best score. */
export const defaultRelevance = {
  minCoverage: 0.5,
  relativeFloor: 0.2,
  minWords: 0.5,
  minWordReach: 0.75,
  minPredicate: 1,
  foreignCoverage: 0.7,
  closest: { minCoverage: 0.45 },
  longQuestion: { rarestWords: 3.2, words: 4 },
} as const satisfies Required<RelevanceOptions>;

/** How a question's kind steers the order: multipliers on a result's score. */
export interface Steering {
  /** "when": dated events over quotes. */
  readonly when: { readonly event: number };
  /**
   * "who": results whose speaker (or an event's actor) the question names; and events against
   * quotes, since an event says who acted ("who wrote that 2018 post": the event naming its author).
   */
  readonly who: { readonly speaker: number; readonly event: number };
  /**
   * "what did … say", "did … deny": quotes whose speaker the question names, and events that
   * record what their actor said.
   */
  readonly said: { readonly speaker: number };
  /** "how much": results that hold a figure; with none, nothing answers. */
  readonly amount: { readonly figure: number };
  /** "is it true": the claims. */
  readonly status: { readonly claim: number };
  /**
   * A question naming one topic and nothing else ("klein v meta whats that case about", "how old
   * is this lawsuit"): the items first about it (it leads their topics).
   */
  readonly about: { readonly subject: number };
  /**
   * "right now", "nowadays": the sources are a record up to a date, so such a question is
   * answered only when it names what they cover, not just the parties: the best result must
   * satisfy this much of its weight, in the item's own words (a match only in our notes, the
   * phrasings members use or the documents cited counts for nothing).
   */
  readonly now: { readonly minWeight: number };
  /**
   * A question naming someone or something asks about them: a result meeting none of its names
   * ("when did andy stone post his reply", answered by Musk's replies) comes after those that do.
   */
  readonly unnamed: number;
  /** Any other question: events (our summaries) against quotes (the sources' words). */
  readonly event: number;
  /** What a figure looks like: an amount of money, a count in millions, a share. */
  readonly figure: RegExp;
}

/** Default steering. */
export const defaultSteering = {
  when: { event: 1.5 },
  who: { speaker: 1.3, event: 1 },
  said: { speaker: 1.6 },
  amount: { figure: 1.4 },
  status: { claim: 1.2 },
  about: { subject: 2 },
  unnamed: 0.6,
  now: { minWeight: 1.5 },
  event: 0.8,
  figure: /[$€£¥]\s?\d|\d[\d,.]*\s?(?:million|billion|thousand|bn|m|k|%|percent)\b/i,
} as const satisfies Steering;

/**
 * The topic every word of a question names (through the topic, its aliases or its phrasings),
 * when there is exactly one.
 */
function soleTopic(query: Query): string | null {
  // Lists rather than sets: a slot names a handful of topics.
  let shared: string[] | null = null;
  for (const slot of query.slots) {
    if (!(slot.weight > 0)) continue;
    const named: string[] = [];
    for (const alternative of slot.alternatives)
      if (alternative.kind === 'topic' || alternative.kind === 'phrasing')
        for (const term of alternative.terms)
          if (isTopicTerm(term) && (!shared || shared.includes(term)) && !named.includes(term))
            named.push(term);
    shared = named;
    if (shared.length === 0) return null;
  }
  return shared?.length === 1 ? (shared[0] as string) : null;
}

/** What scoring reads of a query's slots, worked out once per query for both indexes. */
interface QueryFacts {
  readonly slots: readonly Slot[];
  /** The weight of all the slots. */
  readonly fullWeight: number;
  /**
   * Per slot, true for a phrasing made of stop words ("come out"): it counts for the items that
   * carry it, and not against those that do not, since its words alone say nothing.
   */
  readonly optional: readonly boolean[];
  /** The weight of the slots that are not optional. */
  readonly coreWeight: number;
  /** Per slot, true for a year: it says when, not what. */
  readonly years: readonly boolean[];
  /** True when a slot that weighs something is not a year. */
  readonly asksBeyondYears: boolean;
  /** True when a slot that weighs something is a name. */
  readonly namesAsked: boolean;
  /** True when a slot that weighs something is of the predicate. */
  readonly predicateAsked: boolean;
  /** True when a slot that weighs something is a foreign word. */
  readonly foreignAsked: boolean;
  /** How many slots that weigh something are telling. */
  readonly tellingTotal: number;
}

function queryFacts(query: Query): QueryFacts {
  const { slots } = query;
  const optional: boolean[] = [];
  const years: boolean[] = [];
  let fullWeight = 0;
  let coreWeight = 0;
  let asksBeyondYears = false;
  let namesAsked = false;
  let predicateAsked = false;
  let foreignAsked = false;
  let tellingTotal = 0;
  for (const slot of slots) {
    let phrasingOnly = true;
    for (const alternative of slot.alternatives) if (alternative.kind !== 'phrasing') phrasingOnly = false;
    const year = isYear(slot);
    optional.push(phrasingOnly);
    years.push(year);
    fullWeight += slot.weight;
    coreWeight += phrasingOnly ? 0 : slot.weight;
    if (!(slot.weight > 0)) continue;
    if (!year) asksBeyondYears = true;
    if (slot.name) namesAsked = true;
    if (slot.predicate) predicateAsked = true;
    if (slot.foreign) foreignAsked = true;
    if (slot.telling) tellingTotal += 1;
  }
  return {
    slots,
    fullWeight,
    optional,
    coreWeight,
    years,
    asksBeyondYears,
    namesAsked,
    predicateAsked,
    foreignAsked,
    tellingTotal,
  };
}

/**
 * How search chooses between two ways of doing the same work; never what it finds. A lookup of
 * one item's match (a binary search) costs about `lookup` steps of a walk over a match list: the
 * matched words of a page are looked up, those of a long ranking gathered in one walk.
 */
export const searchCost = {
  lookup: 32,
  /**
   * How many partial words that extend nothing in the pack an index remembers, so a question
   * asked again does not search for them again; past this many it forgets them all (typed text
   * is unbounded).
   */
  misses: 4096,
  /**
   * How many slots' merged match lists (see {@link ItemIndex}) an index remembers; past this many
   * it forgets them all (slots are made of typed words too).
   */
  slots: 4096,
} as const;

/** A search result. */
export interface Scored<T> {
  readonly item: T;
  readonly score: number;
  /** Share of the query's weight this result satisfies, 0–1. */
  readonly coverage: number;
  /** The query's weight this result satisfies (coverage times the query's total weight). */
  readonly weight: number;
  /** Indexed stems this result matched, for marking words. */
  readonly matched: ReadonlySet<string>;
}

/** A result of {@link Search.find}: a statement or a timeline event. */
export type Found =
  | ({ readonly kind: 'statement' } & Scored<Statement>)
  | ({ readonly kind: 'event' } & Scored<TimelineEvent>);

/** How well the sources answer a question. */
export type MatchKind = 'direct' | 'closest' | 'none';

/** What {@link Search.find} found. */
export interface Finding {
  /** Best first: all of them, or the first {@link FindOptions.limit}. */
  readonly hits: readonly Found[];
  /** How many results there are, however many `hits` holds. */
  readonly total: number;
  /** direct: the results answer the question; closest: the nearest the sources come; none. */
  readonly match: MatchKind;
  /** The best candidate's coverage and weight, whatever the outcome: the figures the rule reads. */
  readonly best: { readonly coverage: number; readonly weight: number } | null;
}

/** What {@link Search.find} searches. */
export interface FindOptions {
  /** Statements, of these stances only when given. Default: statements of every stance. */
  readonly stances?: readonly Stance[];
  /** Rank statements. Default true. */
  readonly statements?: boolean;
  /** Rank timeline events too (or alone). Default false. */
  readonly events?: boolean;
  readonly relevance?: RelevanceOptions;
  /**
   * Rank only this many, best first (a page and those before it): every result is still scored
   * and counted in `total`, but only these are ordered and have their matched words gathered.
   * Default: all.
   */
  readonly limit?: number;
}

interface IndexedText {
  readonly id: string;
  readonly [field: string]: string;
}

const STATEMENT_BOOST = {
  title: 1,
  quote: 1,
  speaker: 1.2,
  tags: 1,
  context: 0.6,
  note: 0.4,
  asked: 0.5,
  recorded: 0.6,
  saidIn: 0.5,
};
const EVENT_BOOST = {
  summary: 1.5,
  who: 1,
  tags: 1,
  quotes: 0.6,
  sources: 0.5,
  basis: 0.3,
  asked: 0.5,
  year: 0.5,
};

/**
 * The share of a word's weight a match satisfies when it is met only in a field that is not the
 * item's own words: our notes and an event's basis (an aside should not answer a question), the
 * quotes and documents an event cites (each quote is a result of its own, so a word met only
 * there supports the event rather than answers with it), and the phrasings members use for it
 * (below the source's own words). A match in any other field satisfies it all.
 */
const FIELD_SHARE: Readonly<Record<string, number>> = {
  context: 0.5,
  note: 0.5,
  basis: 0.5,
  sources: 0.5,
  quotes: 0.75,
  asked: 0.75,
  recorded: 0.75,
  saidIn: 0.75,
};

/** The timeline keeps only the matches near the best one: after the event asked about, it shows them by date. */
export const timelineRelevance = { relativeFloor: 0.5 } as const satisfies RelevanceOptions;

/** A speaker's own words rank a little above a report's account of them, other things equal. */
const REPORTED_WORDING = 0.9;

/** Short fields (a title, a quote) should not be outscored by long ones for repeating a word. */
const BM25 = { k: 1.2, b: 0.5, d: 0.5 };

/** The field holding topic terms (`#topic-id`), indexed as they are. */
const TAGS = 'tags';

/** Topic terms, and the item's own term when phrasings name it. */
function tagsOf(item: Statement | TimelineEvent, kind: 'statement' | 'event'): string {
  const tags = item.topics.map(topicTerm);
  if (item.phrasings.length > 0) tags.push(itemTerm(kind, item.id));
  return tags.join(' ');
}

/**
 * The words a statement's record quotes (the original's, where a copy differs from it): members
 * who know the original ask in its words.
 */
function recordedWords(record: string | null): string {
  return record === null ? '' : [...record.matchAll(/“([^”]+)”/g)].map((match) => match[1]).join(' ');
}

/** How members ask for an item: its own phrasings and its topics'. */
function phrasingsOf(item: Statement | TimelineEvent): string {
  return [...item.phrasings, ...item.topics.flatMap((topic) => topic.phrasings)].join(' ');
}

function statementText(statement: Statement): IndexedText {
  const { speaker, source, original } = statement;
  return {
    id: statement.id,
    title: statement.title,
    // A passage garbled past reading is shown as what it reports, in our words: found by those.
    quote: statement.readable ? statement.quote : (statement.record ?? ''),
    speaker: [speaker.name, speaker.role, speaker.organisation].filter(Boolean).join(' '),
    tags: tagsOf(statement, 'statement'),
    // The source's own title is left out: a report's headline names the whole dispute and
    // would match every quote taken from it.
    context: [statement.saidIn, source.publisher, original?.title, original?.publisher]
      .filter(Boolean)
      .join(' '),
    note: statement.note ?? '',
    asked: phrasingsOf(statement),
    recorded: statement.readable ? recordedWords(statement.record) : '',
    saidIn: statement.saidOn.iso.slice(0, 4),
  };
}

function eventText(event: TimelineEvent): IndexedText {
  return {
    id: event.id,
    summary: event.summary,
    who: event.who ?? '',
    tags: tagsOf(event, 'event'),
    quotes: event.statements.map((statement) => statement.quote).join(' '),
    sources: event.documents.map((document) => `${document.title} ${document.publisher}`).join(' '),
    basis: event.basis ?? '',
    asked: phrasingsOf(event),
    year: event.date.iso.slice(0, 4),
  };
}

/** One alternative's matches in one index, scored once: the index never changes. */
interface Postings {
  /** Positions of the matching items in the index's item list, in ascending order. */
  readonly items: Int32Array;
  /** Each match's score as a share of the best match's, as a slot counts it: 0.7 + 0.3 × score / best. */
  readonly strength: Float64Array;
  /** The indexed terms each match matched. */
  readonly terms: readonly (readonly string[])[];
  /** 1 where the match was in the item's speaker (or actor) field. */
  readonly inRole: Uint8Array;
  /** The share of the slot's weight each match satisfies: less when met only in an aside. */
  readonly reach: Float64Array;
}

const NO_POSTINGS: Postings = {
  items: new Int32Array(0),
  strength: new Float64Array(0),
  terms: [],
  inRole: new Uint8Array(0),
  reach: new Float64Array(0),
};

/**
 * The matches of a slot's alternatives in one index, merged: each item once, in ascending order,
 * so every slot, of one alternative or many, is added up in one pass. A slot's score for an item is the
 * best of its alternatives' (slot weight × factor) × strength; since that product grows with the
 * strength for a given factor, only the best strength per distinct factor is kept, and the best
 * is taken at query time over those, giving exactly the sums the alternatives' lists would.
 */
interface SlotPostings {
  readonly items: Int32Array;
  /** The alternatives' factors, each once. */
  readonly factors: Float64Array;
  /** Scratch space for a query: the slot's weight times each factor. */
  readonly weighted: Float64Array;
  /** Per item, per factor (`factors.length` a row): the best strength of a match with that factor, or 0. */
  readonly strength: Float64Array;
  /** Per item, the most any of its matches reaches. */
  readonly reach: Float64Array;
  /** 1 where one of the item's matches was in the speaker (or actor) field. */
  readonly inRole: Uint8Array;
}

/** The merged match lists of the slots whose alternatives begin with the path to this node. */
interface SlotNode {
  readonly next: WeakMap<Alternative, SlotNode>;
  /** For the slot ending here: all its matches, and those in the item's own words only. */
  all?: SlotPostings;
  ownWordsOnly?: SlotPostings;
}

/**
 * Merges a slot's alternatives' matches (`found`, with each alternative's `factors`); with
 * `ownWordsOnly`, of the matches that satisfy the whole of a word's weight only.
 */
function mergePostings(
  found: readonly Postings[],
  factors: readonly number[],
  ownWordsOnly: boolean,
): SlotPostings {
  const distinct: number[] = [];
  const columns = factors.map((factor) => {
    const at = distinct.indexOf(factor);
    if (at >= 0) return at;
    distinct.push(factor);
    return distinct.length - 1;
  });
  const rows = new Map<number, number>();
  found.forEach((postings) => {
    for (let k = 0; k < postings.items.length; k++)
      if (!ownWordsOnly || (postings.reach[k] as number) >= 1) rows.set(postings.items[k] as number, 0);
  });
  const items = Int32Array.from(rows.keys()).sort();
  items.forEach((at, row) => {
    rows.set(at, row);
  });
  const width = distinct.length;
  const strength = new Float64Array(items.length * width);
  const reach = new Float64Array(items.length);
  const inRole = new Uint8Array(items.length);
  found.forEach((postings, alternative) => {
    const column = columns[alternative] as number;
    for (let k = 0; k < postings.items.length; k++) {
      const met = postings.reach[k] as number;
      if (ownWordsOnly && met < 1) continue;
      const row = rows.get(postings.items[k] as number) as number;
      const cell = row * width + column;
      strength[cell] = Math.max(strength[cell] as number, postings.strength[k] as number);
      reach[row] = Math.max(reach[row] as number, met);
      if (postings.inRole[k] === 1) inRole[row] = 1;
    }
  });
  return {
    items,
    factors: Float64Array.from(distinct),
    weighted: new Float64Array(width),
    strength,
    reach,
    inRole,
  };
}

/** Where `at` stands in `found.items`, or -1 when it is not among them. */
function matchOf(found: Postings, at: number): number {
  const { items } = found;
  let low = 0;
  let high = items.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = items[middle] as number;
    if (value < at) low = middle + 1;
    else if (value > at) high = middle - 1;
    else return middle;
  }
  return -1;
}

/**
 * What {@link ItemIndex.score} found: `count` items, each as its position, score, coverage and
 * the weight it meets (in the index's own arrays, good until its next query: no object per
 * item), and the matches it used (for marking words).
 */
interface Scoring {
  readonly count: number;
  readonly at: Int32Array;
  readonly score: Float64Array;
  /** The score before what the question asks for steered it: what weak results are judged by. */
  readonly plain: Float64Array;
  readonly coverage: Float64Array;
  readonly weight: Float64Array;
  readonly used: readonly Postings[];
}

const NO_SCORING: Scoring = {
  count: 0,
  at: new Int32Array(0),
  score: new Float64Array(0),
  plain: new Float64Array(0),
  coverage: new Float64Array(0),
  weight: new Float64Array(0),
  used: [],
};

/**
 * How {@link ItemIndex.score} weighs an item, by its position: what a result's score is multiplied by: `plain`, for what the result is (an event, a report's
 * wording); `steered`, that and what the question asks for besides.
 */
interface Weigh {
  readonly plain: (at: number) => number;
  readonly steered: (at: number, namedSpeaker: boolean) => number;
  /** Besides `steered`, for a result meeting none of the names a question asks about. */
  readonly unnamed: number;
}

/**
 * One MiniSearch index over a list of items, with what ranking reuses between queries: each
 * alternative's scored matches (kept the first time a query asks for them; only for terms the
 * pack uses, so what is kept is bounded by the pack), each slot's alternatives' matches merged
 * into one list (at most {@link searchCost.slots} of them), and per-item scratch space for adding up a query's slots
 * without allocating per match.
 */
class ItemIndex<T extends { readonly id: string }> {
  private readonly index: MiniSearch<IndexedText>;
  private readonly position: Map<string, number>;
  private readonly postings = new Map<string, Postings>();
  /**
   * The same matches by the alternative asking for them: analysis hands out one object for the
   * same way of meeting a word, so most alternatives are found here without building a key.
   */
  private readonly byAlternative = new WeakMap<Alternative, Postings>();
  /** Slots' merged match lists, by their alternatives in order (at most {@link searchCost.slots}). */
  private slotRoot: SlotNode = { next: new WeakMap() };
  private slotCount = 0;
  /** Partial words that extend nothing here (at most {@link searchCost.misses}). */
  private readonly misses = new Set<string>();
  private readonly slotReach: Float64Array;
  private readonly sum: Float64Array;
  private readonly satisfied: Float64Array;
  private readonly met: Int32Array;
  private readonly predicateMet: Int32Array;
  private readonly optionalMet: Float64Array;
  private readonly beyondYears: Uint8Array;
  private readonly nameMet: Uint8Array;
  private readonly touched: Int32Array;
  private readonly hitAt: Int32Array;
  private readonly namedSpeaker: Uint8Array;
  private readonly entryAt: Int32Array;
  private readonly entryScore: Float64Array;
  private readonly entryPlain: Float64Array;
  private readonly entryCoverage: Float64Array;
  private readonly entryWeight: Float64Array;
  /** Which items a filter allows (1) or not (0), by the filter's name: worked out once per index. */
  private readonly masks = new Map<string, Uint8Array>();
  /** Each item's place in the order of ids, which breaks ties between equal scores. */
  readonly idOrder: Int32Array;

  constructor(
    readonly items: readonly T[],
    texts: readonly IndexedText[] | string,
    options: Options<IndexedText>,
    private readonly boost: Record<string, number>,
    private readonly known: ReadonlyMap<string, number>,
    /** The field naming who speaks or acts, for "who" questions. */
    private readonly roleField: string,
  ) {
    if (typeof texts === 'string') {
      this.index = MiniSearch.loadJSON(texts, options);
    } else {
      this.index = new MiniSearch(options);
      this.index.addAll(texts);
    }
    this.position = new Map(items.map((item, at) => [item.id, at]));
    const n = items.length;
    this.slotReach = new Float64Array(n);
    this.sum = new Float64Array(n);
    this.satisfied = new Float64Array(n);
    this.met = new Int32Array(n);
    this.predicateMet = new Int32Array(n);
    this.optionalMet = new Float64Array(n);
    this.beyondYears = new Uint8Array(n);
    this.nameMet = new Uint8Array(n);
    this.touched = new Int32Array(n);
    this.hitAt = new Int32Array(n);
    this.namedSpeaker = new Uint8Array(n);
    this.entryAt = new Int32Array(n);
    this.entryScore = new Float64Array(n);
    this.entryPlain = new Float64Array(n);
    this.entryCoverage = new Float64Array(n);
    this.entryWeight = new Float64Array(n);
    this.idOrder = new Int32Array(n);
    const byId = items.map((item, at) => ({ id: item.id, at }));
    byId.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    byId.forEach(({ at }, place) => {
      this.idOrder[at] = place;
    });
  }

  /** The MiniSearch index as JSON text. */
  indexJson(): string {
    return JSON.stringify(this.index);
  }

  /**
   * 1 for each item `allowed` allows, 0 for the others; kept under `key` when one is given (a
   * filter that comes back, such as a stance), so it is worked out once.
   */
  mask(allowed: (item: T) => boolean, key?: string): Uint8Array {
    const kept = key === undefined ? undefined : this.masks.get(key);
    if (kept) return kept;
    const mask = Uint8Array.from(this.items, (item) => (allowed(item) ? 1 : 0));
    if (key !== undefined) this.masks.set(key, mask);
    return mask;
  }

  /** The matches of one alternative, scored by MiniSearch (once) and scaled to the best of them. */
  private match(alternative: Alternative): Postings {
    const kept = this.byAlternative.get(alternative);
    if (kept) return kept;
    const found = this.matchTerms(alternative);
    this.byAlternative.set(alternative, found);
    return found;
  }

  /** {@link match}, for an alternative not asked for before. */
  private matchTerms(alternative: Alternative): Postings {
    const prefix = alternative.kind === 'prefix';
    // A word the pack never uses matches nothing (the lexicon holds every indexed term).
    const { terms } = alternative;
    if (!prefix) for (const term of terms) if (!this.known.has(term)) return NO_POSTINGS;
    // A lone whole term (most alternatives) is its own key: terms hold no spaces, '*' or '='.
    const key =
      !prefix && terms.length === 1 ? (terms[0] as string) : `${prefix ? '*' : '='}${terms.join(' ')}`;
    const kept = this.postings.get(key);
    if (kept) return kept;
    if (this.misses.has(key)) return NO_POSTINGS;
    const [first, ...rest] = alternative.terms as [string, ...string[]];
    const options = { boost: this.boost, prefix, bm25: BM25 };
    let results: SearchResult[] =
      rest.length === 0
        ? this.index.search(first, options)
        : this.index.search({ combineWith: 'AND', queries: [first, ...rest] }, options);
    const top = results[0]?.score ?? 1;
    // Matches of the same terms share one list (all of them, unless the word is a prefix).
    const lists = new Map<string, readonly string[]>();
    const listOf = (terms: readonly string[]) => {
      const own = terms.filter((term) => !term.startsWith('#'));
      const key = own.join(' ');
      const shared = lists.get(key);
      if (shared) return shared;
      lists.set(key, own);
      return own;
    };
    const role = this.roleField;
    // In the order of the item list, not of score: adding up then walks the per-item arrays in
    // order, and one item's match is found by binary search.
    const placed = results
      .map((result) => ({ result, at: this.position.get(String(result.id)) as number }))
      .sort((a, b) => a.at - b.at);
    results = placed.map(({ result }) => result);
    const found: Postings = {
      items: Int32Array.from(placed, ({ at }) => at),
      strength: Float64Array.from(results, (result) => 0.7 + (0.3 * result.score) / top),
      terms: results.map((result) => listOf(result.terms)),
      inRole: Uint8Array.from(results, (result) =>
        Object.values(result.match).some((fields) => fields.includes(role)) ? 1 : 0,
      ),
      reach: Float64Array.from(results, (result) =>
        Math.min(
          1,
          ...Object.values(result.match).map((fields) =>
            Math.max(...fields.map((field) => FIELD_SHARE[field] ?? 1)),
          ),
        ),
      ),
    };
    for (let k = 0; k < found.strength.length; k++)
      found.strength[k] = (found.strength[k] as number) * (found.reach[k] as number);
    // A partial word the pack does not extend is not kept: typed text is unbounded.
    if (!prefix || results.length > 0) this.postings.set(key, found);
    else {
      if (this.misses.size >= searchCost.misses) this.misses.clear();
      this.misses.add(key);
    }
    return found;
  }

  /** The merged matches of a slot with these alternatives (`found` their matches), made once. */
  private slotPostings(
    alternatives: readonly Alternative[],
    found: readonly Postings[],
    ownWordsOnly: boolean,
  ): SlotPostings {
    if (this.slotCount >= searchCost.slots) {
      this.slotRoot = { next: new WeakMap() };
      this.slotCount = 0;
    }
    let node = this.slotRoot;
    for (const alternative of alternatives) {
      let next = node.next.get(alternative);
      if (!next) {
        next = { next: new WeakMap() };
        node.next.set(alternative, next);
      }
      node = next;
    }
    const kept = ownWordsOnly ? node.ownWordsOnly : node.all;
    if (kept) return kept;
    const merged = mergePostings(
      found,
      alternatives.map((alternative) => alternative.factor),
      ownWordsOnly,
    );
    if (ownWordsOnly) node.ownWordsOnly = merged;
    else node.all = merged;
    this.slotCount += 1;
    return merged;
  }

  /**
   * The items that satisfy enough of the query. Each alternative's scores are
   * scaled to its best match, so a slot's score says how well an item meets it (typed words
   * over topic words over guesses), not how long the field is; an item's score is the sum of
   * its slots' best, times the share of the query's weight it satisfies, times `weigh`.
   * Only items `allowed` marks 1 (all when null) are added up at all. Unsorted; `best` is raised
   * to the best coverage (and weight) of any item allowed.
   */
  score(
    facts: QueryFacts,
    allowed: Uint8Array | null,
    limits: {
      readonly minCoverage: number;
      readonly minWords: number;
      readonly minWordReach: number;
      readonly minPredicate: number;
      readonly ownWordsOnly: boolean;
      /** The most weight a result must meet a share of, and the most telling words it must meet. */
      readonly enoughWeight: number;
      readonly enoughWords: number;
    },
    weigh: Weigh,
    best: { coverage: number; weight: number },
  ): Scoring {
    const { minCoverage, minWords, minWordReach, ownWordsOnly } = limits;
    const { fullWeight, optional, coreWeight, namesAsked, years, asksBeyondYears, tellingTotal } = facts;
    // The predicate is asked for only when the question also names something.
    const minPredicate = namesAsked && facts.predicateAsked ? limits.minPredicate : 0;
    if (fullWeight === 0) return NO_SCORING;
    const anyCore = coreWeight > 0;
    const totalWeight = Math.min(anyCore ? coreWeight : fullWeight, limits.enoughWeight);
    const { optionalMet, beyondYears, nameMet } = this;
    // Matched first, so nothing that could throw runs while the scratch space is in use.
    const matches = facts.slots.map((slot) =>
      slot.alternatives.map((alternative) => this.match(alternative)),
    );
    const slotPostings = facts.slots.map((slot, slotIndex) =>
      slot.weight > 0
        ? this.slotPostings(slot.alternatives, matches[slotIndex] as Postings[], ownWordsOnly)
        : null,
    );
    const used: Postings[] = [];
    for (const found of matches) for (const one of found) if (one.items.length > 0) used.push(one);
    const { slotReach, sum, satisfied, met, predicateMet, touched, namedSpeaker } = this;
    let touchedCount = 0;
    facts.slots.forEach((slot, slotIndex) => {
      // A slot that weighs nothing adds nothing (and marks no item as touched).
      if (!(slot.weight > 0)) return;
      // The slot's alternatives' matches merged, each item once, its best alternative's score.
      const merged = slotPostings[slotIndex] as SlotPostings;
      const width = merged.factors.length;
      const { weighted } = merged;
      for (let c = 0; c < width; c++) weighted[c] = slot.weight * (merged.factors[c] as number);
      for (let k = 0; k < merged.items.length; k++) {
        const at = merged.items[k] as number;
        if (allowed !== null && allowed[at] === 0) continue;
        if (merged.inRole[k] === 1) namedSpeaker[at] = 1;
        let score = 0;
        for (let c = 0; c < width; c++) {
          const one = (weighted[c] as number) * (merged.strength[k * width + c] as number);
          if (one > score) score = one;
        }
        const reach = Math.max(merged.reach[k] as number, slotReach[at] as number);
        if (!(score > 0)) {
          slotReach[at] = reach;
          continue;
        }
        if (satisfied[at] === 0) touched[touchedCount++] = at;
        sum[at] = (sum[at] as number) + score;
        satisfied[at] = (satisfied[at] as number) + slot.weight * reach;
        if (anyCore && optional[slotIndex]) optionalMet[at] = (optionalMet[at] as number) + slot.weight;
        if (!years[slotIndex]) beyondYears[at] = 1;
        const reached = reach + 1e-9 >= minWordReach;
        if (slot.name && reached) nameMet[at] = 1;
        if (slot.telling && reached) met[at] = (met[at] as number) + 1;
        if (slot.predicate && reached) predicateMet[at] = (predicateMet[at] as number) + 1;
        slotReach[at] = 0;
      }
    });

    const { entryAt, entryScore, entryPlain, entryCoverage, entryWeight } = this;
    let count = 0;
    for (let k = 0; k < touchedCount; k++) {
      const at = touched[k] as number;
      const weight = satisfied[at] as number;
      const coverage = weight / (totalWeight + (optionalMet[at] as number));
      optionalMet[at] = 0;
      const score = (sum[at] as number) * (weight / fullWeight);
      const named = namedSpeaker[at] === 1;
      // Meeting too few of a question's telling words is not meeting it, however much they weigh.
      const fewWords =
        (tellingTotal >= 2 &&
          (met[at] as number) < Math.min(Math.floor(tellingTotal * minWords) + 1, limits.enoughWords)) ||
        (predicateMet[at] as number) < minPredicate ||
        // A year says when, not what: a result meeting only the years of a question that asks
        // more ("who won the 2022 world cup") does not answer it.
        (asksBeyondYears && beyondYears[at] === 0);
      beyondYears[at] = 0;
      const unnamed = nameMet[at] === 0;
      nameMet[at] = 0;
      sum[at] = 0;
      satisfied[at] = 0;
      namedSpeaker[at] = 0;
      met[at] = 0;
      predicateMet[at] = 0;
      if (fewWords) continue;
      if (coverage > best.coverage || (coverage === best.coverage && weight > best.weight)) {
        best.coverage = coverage;
        best.weight = weight;
      }
      if (coverage + 1e-9 < minCoverage) continue;
      entryAt[count] = at;
      entryScore[count] = score * weigh.steered(at, named) * (namesAsked && unnamed ? weigh.unnamed : 1);
      entryPlain[count] = score * weigh.plain(at);
      entryCoverage[count] = coverage;
      entryWeight[count] = weight;
      count += 1;
    }
    return {
      count,
      at: entryAt,
      score: entryScore,
      plain: entryPlain,
      coverage: entryCoverage,
      weight: entryWeight,
      used,
    };
  }

  /**
   * The indexed stems each item at `positions` matched, for marking its words: a few are looked
   * up in each match list; many are gathered in one walk over the lists.
   */
  matchedTerms(scoring: Scoring, positions: readonly number[]): Set<string>[] {
    const matched = positions.map(() => new Set<string>());
    const matches = scoring.used.reduce((sum, found) => sum + found.items.length, 0);
    if (positions.length * scoring.used.length * searchCost.lookup < matches) {
      positions.forEach((at, index) => {
        const terms = matched[index] as Set<string>;
        for (const found of scoring.used) {
          const k = matchOf(found, at);
          if (k >= 0) for (const term of found.terms[k] as readonly string[]) terms.add(term);
        }
      });
      return matched;
    }
    const { hitAt } = this;
    positions.forEach((at, index) => {
      hitAt[at] = index + 1;
    });
    for (const found of scoring.used) {
      for (let k = 0; k < found.items.length; k++) {
        const index = hitAt[found.items[k] as number] as number;
        if (index === 0) continue;
        const terms = matched[index - 1] as Set<string>;
        for (const term of found.terms[k] as readonly string[]) terms.add(term);
      }
    }
    for (const at of positions) hitAt[at] = 0;
    return matched;
  }
}

/** A built search as plain data, to keep beside a checked pack; see {@link Search.state}. */
export interface SearchState {
  readonly lexicon: LexiconState;
  /** Each MiniSearch index as JSON. */
  readonly statements: string;
  readonly events: string;
}

/**
 * Finds the statements and events that answer a query. Built once per pack; its answers never
 * change (what it keeps between queries only saves work).
 */
export class Search {
  readonly lexicon: Lexicon;
  private readonly statementIndex: ItemIndex<Statement>;
  private readonly eventIndex: ItemIndex<TimelineEvent>;
  /** 1 for each statement, then each event, whose words hold a figure. */
  private readonly statementFigures: Uint8Array;
  private readonly eventFigures: Uint8Array;
  /** 1 for each statement in a report's words rather than the speaker's own, and each claim. */
  private readonly statementReported: Uint8Array;
  private readonly statementClaims: Uint8Array;
  /** 1 for each event that records what was said without a quote (it has a stance). */
  private readonly eventStances: Uint8Array;
  /** Each statement's, then each event's, first topic: what it is first about. */
  private readonly statementSubjects: readonly string[];
  private readonly eventSubjects: readonly string[];

  /** Indexes the pack, or takes the index `state` holds (taken from a search over the same pack). */
  constructor(
    readonly pack: Pack,
    state?: SearchState,
    private readonly steering: Steering = defaultSteering,
  ) {
    const statementTexts = state ? state.statements : pack.statements.map(statementText);
    const eventTexts = state ? state.events : pack.timeline.map(eventText);
    this.lexicon = state
      ? restoreLexicon(pack, state.lexicon)
      : buildLexicon(
          pack,
          [...(statementTexts as IndexedText[]), ...(eventTexts as IndexedText[])].map(
            ({ id: _id, tags: _tags, ...fields }) => Object.values(fields).join(' '),
          ),
          [...pack.statements, ...pack.timeline].map((item) => item.topics),
          [
            ...pack.statements.map((item) => ({
              term: itemTerm('statement', item.id),
              phrasings: item.phrasings,
            })),
            ...pack.timeline.map((item) => ({ term: itemTerm('event', item.id), phrasings: item.phrasings })),
          ].filter((item) => item.phrasings.length > 0),
          [
            ...pack.statements.flatMap((item) => [item.title, item.quote]),
            ...pack.timeline.map((item) => item.summary),
          ],
        );
    const stop = this.lexicon.stop;
    const options = (fields: string[]) => ({
      fields,
      tokenize: (text: string, field?: string) =>
        field === TAGS ? text.split(' ') : tokenize(text).map((token) => token.word),
      processTerm: (term: string, field?: string) =>
        field === TAGS ? term : stop.has(term) ? null : stem(term),
      searchOptions: { tokenize: (text: string) => [text], processTerm: (term: string) => term },
    });
    const known = this.lexicon.documentFrequency;
    this.statementIndex = new ItemIndex(
      pack.statements,
      statementTexts,
      options(Object.keys(STATEMENT_BOOST)),
      STATEMENT_BOOST,
      known,
      'speaker',
    );
    this.eventIndex = new ItemIndex(
      pack.timeline,
      eventTexts,
      options(Object.keys(EVENT_BOOST)),
      EVENT_BOOST,
      known,
      'who',
    );
    const figure = steering.figure;
    this.statementReported = Uint8Array.from(pack.statements, (item) => (item.wording !== 'own' ? 1 : 0));
    this.statementClaims = Uint8Array.from(pack.statements, (item) => (item.stance === 'claim' ? 1 : 0));
    this.eventStances = Uint8Array.from(pack.timeline, (item) => (item.stance !== null ? 1 : 0));
    const subjectOf = (item: Statement | TimelineEvent) => (item.topics[0] ? topicTerm(item.topics[0]) : '');
    this.statementSubjects = pack.statements.map(subjectOf);
    this.eventSubjects = pack.timeline.map(subjectOf);
    this.statementFigures = Uint8Array.from(pack.statements, (item) => (figure.test(item.quote) ? 1 : 0));
    this.eventFigures = Uint8Array.from(pack.timeline, (item) =>
      figure.test(item.summary) || item.statements.some((statement) => figure.test(statement.quote)) ? 1 : 0,
    );
  }

  /** The built index as plain data: `new Search(pack, search.state())` answers as `search` does. */
  state(): SearchState {
    return {
      lexicon: lexiconState(this.lexicon),
      statements: this.statementIndex.indexJson(),
      events: this.eventIndex.indexJson(),
    };
  }

  /** Reads a query against this pack. */
  analyze(text: string, options?: AnalyzeOptions): Query {
    return analyzeQuery(text, this.lexicon, options);
  }

  /** What a question's kind, and the topic it names alone (`about`), make of a result's score. */
  private weigher(query: Query, kind: 'statement' | 'event', about: string | null): Weigh {
    const { intents } = query;
    const steer = this.steering;
    const figures = kind === 'statement' ? this.statementFigures : this.eventFigures;
    const plainBase = kind === 'event' ? steer.event : 1;
    const base =
      kind === 'event'
        ? intents.has('when')
          ? steer.when.event
          : intents.has('who')
            ? steer.who.event
            : steer.event
        : 1;
    // Per item, only flags worked out when the pack was indexed: no item is read here.
    const statement = kind === 'statement';
    const reported = this.statementReported;
    const claims = this.statementClaims;
    const status = intents.has('status');
    const who = intents.has('who');
    const amount = intents.has('amount');
    const said = intents.has('said') && !who;
    const speaking = this.eventStances;
    const subjects = kind === 'statement' ? this.statementSubjects : this.eventSubjects;
    const plain = (at: number) =>
      statement && reported[at] === 1 ? plainBase * REPORTED_WORDING : plainBase;
    const steered = (at: number, namedSpeaker: boolean) => {
      let weight = base;
      if (statement) {
        if (reported[at] === 1) weight *= REPORTED_WORDING;
        if (status && claims[at] === 1) weight *= steer.status.claim;
        if (said && namedSpeaker) weight *= steer.said.speaker;
      } else if (said && namedSpeaker && speaking[at] === 1) weight *= steer.said.speaker;
      if (who && namedSpeaker) weight *= steer.who.speaker;
      if (amount && figures[at] === 1) weight *= steer.amount.figure;
      if (about !== null && subjects[at] === about) weight *= steer.about.subject;
      return weight;
    };
    return { plain, steered, unnamed: steer.unnamed };
  }

  /**
   * The statements and events answering a query, ranked together, best first; or, when none
   * does, the closest the sources come (see {@link RelevanceOptions.closest}).
   */
  find(query: Query, options: FindOptions = {}): Finding {
    const given = { ...defaultRelevance, ...options.relevance };
    const facts = queryFacts(query);
    const relevance = facts.foreignAsked
      ? {
          ...given,
          minCoverage: Math.max(given.minCoverage, given.foreignCoverage),
          closest: null,
        }
      : given;
    const { closest } = relevance;
    const floor = closest ? Math.min(closest.minCoverage, relevance.minCoverage) : relevance.minCoverage;
    const limits = {
      minCoverage: floor,
      minWords: relevance.minWords,
      minWordReach: relevance.minWordReach,
      minPredicate: relevance.minPredicate,
      ownWordsOnly: query.intents.has('now'),
      enoughWeight: relevance.longQuestion.rarestWords * rarity(this.lexicon, '\u0000'),
      enoughWords: relevance.longQuestion.words,
    };
    const period = query.period;
    const stances = options.stances;
    const best = { coverage: 0, weight: 0 };
    const statements = this.statementIndex;
    const events = this.eventIndex;
    const byStance = (statement: Statement) => !stances || stances.includes(statement.stance);
    const within = (event: TimelineEvent) =>
      (!period || inPeriod(event.date.iso, period)) &&
      (!stances || (event.stance !== null && stances.includes(event.stance)));
    // Filters as one byte per item, so what they leave out is never added up.
    const stanceKey = !stances
      ? ''
      : stances.length === 1
        ? (stances[0] as string)
        : [...stances].sort().join(' ');
    const statementMask = stances ? statements.mask(byStance, stanceKey) : null;
    const eventMask = period || stances ? events.mask(within, period ? undefined : stanceKey) : null;
    // The topic the question names alone, if any: worked out once for both indexes.
    const about = soleTopic(query);
    const statementScoring =
      (options.statements ?? true)
        ? statements.score(facts, statementMask, limits, this.weigher(query, 'statement', about), best)
        : NO_SCORING;
    const eventScoring = options.events
      ? events.score(facts, eventMask, limits, this.weigher(query, 'event', about), best)
      : NO_SCORING;
    const summary = best.coverage > 0 ? { ...best } : null;

    let match: MatchKind = 'none';
    // How to do something is never in a record of what was said.
    if (query.intents.has('howto')) match = 'none';
    else if (query.intents.has('now') && best.weight < this.steering.now.minWeight) match = 'none';
    else if (best.coverage + 1e-9 >= relevance.minCoverage) match = 'direct';
    // The closest the sources come to what a question asks: to a question that only names
    // things (and a year), nothing comes close.
    else if (closest && best.coverage + 1e-9 >= closest.minCoverage && facts.predicateAsked)
      match = 'closest';
    if (match === 'none') return { hits: [], total: 0, match, best: summary };

    // One ranking: best score first; a statement before an event of equal score, then by id.
    // A result is a number: the statement scored k is k, the event scored k comes after them.
    const minCoverage = match === 'direct' ? relevance.minCoverage : (closest?.minCoverage ?? 1);
    const s = statementScoring;
    const e = eventScoring;
    const sc = s.count;
    // "How much" is answered by a figure: with none among the results, the sources do not say.
    if (query.intents.has('amount')) {
      let figure = false;
      for (let k = 0; k < s.count && !figure; k++)
        figure =
          (s.coverage[k] as number) + 1e-9 >= minCoverage && this.statementFigures[s.at[k] as number] === 1;
      for (let k = 0; k < e.count && !figure; k++)
        figure =
          (e.coverage[k] as number) + 1e-9 >= minCoverage && this.eventFigures[e.at[k] as number] === 1;
      if (!figure) return { hits: [], total: 0, match: 'none', best: summary };
    }
    // Weak results are judged before the question's kind steers the order: "is it true" puts the
    // claims first, and leaves out nothing the bare question would show.
    let top = 0;
    for (let k = 0; k < s.count; k++)
      if ((s.coverage[k] as number) + 1e-9 >= minCoverage) top = Math.max(top, s.plain[k] as number);
    for (let k = 0; k < e.count; k++)
      if ((e.coverage[k] as number) + 1e-9 >= minCoverage) top = Math.max(top, e.plain[k] as number);
    const ranked: number[] = [];
    const floorScore = top * relevance.relativeFloor;
    for (let k = 0; k < s.count; k++)
      if ((s.coverage[k] as number) + 1e-9 >= minCoverage && (s.plain[k] as number) >= floorScore)
        ranked.push(k);
    for (let k = 0; k < e.count; k++)
      if ((e.coverage[k] as number) + 1e-9 >= minCoverage && (e.plain[k] as number) >= floorScore)
        ranked.push(sc + k);
    const scoreOf = (r: number) => (r < sc ? s.score[r] : e.score[r - sc]) as number;
    const idOrderOf = (r: number) =>
      (r < sc ? statements.idOrder[s.at[r] as number] : events.idOrder[e.at[r - sc] as number]) as number;
    const kept = selectBest(
      ranked,
      options.limit ?? ranked.length,
      (a, b) => scoreOf(b) - scoreOf(a) || Number(a >= sc) - Number(b >= sc) || idOrderOf(a) - idOrderOf(b),
    );
    const keptStatements = kept.filter((r) => r < sc).map((r) => s.at[r] as number);
    const keptEvents = kept.filter((r) => r >= sc).map((r) => e.at[r - sc] as number);
    const statementTerms = statements.matchedTerms(s, keptStatements);
    const eventTerms = events.matchedTerms(e, keptEvents);
    let nextStatement = 0;
    let nextEvent = 0;
    const hits = kept.map((r): Found => {
      const [scoring, k] = r < sc ? [s, r] : [e, r - sc];
      const score = scoring.score[k] as number;
      const coverage = scoring.coverage[k] as number;
      const weight = scoring.weight[k] as number;
      return r >= sc
        ? {
            kind: 'event',
            item: events.items[e.at[k] as number] as TimelineEvent,
            score,
            coverage,
            weight,
            matched: eventTerms[nextEvent++] as Set<string>,
          }
        : {
            kind: 'statement',
            item: statements.items[s.at[k] as number] as Statement,
            score,
            coverage,
            weight,
            matched: statementTerms[nextStatement++] as Set<string>,
          };
    });
    return { hits, total: ranked.length, match, best: summary };
  }

  /** Statements answering the query, best first, optionally of some stances only. */
  statements(
    query: Query,
    stances?: readonly Stance[],
    relevance: RelevanceOptions = {},
  ): Scored<Statement>[] {
    const options = { relevance: { ...relevance, closest: null }, ...(stances ? { stances } : {}) };
    return this.find(query, options).hits.flatMap((hit) => (hit.kind === 'statement' ? [hit] : []));
  }

  /**
   * Timeline events answering the query, best first, within the period it names if any. A
   * query with only a period lists the period, oldest first.
   */
  events(query: Query, relevance: RelevanceOptions = {}): Scored<TimelineEvent>[] {
    const period = query.period;
    if (query.slots.length === 0) {
      if (!period) return [];
      return this.pack.timeline
        .filter((event) => inPeriod(event.date.iso, period))
        .map((item) => ({ item, score: 1, coverage: 1, weight: 0, matched: new Set<string>() }));
    }
    const options = {
      statements: false,
      events: true,
      relevance: { ...timelineRelevance, ...relevance, closest: null },
    };
    return this.find(query, options).hits.flatMap((hit) => (hit.kind === 'event' ? [hit] : []));
  }
}

/** Marks the words of `text` whose stems are in `matched`, joining neighbours into one mark. */
export function markWords(text: string, matched: ReadonlySet<string>, stop: ReadonlySet<string>): Mark[] {
  const marks: [number, number][] = [];
  for (const token of tokenize(text)) {
    if (stop.has(token.word) || !matched.has(stem(token.word))) continue;
    const previous = marks[marks.length - 1];
    if (previous && /^[\s-]*$/.test(text.slice(previous[1], token.start))) previous[1] = token.end;
    else marks.push([token.start, token.end]);
  }
  return marks;
}
