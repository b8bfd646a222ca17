/**
 * Search over a pack: two MiniSearch indexes (statements and timeline events) sharing one
 * lexicon. A result must satisfy enough of the query, weighed by how telling each word is, or
 * it is not shown at all: unrelated questions get nothing rather than weak matches.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { Mark } from '../answers/types.js';
import type { Pack, Stance, Statement, TimelineEvent } from '../knowledge/types.js';
import { stem, tokenize } from './analyze.js';
import { buildLexicon, type Lexicon, topicTerm } from './lexicon.js';
import { type AnalyzeOptions, analyzeQuery, type Query } from './query.js';
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
    quote: statement.quote,
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

/** Finds the statements and events that answer a query. Built once per pack; immutable. */
export class Search {
  readonly lexicon: Lexicon;
  private readonly statementIndex: MiniSearch<IndexedText>;
  private readonly eventIndex: MiniSearch<IndexedText>;

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
    this.statementIndex = new MiniSearch(options(Object.keys(STATEMENT_BOOST)));
    this.statementIndex.addAll(statementTexts);
    this.eventIndex = new MiniSearch(options(Object.keys(EVENT_BOOST)));
    this.eventIndex.addAll(eventTexts);
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
    const { statements } = this.pack.byId;
    const allowed = (id: string) => !stances || stances.includes((statements.get(id) as Statement).stance);
    const weigh = (id: string) =>
      (statements.get(id) as Statement).wording === 'own' ? 1 : REPORTED_WORDING;
    return this.rank(query, this.statementIndex, STATEMENT_BOOST, allowed, relevance, weigh).map((hit) => ({
      ...hit,
      item: statements.get(hit.id) as Statement,
    }));
  }

  /**
   * Timeline events answering the query, oldest first. A query with only a period lists the
   * period; one with words lists the events that match them, within the period if one is named.
   */
  events(query: Query, relevance: RelevanceOptions = {}): Scored<TimelineEvent>[] {
    const { events } = this.pack.byId;
    const period = query.period;
    const within = (event: TimelineEvent) => !period || inPeriod(event.date.iso, period);
    if (query.slots.length === 0) {
      if (!period) return [];
      return this.pack.timeline
        .filter(within)
        .map((item) => ({ item, score: 1, coverage: 1, matched: new Set<string>() }));
    }
    const allowed = (id: string) => within(events.get(id) as TimelineEvent);
    // Shown by date, not by score, so only the strong matches are kept.
    relevance = { relativeFloor: TIMELINE_FLOOR, ...relevance };
    const order = new Map(this.pack.timeline.map((event, index) => [event.id, index]));
    return this.rank(query, this.eventIndex, EVENT_BOOST, allowed, relevance)
      .sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
      .map((hit) => ({ ...hit, item: events.get(hit.id) as TimelineEvent }));
  }

  private rank(
    query: Query,
    index: MiniSearch<IndexedText>,
    boost: Record<string, number>,
    allowed: (id: string) => boolean,
    relevance: RelevanceOptions,
    weigh: (id: string) => number = () => 1,
  ): { id: string; score: number; coverage: number; matched: Set<string> }[] {
    const { minCoverage, relativeFloor } = { ...defaultRelevance, ...relevance };
    const totalWeight = query.slots.reduce((sum, slot) => sum + slot.weight, 0);
    if (totalWeight === 0) return [];
    // Each alternative's scores are scaled to its best match, so a slot's score says how well
    // an item meets it (typed words over topic words over guesses), not how long the field is.
    const found = new Map<string, { best: number[]; matched: Set<string> }>();
    query.slots.forEach((slot, slotIndex) => {
      for (const alternative of slot.alternatives) {
        const [first, ...rest] = alternative.terms as [string, ...string[]];
        const options = { boost, prefix: alternative.kind === 'prefix', bm25: BM25 };
        const results: SearchResult[] =
          rest.length === 0
            ? index.search(first, options)
            : index.search({ combineWith: 'AND', queries: [first, ...rest] }, options);
        const top = results[0]?.score ?? 1;
        for (const result of results) {
          const id = String(result.id);
          let entry = found.get(id);
          if (!entry) {
            entry = { best: new Array<number>(query.slots.length).fill(0), matched: new Set() };
            found.set(id, entry);
          }
          const score = slot.weight * alternative.factor * (0.7 + (0.3 * result.score) / top);
          if (score > (entry.best[slotIndex] ?? 0)) entry.best[slotIndex] = score;
          for (const term of result.terms) if (!term.startsWith('#')) entry.matched.add(term);
        }
      }
    });

    const ranked: { id: string; score: number; coverage: number; matched: Set<string> }[] = [];
    for (const [id, { best, matched }] of found) {
      if (!allowed(id)) continue;
      let satisfied = 0;
      let sum = 0;
      best.forEach((score, slotIndex) => {
        if (score > 0) {
          satisfied += (query.slots[slotIndex] as { weight: number }).weight;
          sum += score;
        }
      });
      const coverage = satisfied / totalWeight;
      if (coverage + 1e-9 < minCoverage) continue;
      ranked.push({ id, score: sum * coverage * weigh(id), coverage, matched });
    }
    ranked.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    const top = ranked[0]?.score ?? 0;
    return ranked.filter((hit) => hit.score >= top * relativeFloor);
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
