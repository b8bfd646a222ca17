/**
 * Search over a pack: two MiniSearch indexes (statements and timeline events) sharing one
 * lexicon. A result must satisfy enough of the query, weighed by how telling each word is, or
 * it is not shown at all: unrelated questions get nothing rather than weak matches.
 */
import MiniSearch, { type Options, type SearchResult } from 'minisearch';
import type { Mark } from '../answers/types.js';
import type { Pack, Stance, Statement, TimelineEvent } from '../knowledge/types.js';
import { stem, tokenize } from './analyze.js';
import { buildLexicon, type Lexicon, topicTerm } from './lexicon.js';
import { type Alternative, type AnalyzeOptions, analyzeQuery, type Query } from './query.js';
import { inPeriod } from './when.js';

/** Tuning of relevance; the defaults suit a pack of tens to thousands of statements. */
export interface RelevanceOptions {
  /** Share of the query's weight a result must satisfy. Default 0.5. */
  readonly minCoverage?: number;
  /** A result scoring below this share of the best one is dropped. Default 0.2. */
  readonly relativeFloor?: number;
}

/** Default relevance: half the query's weight satisfied, and at least a fifth of the best score. */
export const defaultRelevance = {
  minCoverage: 0.5,
  relativeFloor: 0.2,
} as const satisfies Required<RelevanceOptions>;

/** A search result. */
export interface Scored<T> {
  readonly item: T;
  readonly score: number;
  /** Share of the query's weight this result satisfies, 0–1. */
  readonly coverage: number;
  /** Indexed stems this result matched, for marking words. */
  readonly matched: ReadonlySet<string>;
}

interface IndexedText {
  readonly id: string;
  readonly [field: string]: string;
}

const STATEMENT_BOOST = { title: 1, quote: 1, speaker: 1.2, tags: 1, context: 0.6, note: 0.4 };
const EVENT_BOOST = { summary: 1.5, who: 1, tags: 1, quotes: 0.6, sources: 0.5, basis: 0.3 };

/** The timeline lists matches by date, so it keeps only those near the best match. */
const TIMELINE_FLOOR = 0.75;

/** A speaker's own words rank a little above a report's account of them, other things equal. */
const REPORTED_WORDING = 0.9;

/** Short fields (a title, a quote) should not be outscored by long ones for repeating a word. */
const BM25 = { k: 1.2, b: 0.5, d: 0.5 };

/** The field holding topic terms (`#topic-id`), indexed as they are. */
const TAGS = 'tags';

function statementText(statement: Statement): IndexedText {
  const { speaker, source, original } = statement;
  return {
    id: statement.id,
    title: statement.title,
    // A passage garbled past reading is shown as what it reports, in our words: found by those.
    quote: statement.readable ? statement.quote : (statement.record ?? ''),
    speaker: [speaker.name, speaker.role, speaker.organisation].filter(Boolean).join(' '),
    tags: statement.topics.map(topicTerm).join(' '),
    // The source's own title is left out: a report's headline names the whole dispute and
    // would match every quote taken from it.
    context: [statement.saidIn, source.publisher, original?.title, original?.publisher]
      .filter(Boolean)
      .join(' '),
    note: statement.note ?? '',
  };
}

function eventText(event: TimelineEvent): IndexedText {
  return {
    id: event.id,
    summary: event.summary,
    who: event.who ?? '',
    tags: event.topics.map(topicTerm).join(' '),
    quotes: event.statements.map((statement) => statement.quote).join(' '),
    sources: event.documents.map((document) => `${document.title} ${document.publisher}`).join(' '),
    basis: event.basis ?? '',
  };
}

/** One alternative's matches in one index, scored once: the index never changes. */
interface Postings {
  /** Positions of the matching items in the index's item list. */
  readonly items: Int32Array;
  /** Each match's score as a share of the best match's, as a slot counts it: 0.7 + 0.3 × score / best. */
  readonly strength: Float64Array;
  /** The indexed terms each match matched. */
  readonly terms: readonly (readonly string[])[];
}

const NO_POSTINGS: Postings = { items: new Int32Array(0), strength: new Float64Array(0), terms: [] };

/** A hit of {@link ItemIndex.rank}: the item's position, score, coverage and matched stems. */
interface Ranked {
  readonly at: number;
  readonly score: number;
  readonly coverage: number;
  readonly matched: Set<string>;
}

/**
 * One MiniSearch index over a list of items, with what ranking reuses between queries: each
 * alternative's scored matches (kept the first time a query asks for them; only for terms the
 * pack uses, so what is kept is bounded by the pack), and per-item scratch space for adding up
 * a query's slots without allocating per match.
 */
