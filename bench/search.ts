/**
 * Search latency, build time and heap, per pack size, for Receipts' search and the baselines
 * on the same statements and queries. Engines take turns round by round so that whatever the
 * machine is doing falls on all of them alike; slow baselines stop when their time budget is
 * spent, and ratios are taken over the queries both engines ran.
 */
import type { Pack } from '../src/knowledge/types.js';
import { type BenchQuery, type BuiltEngine, type Engine, engines } from './engines.js';
import {
  canCollectGarbage,
  collectYoung,
  heapUsed,
  median,
  ms,
  nowNs,
  type Summary,
  summarise,
  us,
} from './stats.js';
import { syntheticPack } from './synthetic.js';

/** How one engine did at one size. */
export interface EngineFigures {
  readonly engine: string;
  readonly baseline: boolean;
  /** Median time to build the index, ms. */
  readonly buildMs: number;
  readonly builds: number;
  /** Heap the built index holds after the queries, MB (null when the heap cannot be measured); Receipts' includes what it keeps. */
  readonly heapMB: number | null;
  /** Per-query latency, µs, over every timed query. */
  readonly latencyUs: Summary;
  /** How many distinct queries were timed (slow baselines may stop early). */
  readonly queriesTimed: number;
  /** Mean number of statements returned per query. */
  readonly meanResults: number;
  /** This engine's median over Receipts' median, on the queries both ran. */
  readonly timesReceipts: number;
}

/** Figures for one pack size. */
export interface SizeFigures {
  readonly label: string;
  readonly statements: number;
  readonly engines: readonly EngineFigures[];
  /** Receipts' latency the first time each query is asked of a new index (code warm, nothing kept), µs. */
  readonly receiptsFirstAskUs: Summary;
  /** Heap Receipts keeps from answering the queries once (the scored matches it keeps), MB. */
  readonly receiptsKeptMB: number | null;
  /** Receipts' slowest queries by median, µs: what its p99 is made of. */
  readonly receiptsSlowest: readonly { readonly query: string; readonly medianUs: number }[];
}

/** How a cost grows from one size to the next: the exponent k in cost ∝ size^k. */
export interface Growth {
  readonly engine: string;
  readonly what: 'median latency' | 'p99 latency' | 'build time' | 'heap';
  readonly from: number;
  readonly to: number;
  readonly exponent: number;
}

/** Settings for the search benchmark. */
export interface SearchSettings {
  /** Statement counts of the synthetic packs. */
  readonly sizes: readonly number[];
  /** Time each engine may spend on timed queries per size, ms. */
  readonly budgetMs: number;
  /** Seed of the synthetic packs. */
  readonly seed: number;
  readonly log: (line: string) => void;
}

interface Timed {
  readonly engine: Engine;
  /** Dropped (null) at the end, to measure the heap it held. */
  built: BuiltEngine | null;
  readonly buildMs: number;
  readonly builds: number;
  heapMB: number | null;
  /** Samples in ns, by query index. */
  readonly samples: number[][];
  spentNs: number;
  meanResults: number;
}

/** Every engine times at least this many queries, however slow. */
const MIN_QUERIES = 5;

function buildsFor(statements: number): number {
  if (statements <= 100) return 15;
  if (statements <= 2_000) return 5;
  if (statements <= 20_000) return 2;
  return 1;
}

function build(engine: Engine, pack: Pack): Omit<Timed, 'samples' | 'spentNs' | 'meanResults'> {
  const builds = buildsFor(pack.statements.length);
  const times: number[] = [];
  let built: BuiltEngine | null = null;
  for (let i = 0; i < builds; i++) {
    built = null;
    const started = nowNs();
    built = engine.build(pack);
    times.push(nowNs() - started);
  }
  return { engine, built, buildMs: ms(median(times)), builds, heapMB: null };
}

/**
 * The heap each engine holds, measured by dropping them one at a time and collecting: unlike
 * the heap's growth over a build, this is not thrown off by garbage still referenced when the
 * build began.
 */
