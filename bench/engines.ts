/**
 * The search engines measured side by side on the same statements and queries: Receipts'
 * own search (MiniSearch, as the bot runs it), and three baselines: a linear scan that
 * analyses every statement for every query, the same scan over statements analysed once in
 * advance, and lunr's inverted index with its own English pipeline.
 */
import lunr from 'lunr';
import type { Pack, Stance, Statement } from '../src/knowledge/types.js';
import { stem, stopwords, tokenize } from '../src/search/analyze.js';
import { Search } from '../src/search/engine.js';

/** A query as the benchmark runs it: the words, and the stances its command searches. */
export interface BenchQuery {
  readonly mode: string;
  readonly text: string;
  readonly stances: readonly Stance[] | undefined;
}

/** A built index: answers a query with the ids of the matching statements, best first. */
export interface BuiltEngine {
  search(query: BenchQuery): readonly string[];
}

/** An engine: how to build it over a pack. */
export interface Engine {
  /** Short name used in tables and the JSON summary. */
  readonly name: string;
  /** One line on what it is, for the report. */
  readonly describe: string;
  /** True for a baseline, false for what the bot ships. */
  readonly baseline: boolean;
  /** The largest pack it is measured on, when building a larger one would take most of the run. */
  readonly upTo?: number;
  build(pack: Pack): BuiltEngine;
}

/** The text of a statement's searched fields, the ones Receipts indexes (topic tags aside). */
function searchedText(statement: Statement): string {
  const { speaker, source, original } = statement;
  return [
    statement.title,
    statement.quote,
    speaker.name,
    speaker.role,
    speaker.organisation,
    statement.saidIn,
    source.publisher,
    original?.title,
    original?.publisher,
    statement.note,
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * Receipts' search as the commands call it: read the question, then rank statements (with the
 * stance filter for /claim and /denial), and for /ask the timeline's events with them.
 */
export const receipts: Engine = {
  name: 'receipts',
  describe: "Receipts' search (MiniSearch 7.2, BM25 with coverage and topic synonyms)",
  baseline: false,
  build(pack) {
    const search = new Search(pack);
    return {
      search: (query) =>
        search
          .find(search.analyze(query.text), {
            events: query.mode === 'ask',
            ...(query.stances ? { stances: query.stances } : {}),
          })
          .hits.map((hit) => hit.item.id),
    };
  },
};

/** The same analysis as Receipts' (fold, split, stop words, Porter stems), as a list of stems. */
function analyser(): (text: string) => string[] {
  const stop = stopwords(new Set());
  return (text) => {
    const out: string[] = [];
    for (const token of tokenize(text)) if (!stop.has(token.word)) out.push(stem(token.word));
    return out;
  };
}

/** Inverse document frequency in its BM25 form. */
function idf(documents: number, frequency: number): number {
  return Math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5));
}

function ranked(scores: readonly { id: string; score: number }[]): string[] {
  return scores
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .map((entry) => entry.id);
}

/**
 * A linear scan with no index: for every query, every statement's text is analysed again and
 * scored as term frequency × idf over the query's stems. Document frequencies are counted once
 * when it is built.
 */
export const linearScan: Engine = {
  name: 'linear',
  describe: 'linear scan: analyse every statement per query, score tf × idf',
  baseline: true,
  // About 4 s a query at 100k statements here; the scan over analysed statements goes on.
  upTo: 20_000,
  build(pack) {
    const analyse = analyser();
    const statements = pack.statements.map((statement) => ({ statement, text: searchedText(statement) }));
    const df = new Map<string, number>();
    for (const { text } of statements)
      for (const s of new Set(analyse(text))) df.set(s, (df.get(s) ?? 0) + 1);
    const n = statements.length;
    return {
      search(query) {
        const terms = [...new Set(analyse(query.text))];
        const weights = new Map(terms.map((term) => [term, idf(n, df.get(term) ?? 0)]));
        const scores: { id: string; score: number }[] = [];
        for (const { statement, text } of statements) {
          if (query.stances && !query.stances.includes(statement.stance)) continue;
          let score = 0;
          for (const s of analyse(text)) score += weights.get(s) ?? 0;
          scores.push({ id: statement.id, score });
        }
        return ranked(scores);
      },
    };
  },
};

/**
 * The linear scan over statements analysed once, when it is built: per query it still visits
 * every statement, but only to add up its term counts. The strongest index-free baseline.
 */
export const linearPreanalysed: Engine = {
  name: 'linear-pre',
  describe: 'linear scan over statements analysed in advance (term counts per statement)',
  baseline: true,
  build(pack) {
    const analyse = analyser();
    const statements = pack.statements.map((statement) => {
      const counts = new Map<string, number>();
      for (const s of analyse(searchedText(statement))) counts.set(s, (counts.get(s) ?? 0) + 1);
      return { statement, counts };
    });
    const df = new Map<string, number>();
    for (const { counts } of statements) for (const s of counts.keys()) df.set(s, (df.get(s) ?? 0) + 1);
    const n = statements.length;
    return {
      search(query) {
        const terms = [...new Set(analyse(query.text))].map((term) => ({
          term,
          weight: idf(n, df.get(term) ?? 0),
        }));
        const scores: { id: string; score: number }[] = [];
        for (const { statement, counts } of statements) {
          if (query.stances && !query.stances.includes(statement.stance)) continue;
          let score = 0;
          for (const { term, weight } of terms) score += (counts.get(term) ?? 0) * weight;
          scores.push({ id: statement.id, score });
        }
        return ranked(scores);
      },
    };
  },
};

/** lunr 2.3: an inverted index with its own tokenizer, stop words and stemmer, fields boosted as Receipts boosts them. */
export const lunrIndex: Engine = {
  name: 'lunr',
  describe: 'lunr 2.3.9 inverted index (its own English pipeline), same fields and boosts',
  baseline: true,
  // Its build grows faster than linearly: about a minute at 100k statements here.
  upTo: 20_000,
  build(pack) {
    const index = lunr(function () {
      this.ref('id');
      this.field('title');
      this.field('quote');
      this.field('speaker', { boost: 1.2 });
      this.field('context', { boost: 0.6 });
      this.field('note', { boost: 0.4 });
      for (const statement of pack.statements) {
        const { speaker, source, original } = statement;
        this.add({
          id: statement.id,
          title: statement.title,
          quote: statement.quote,
          speaker: [speaker.name, speaker.role, speaker.organisation].filter(Boolean).join(' '),
          context: [statement.saidIn, source.publisher, original?.title, original?.publisher]
            .filter(Boolean)
            .join(' '),
          note: statement.note ?? '',
        });
      }
    });
    const stance = new Map(pack.statements.map((statement) => [statement.id, statement.stance]));
    return {
      search(query) {
        // The query builder, not lunr's query syntax: typed text holds ':', '-', '~' and '^'.
        const words = query.text
          .toLowerCase()
          .split(/[^\p{L}\p{N}]+/u)
          .filter(Boolean);
        if (words.length === 0) return [];
        const results = index.query((q) => {
          for (const word of words) q.term(word, {});
        });
        const out: string[] = [];
        for (const result of results) {
          const s = stance.get(result.ref);
          if (!query.stances || (s && query.stances.includes(s))) out.push(result.ref);
        }
        return out;
      },
    };
  },
};

/** Every engine, Receipts' first. */
export const engines: readonly Engine[] = [receipts, linearScan, linearPreanalysed, lunrIndex];
