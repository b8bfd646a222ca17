/**
 * The queries every part of the benchmark runs: the eval cases (public and held-out), in and
 * out of scope, in a fixed shuffled order so a run cut short still samples every kind.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Stance } from '../src/knowledge/types.js';
import { projectRoot } from '../src/paths.js';
import type { BenchQuery } from './engines.js';
import { seededRandom, seedOf } from './stats.js';

interface EvalFile {
  readonly cases: readonly { readonly mode: string; readonly q: string }[];
  readonly out_of_scope?: readonly { readonly mode: string; readonly q: string }[];
}

/** The eval files the queries come from. */
export const queryFiles = ['test/fixtures/questions.json', 'test/fixtures/held-out.json'];

const stancesOf: Record<string, readonly Stance[] | undefined> = { claim: ['claim'], denial: ['denial'] };

/** Shuffles a copy of a list, the same way for the same seed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Every eval query, shuffled reproducibly. */
export function evalQueries(): BenchQuery[] {
  const all = queryFiles.flatMap((file) => {
    const parsed = JSON.parse(readFileSync(join(projectRoot, file), 'utf8')) as EvalFile;
    return [...parsed.cases, ...(parsed.out_of_scope ?? [])];
  });
  return shuffled(
    all.map(({ mode, q }) => ({ mode, text: q, stances: stancesOf[mode] })),
    seedOf('receipts-bench-queries'),
  );
}