function measureHeld(timed: readonly Timed[]): void {
  if (!canCollectGarbage()) return;
  let now = heapUsed();
  for (const entry of [...timed].reverse()) {
    entry.built = null;
    const after = heapUsed();
    entry.heapMB = (now - after) / 2 ** 20;
    now = after;
  }
}

function timeQuery(built: BuiltEngine | null, query: BenchQuery): { ns: number; results: number } {
  if (!built) throw new Error('the engine was dropped before it was timed');
  const started = nowNs();
  const results = built.search(query).length;
  return { ns: nowNs() - started, results };
}

/** Runs every engine over the queries until each has spent its budget (at least `minQueries` each). */
function race(timed: Timed[], queries: readonly BenchQuery[], budgetNs: number, minQueries: number): void {
  const maxRounds = 200;
  for (let round = 0; round < maxRounds; round++) {
    const active = timed.filter((entry) => entry.spentNs < budgetNs);
    if (active.length === 0) break;
    // Rotate who goes first, so no engine always runs right after the same other one.
    const order = active.map((_, i) => active[(i + round) % active.length] as Timed);
    for (const entry of order) {
      collectYoung();
      // One query untimed first: the first timed one would otherwise pay for the collection and
      // for the caches the engine before it filled (the same query every round, so its p99 was
      // that switch rather than the query).
      timeQuery(entry.built, queries[queries.length - 1] as BenchQuery);
      for (let q = 0; q < queries.length; q++) {
        const { ns } = timeQuery(entry.built, queries[q] as BenchQuery);
        entry.samples[q]?.push(ns);
        entry.spentNs += ns;
        if (entry.spentNs >= budgetNs && (round > 0 || q + 1 >= minQueries)) break;
      }
    }
  }
}

function figures(entry: Timed, receipts: Timed): EngineFigures {
  const all = entry.samples.flat();
  const common = entry.samples.map((samples, q) => (samples.length > 0 ? q : -1)).filter((q) => q >= 0);
  const mine = median(common.flatMap((q) => entry.samples[q] ?? []));
  const theirs = median(common.flatMap((q) => receipts.samples[q] ?? []));
  return {
    engine: entry.engine.name,
    baseline: entry.engine.baseline,
    buildMs: entry.buildMs,
    builds: entry.builds,
    heapMB: entry.heapMB,
    latencyUs: summariseUs(all),
    queriesTimed: common.length,
    meanResults: entry.meanResults,
    timesReceipts: mine / theirs,
  };
}

function summariseUs(samplesNs: readonly number[]): Summary {
  const s = summarise(samplesNs);
  return { n: s.n, median: us(s.median), p99: us(s.p99), mean: us(s.mean), min: us(s.min), max: us(s.max) };
}

/** Builds every engine over one pack and times its queries. */
function timePack(
  label: string,
  pack: Pack,
  queries: readonly BenchQuery[],
  settings: Pick<SearchSettings, 'budgetMs' | 'log'>,
): { timed: Timed[]; firstAskNs: number[]; kept: number | null } {
  const n = pack.statements.length;
  const timed: Timed[] = [];
  for (const engine of engines) {
    if (engine.upTo !== undefined && n > engine.upTo) {
      settings.log(`  ${label}: ${engine.name} is measured up to ${engine.upTo} statements`);
      continue;
    }
    const built = build(engine, pack);
    timed.push({ ...built, samples: queries.map(() => []), spentNs: 0, meanResults: 0 });
    settings.log(`  ${label}: built ${engine.name} in ${built.buildMs.toFixed(1)} ms`);
  }
  const receipts = timed[0] as Timed;

  // Receipts' first pass is the first time each query is asked of this index: nothing kept
  // yet. It fills what is kept between queries; the heap that takes is measured.
  const beforeFirst = heapUsed();
  const firstAsk = queries.map((query) => timeQuery(receipts.built, query));
  receipts.meanResults = firstAsk.reduce((sum, run) => sum + run.results, 0) / queries.length;
  const kept = canCollectGarbage() ? (heapUsed() - beforeFirst) / 2 ** 20 : null;

  // Warm every other engine up on a few queries (all of them when that is cheap), counting results.
  for (const entry of timed.slice(1)) {
    let spent = 0;
    let results = 0;
    let asked = 0;
    for (const query of queries) {
      const run = timeQuery(entry.built, query);
      spent += run.ns;
      results += run.results;
      asked += 1;
      if (spent > settings.budgetMs * 1e6 * 0.25) break;
    }
    entry.meanResults = results / asked;
  }

  race(timed, queries, settings.budgetMs * 1e6, MIN_QUERIES);
  return { timed, firstAskNs: firstAsk.map((run) => run.ns), kept };
}

