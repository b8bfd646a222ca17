/**
 * Search keeps each query word's scored matches between queries. What it keeps must never
 * change an answer: the same query gives the same results first, again, and after others,
 * and two indexes over one pack answer alike.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Pack } from '../../src/knowledge/types.js';
import { Search } from '../../src/search/engine.js';
import { loadShipped } from '../support/pack.js';

const queries = [
  'inbox api',
  'did netflix read facebook messages',
  'mark zuckerberg email',
  'zuckerbrg watch originals',
  'netfl',
  'shockingly untrue',
  'weather in london tomorrow',
];

function answers(search: Search, text: string) {
  const hits = search.statements(search.analyze(text));
  const events = search.events(search.analyze(text, { periods: true }));
  return [...hits, ...events].map((hit) => ({
    id: hit.item.id,
    score: hit.score,
    coverage: hit.coverage,
    matched: [...hit.matched].sort(),
  }));
}

describe('search answers do not depend on what was asked before', () => {
  let pack: Pack;
  beforeAll(async () => {
    pack = await loadShipped();
  });

  it('GIVEN one index THEN each query answers the same first, again, and after the others', () => {
    const search = new Search(pack);
    const first = queries.map((text) => answers(search, text));
    const again = queries.map((text) => answers(search, text));
    const reversed = [...queries].reverse().map((text) => answers(search, text));
    expect(again).toEqual(first);
    expect(reversed.reverse()).toEqual(first);
    expect(first[0]?.length).toBeGreaterThan(0);
  });

  it('GIVEN a fresh index THEN it answers as one that has answered other queries', () => {
    const used = new Search(pack);
    for (const text of queries) answers(used, text);
    for (const text of queries) expect(answers(used, text)).toEqual(answers(new Search(pack), text));
  });

  it('GIVEN a claims-only search after an unfiltered one THEN only claims come back, in the same order', () => {
    const search = new Search(pack);
    const query = search.analyze('netflix inbox api');
    const all = search.statements(query);
    const claims = search.statements(query, ['claim']);
    expect(claims.every((hit) => hit.item.stance === 'claim')).toBe(true);
    // The floor is relative to the best hit allowed, so the lists may differ in length, not in order.
    const everywhere = all.map((hit) => hit.item.id);
    const ids = claims.map((hit) => hit.item.id).filter((id) => everywhere.includes(id));
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual(everywhere.filter((id) => ids.includes(id)));
  });
});