class ItemIndex<T extends { readonly id: string }> {
  private readonly index: MiniSearch<IndexedText>;
  private readonly position: Map<string, number>;
  private readonly postings = new Map<string, Postings>();
  private readonly slotBest: Float64Array;
  private readonly sum: Float64Array;
  private readonly satisfied: Float64Array;
  private readonly slotTouched: Int32Array;
  private readonly touched: Int32Array;
  private readonly hitAt: Int32Array;
  /** Each item's place in the order of ids, which breaks ties between equal scores. */
  private readonly idOrder: Int32Array;

  constructor(
    readonly items: readonly T[],
    texts: readonly IndexedText[],
    options: Options<IndexedText>,
    private readonly boost: Record<string, number>,
    private readonly known: ReadonlyMap<string, number>,
  ) {
    this.index = new MiniSearch(options);
    this.index.addAll(texts);
    this.position = new Map(items.map((item, at) => [item.id, at]));
    const n = items.length;
    this.slotBest = new Float64Array(n);
    this.sum = new Float64Array(n);
    this.satisfied = new Float64Array(n);
    this.slotTouched = new Int32Array(n);
    this.touched = new Int32Array(n);
    this.hitAt = new Int32Array(n);
    this.idOrder = new Int32Array(n);
    const byId = items.map((item, at) => ({ id: item.id, at }));
    byId.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    byId.forEach(({ at }, place) => {
      this.idOrder[at] = place;
    });
  }

  /** The matches of one alternative, scored by MiniSearch (once) and scaled to the best of them. */
  private match(alternative: Alternative): Postings {
    const prefix = alternative.kind === 'prefix';
    // A word the pack never uses matches nothing (the lexicon holds every indexed term).
    if (!prefix && alternative.terms.some((term) => !this.known.has(term))) return NO_POSTINGS;
    const key = `${prefix ? '*' : '='}${alternative.terms.join(' ')}`;
    const kept = this.postings.get(key);
    if (kept) return kept;
    const [first, ...rest] = alternative.terms as [string, ...string[]];
    const options = { boost: this.boost, prefix, bm25: BM25 };
    const results: SearchResult[] =
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
    const found: Postings = {
      items: Int32Array.from(results, (result) => this.position.get(String(result.id)) as number),
      strength: Float64Array.from(results, (result) => 0.7 + (0.3 * result.score) / top),
      terms: results.map((result) => listOf(result.terms)),
    };
    // A partial word the pack does not extend is not kept: typed text is unbounded.
    if (!prefix || results.length > 0) this.postings.set(key, found);
    return found;
  }

  /**
   * The items that satisfy enough of the query, best first. Each alternative's scores are
   * scaled to its best match, so a slot's score says how well an item meets it (typed words
   * over topic words over guesses), not how long the field is; an item's score is the sum of
   * its slots' best, times the share of the query's weight it satisfies.
   */
  rank(
    query: Query,
    allowed: (item: T) => boolean,
    relevance: RelevanceOptions,
    weigh: (item: T) => number = () => 1,
  ): Ranked[] {
    const { minCoverage, relativeFloor } = { ...defaultRelevance, ...relevance };
    const totalWeight = query.slots.reduce((sum, slot) => sum + slot.weight, 0);
    if (totalWeight === 0) return [];
    // Matched first, so nothing that could throw runs while the scratch space is in use.
    const matches = query.slots.map((slot) =>
      slot.alternatives.map((alternative) => this.match(alternative)),
    );
    const used = matches.flat().filter((found) => found.items.length > 0);
    const { slotBest, sum, satisfied, slotTouched, touched, hitAt } = this;
    let touchedCount = 0;
    query.slots.forEach((slot, slotIndex) => {
      // A slot that weighs nothing adds nothing (and marks no item as touched).
      if (!(slot.weight > 0)) return;
      let slotCount = 0;
      slot.alternatives.forEach((alternative, alternativeIndex) => {
        const found = matches[slotIndex]?.[alternativeIndex] as Postings;
        const factor = slot.weight * alternative.factor;
        for (let k = 0; k < found.items.length; k++) {
          const at = found.items[k] as number;
          const score = factor * (found.strength[k] as number);
          const best = slotBest[at] as number;
          if (score > best) {
            if (best === 0) slotTouched[slotCount++] = at;
            slotBest[at] = score;
          }
        }
      });
      for (let k = 0; k < slotCount; k++) {
        const at = slotTouched[k] as number;
        if (satisfied[at] === 0) touched[touchedCount++] = at;
        sum[at] = (sum[at] as number) + (slotBest[at] as number);
        satisfied[at] = (satisfied[at] as number) + slot.weight;
        slotBest[at] = 0;
      }
    });

    const ranked: { at: number; score: number; coverage: number }[] = [];
    let top = 0;
    for (let k = 0; k < touchedCount; k++) {
      const at = touched[k] as number;
      const item = this.items[at] as T;
      const coverage = (satisfied[at] as number) / totalWeight;
      const score = (sum[at] as number) * coverage;
      sum[at] = 0;
      satisfied[at] = 0;
      if (!allowed(item) || coverage + 1e-9 < minCoverage) continue;
      const weighed = score * weigh(item);
      if (weighed > top) top = weighed;
      ranked.push({ at, score: weighed, coverage });
    }
    const order = this.idOrder;
    const hits: Ranked[] = ranked
      .filter((hit) => hit.score >= top * relativeFloor)
      .sort((a, b) => b.score - a.score || (order[a.at] as number) - (order[b.at] as number))
      .map((hit) => ({ ...hit, matched: new Set<string>() }));

    // The stems each hit matched, for marking its words.
    hits.forEach((hit, index) => {
      hitAt[hit.at] = index + 1;
    });
    for (const found of used) {
      for (let k = 0; k < found.items.length; k++) {
        const index = hitAt[found.items[k] as number] as number;
        if (index === 0) continue;
        const { matched } = hits[index - 1] as Ranked;
        for (const term of found.terms[k] as readonly string[]) matched.add(term);
      }
    }
    for (const hit of hits) hitAt[hit.at] = 0;
    return hits;
  }
}