/** Measures one pack. */
export function measurePack(
  label: string,
  pack: Pack,
  queries: readonly BenchQuery[],
  settings: Pick<SearchSettings, 'budgetMs' | 'log'>,
): SizeFigures {
  // Timed in a call of its own, so nothing in this frame still points at an engine when the
  // engines are dropped to measure their heap.
  const { timed, firstAskNs, kept } = timePack(label, pack, queries, settings);
  measureHeld(timed);
  const receipts = timed[0] as Timed;
  const slowest = queries
    .map((query, q) => ({
      query: `/${query.mode} ${query.text}`,
      medianUs: us(median(receipts.samples[q] ?? [])),
    }))
    .sort((a, b) => b.medianUs - a.medianUs)
    .slice(0, 5);
  const out: SizeFigures = {
    label,
    statements: pack.statements.length,
    engines: timed.map((entry) => figures(entry, receipts)),
    receiptsFirstAskUs: summariseUs(firstAskNs),
    receiptsKeptMB: kept,
    receiptsSlowest: slowest,
  };
  const r = out.engines[0] as EngineFigures;
  settings.log(
    `  ${label}: receipts median ${r.latencyUs.median.toFixed(1)} µs, p99 ${r.latencyUs.p99.toFixed(1)} µs`,
  );
  return out;
}

/** Measures the shipped pack and each synthetic size. */
export function measureSearch(
  shipped: Pack,
  queries: readonly BenchQuery[],
  settings: SearchSettings,
): SizeFigures[] {
  // The code's first run (compiling, warming up) is not any size's figure: run it once first.
  const warm = engines.map((engine) => engine.build(shipped));
  for (const built of warm) for (const query of queries) built.search(query);
  const out: SizeFigures[] = [measurePack('shipped', shipped, queries, settings)];
  for (const size of settings.sizes) {
    const started = nowNs();
    const pack = syntheticPack(shipped, size, settings.seed);
    settings.log(
      `  ${sizeLabel(size)}: generated ${size} statements in ${ms(nowNs() - started).toFixed(0)} ms`,
    );
    out.push(measurePack(sizeLabel(size), pack, queries, settings));
  }
  return out;
}

/** 1000 → "1k", 100000 → "100k". */
export function sizeLabel(size: number): string {
  return size >= 1000 && size % 1000 === 0 ? `${size / 1000}k` : String(size);
}

/** The exponent of growth between consecutive synthetic sizes, for each engine and measure. */
export function growth(sizes: readonly SizeFigures[]): Growth[] {
  const synthetic = sizes.filter((size) => size.label !== 'shipped');
  const out: Growth[] = [];
  for (let i = 1; i < synthetic.length; i++) {
    const a = synthetic[i - 1] as SizeFigures;
    const b = synthetic[i] as SizeFigures;
    const ratio = Math.log(b.statements / a.statements);
    for (const fb of b.engines) {
      const fa = a.engines.find((entry) => entry.engine === fb.engine);
      if (!fa) continue;
      const pairs: [Growth['what'], number | null, number | null][] = [
        ['median latency', fa.latencyUs.median, fb.latencyUs.median],
        ['p99 latency', fa.latencyUs.p99, fb.latencyUs.p99],
        ['build time', fa.buildMs, fb.buildMs],
        ['heap', fa.heapMB, fb.heapMB],
      ];
      for (const [what, x, y] of pairs) {
        if (x === null || y === null || !(x > 0) || !(y > 0)) continue;
        out.push({
          engine: fb.engine,
          what,
          from: a.statements,
          to: b.statements,
          exponent: Math.log(y / x) / ratio,
        });
      }
    }
  }
  return out;
}
