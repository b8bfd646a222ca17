/**
 * Ranking a page rather than every hit: for every eval question as each command searches it,
 * each page asked for alone (the best `limit`, the rest only counted) holds exactly what the full
 * ranking holds there (the same results in the same order, with their scores, coverage and
 * matched words), with the same total and the same verdict, to the last page and past it. On the
 * shipped pack and on generated packs of many statements.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticPack } from '../../bench/synthetic.js';
import { findFor } from '../../src/answers/answer.js';
import type { SearchMode } from '../../src/answers/types.js';
import type { Pack } from '../../src/knowledge/types.js';
import { type Finding, Search } from '../../src/search/engine.js';
import { evalQuestions } from '../support/eval-questions.js';
import { loadShipped } from '../support/pack.js';

const modes: readonly SearchMode[] = ['claim', 'denial', 'timeline', 'ask', 'check'];

/** What a finding shows of each hit, in order. */
function shown(finding: Finding, from = 0, to = finding.hits.length) {
  return finding.hits.slice(from, to).map((hit) => ({
    kind: hit.kind,
    id: hit.item.id,
    score: hit.score,
    coverage: hit.coverage,
    weight: hit.weight,
    matched: [...hit.matched].sort(),
  }));
}

/** Page `page` of `size` asked for alone, beside the same page of the full ranking. */
function pageBoth(
  search: Search,
  mode: SearchMode,
  question: string,
  full: Finding,
  page: number,
  size: number,
) {
  const { finding } = findFor(search, mode, question, (page + 1) * size);
  expect(finding.hits.length).toBeLessThanOrEqual((page + 1) * size);
  return {
    alone: {
      total: finding.total,
      match: finding.match,
      best: finding.best,
      page: shown(finding, page * size),
    },
    full: {
      total: full.hits.length,
      match: full.match,
      best: full.best,
      page: shown(full, page * size, (page + 1) * size),
    },
  };
}

let pack: Pack;
const questions = evalQuestions();

beforeAll(async () => {
  pack = await loadShipped();
});

describe('GIVEN the shipped pack', () => {
  it('WHEN every page of every eval question is asked for alone, in each command THEN it is that page of the full ranking', () => {
    const search = new Search(pack);
    let pages = 0;
    let deep = 0;
    for (const mode of modes) {
      for (const question of questions) {
        const { finding: full } = findFor(search, mode, question);
        expect(full.total).toBe(full.hits.length);
        for (const size of [1, 3, 5]) {
          const last = Math.ceil(full.hits.length / size);
          for (let page = 0; page <= last; page++) {
            const { alone, full: expected } = pageBoth(search, mode, question, full, page, size);
            expect(alone).toEqual(expected);
            pages++;
            if (page > 0 && expected.page.length > 0) deep++;
          }
        }
      }
    }
    // Most questions have more than one page: the pages past the first were compared too.
    expect(deep).toBeGreaterThan(questions.length);
    expect(pages).toBeGreaterThan(modes.length * questions.length * 3);
  }, 120_000);
});

describe('GIVEN generated packs of 400 and 3,000 statements', () => {
  let searches: Search[];
  beforeAll(() => {
    searches = [400, 3_000].map((size) => new Search(syntheticPack(pack, size, 13)));
  });

  it('WHEN the first and the last page of every eval question are asked for alone, in each command THEN they are those of the full ranking', () => {
    let long = 0;
    for (const search of searches) {
      for (const mode of modes) {
        for (const question of questions) {
          const { finding: full } = findFor(search, mode, question);
          const last = Math.max(0, Math.ceil(full.hits.length / 5) - 1);
          for (const page of new Set([0, last])) {
            const { alone, full: expected } = pageBoth(search, mode, question, full, page, 5);
            expect(alone).toEqual(expected);
          }
          if (full.hits.length > 100) long++;
        }
      }
    }
    // Many rankings run to hundreds of hits, so the bounded ranking had most of them to leave out.
    expect(long).toBeGreaterThan(questions.length);
  }, 300_000);

  it('WHEN any page of any size is asked for THEN it is that page of the full ranking', () => {
    const full = new Map<string, Finding>();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: searches.length - 1 }),
        fc.constantFrom(...modes),
        fc.integer({ min: 0, max: questions.length - 1 }),
        fc.integer({ min: 1, max: 25 }),
        fc.double({ min: 0, max: 1.05, noNaN: true }),
        (which, mode, at, size, where) => {
          const search = searches[which] as Search;
          const question = questions[at] as string;
          const key = `${which} ${mode} ${at}`;
          const ranked = full.get(key) ?? findFor(search, mode, question).finding;
          full.set(key, ranked);
          const page = Math.floor((where * ranked.hits.length) / size);
          const { alone, full: expected } = pageBoth(search, mode, question, ranked, page, size);
          expect(alone).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  }, 300_000);
});
