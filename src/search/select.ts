/**
 * The best few of a ranking without sorting all of it: each candidate is compared once with the
 * worst of the best kept so far (a heap bounded to the number asked for), so the first page of
 * n hits costs about n comparisons and a heap of a page, not a sort of all n.
 */
import { Heap } from 'heap-js';

/**
 * The first `limit` of `candidates` in the order `compare` gives (negative: the first argument
 * goes before the second), in that order: exactly `candidates` sorted, then cut, when `compare`
 * is a total order. All of them, sorted, when `limit` is at least their number or not a number;
 * a fraction counts as the whole below it.
 */
export function selectBest<T>(candidates: readonly T[], limit: number, compare: (a: T, b: T) => number): T[] {
  const size = Math.floor(limit);
  if (!(size < candidates.length)) return [...candidates].sort(compare);
  if (size <= 0) return [];
  // The worst of those kept is on top, to be replaced by a better one.
  const kept = new Heap<T>((a, b) => compare(b, a));
  for (let k = 0; k < size; k++) kept.push(candidates[k] as T);
  for (let k = size; k < candidates.length; k++) kept.pushpop(candidates[k] as T);
  return kept.toArray().sort(compare);
}