/**
 * Finds the statements and events that answer a query. Built once per pack; its answers never
 * change (what it keeps between queries only saves work).
 */
export class Search {
  readonly lexicon: Lexicon;
  private readonly statementIndex: ItemIndex<Statement>;
  private readonly eventIndex: ItemIndex<TimelineEvent>;

  constructor(readonly pack: Pack) {
    const statementTexts = pack.statements.map(statementText);
    const eventTexts = pack.timeline.map(eventText);
    this.lexicon = buildLexicon(
      pack,
      [...statementTexts, ...eventTexts].map(({ id: _id, tags: _tags, ...fields }) =>
        Object.values(fields).join(' '),
      ),
      [...pack.statements, ...pack.timeline].map((item) => item.topics),
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
    );
    this.eventIndex = new ItemIndex(
      pack.timeline,
      eventTexts,
      options(Object.keys(EVENT_BOOST)),
      EVENT_BOOST,
      known,
    );
  }

  /** Reads a query against this pack. */
  analyze(text: string, options?: AnalyzeOptions): Query {
    return analyzeQuery(text, this.lexicon, options);
  }

  /** Statements answering the query, best first, optionally of some stances only. */
  statements(
    query: Query,
    stances?: readonly Stance[],
    relevance: RelevanceOptions = {},
  ): Scored<Statement>[] {
    const index = this.statementIndex;
    const allowed = (statement: Statement) => !stances || stances.includes(statement.stance);
    const weigh = (statement: Statement) => (statement.wording === 'own' ? 1 : REPORTED_WORDING);
    return index.rank(query, allowed, relevance, weigh).map(({ at, score, coverage, matched }) => ({
      item: index.items[at] as Statement,
      score,
      coverage,
      matched,
    }));
  }

  /**
   * Timeline events answering the query, oldest first. A query with only a period lists the
   * period; one with words lists the events that match them, within the period if one is named.
   */
  events(query: Query, relevance: RelevanceOptions = {}): Scored<TimelineEvent>[] {
    const period = query.period;
    const within = (event: TimelineEvent) => !period || inPeriod(event.date.iso, period);
    if (query.slots.length === 0) {
      if (!period) return [];
      return this.pack.timeline
        .filter(within)
        .map((item) => ({ item, score: 1, coverage: 1, matched: new Set<string>() }));
    }
    // Shown by date, not by score, so only the strong matches are kept; the index holds the
    // timeline in date order.
    const index = this.eventIndex;
    return index
      .rank(query, within, { relativeFloor: TIMELINE_FLOOR, ...relevance })
      .sort((a, b) => a.at - b.at)
      .map(({ at, score, coverage, matched }) => ({
        item: index.items[at] as TimelineEvent,
        score,
        coverage,
        matched,
      }));
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
