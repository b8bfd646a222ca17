/**
 * Choosing the best few without sorting all: the result is the full sort cut to the number
 * asked for, whatever the input holds (repeated keys, broken by position), however many are asked.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectBest } from '../../src/search/select.js';

interface Item {
  readonly key: number;
  readonly at: number;
}

/** Higher key first, then earlier position: a total order, as search's ranking is. */
const compare = (a: Item, b: Item) => b.key - a.key || a.at - b.at;

const items = fc
  .array(fc.integer({ min: -5, max: 5 }), { maxLength: 60 })
  .map((keys) => keys.map((key, at): Item => ({ key, at })));

describe('selectBest', () => {
  it('GIVEN any list and any number asked for THEN it is the sorted list cut to that number', () => {
    fc.assert(
      fc.property(items, fc.integer({ min: -2, max: 70 }), (list, limit) => {
        expect(selectBest(list, limit, compare)).toEqual(
          [...list].sort(compare).slice(0, Math.max(0, limit)),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('GIVEN a fraction, or no number, THEN the whole below it, or all of them', () => {
    const list = [3, 1, 4, 1, 5, 9, 2, 6].map((key, at): Item => ({ key, at }));
    expect(selectBest(list, 2.7, compare).map((item) => item.key)).toEqual([9, 6]);
    expect(selectBest(list, Number.NaN, compare).map((item) => item.key)).toEqual([9, 6, 5, 4, 3, 2, 1, 1]);
    expect(selectBest(list, Number.POSITIVE_INFINITY, compare)).toHaveLength(8);
  });

  it('THEN the list given is left as it was', () => {
    const list = [2, 7, 1].map((key, at): Item => ({ key, at }));
    const copy = [...list];
    selectBest(list, 1, compare);
    selectBest(list, 5, compare);
    expect(list).toEqual(copy);
  });
});
