/**
 * How search adds up a query's matches is not what it finds: a word with one alternative is added
 * up in one pass, a word with several notes each item's best alternative first. Giving every
 * word's alternatives twice sends every word through the second way; for every eval question in
 * every command, the ranking (results, order, scores, coverage, matched words), the total and the
 * verdict stay the same.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticPack } from '../../bench/synthetic.js';
import { findFor } from '../../src/answers/answer.js';
import type { SearchMode } from '../../src/answers/types.js';
import type { Pack } from '../../src/knowledge/types.js';
import { type Finding, Search } from '../../src/search/engine.js';
import type { AnalyzeOptions, Query } from '../../src/search/query.js';
import { evalQuestions } from '../support/eval-questions.js';
import { loadShipped } from '../support/pack.js';

const modes: readonly SearchMode[] = ['claim', 'denial', 'timeline', 'ask', 'check'];

function shown(finding: Finding) {
  return {
    total: finding.total,
    match: finding.match,
    best: finding.best,
    hits: finding.hits.map((hit) => ({
      kind: hit.kind,
      id: hit.item.id,
      score: hit.score,
      coverage: hit.coverage,
      weight: hit.weight,
      matched: [...hit.matched].sort(),
    })),
  };
}

/** The same search, reading every query with each word's alternatives given twice. */
function twice(search: Search): Search {
  const doubled = Object.create(search) as Search;
  doubled.analyze = (text: string, options?: AnalyzeOptions): Query => {
    const query = search.analyze(text, options);
    return {
      ...query,
      slots: query.slots.map((slot) => ({
        ...slot,
        alternatives: [...slot.alternatives, ...slot.alternatives],
      })),
    };
  };
  return doubled;
}

let pack: Pack;
const questions = evalQuestions();

beforeAll(async () => {
  pack = await loadShipped();
});

describe('GIVEN the shipped pack and a generated pack of 400 statements', () => {
  it('WHEN every word is added up the second way THEN every command ranks every eval question as before', () => {
    let ranked = 0;
    let single = 0;
    for (const statements of [pack, syntheticPack(pack, 400, 13)]) {
      const search = new Search(statements);
      const doubled = twice(search);
      for (const mode of modes) {
        for (const question of questions) {
          const { query, finding } = findFor(search, mode, question);
          const again = findFor(doubled, mode, question).finding;
          expect(shown(again)).toEqual(shown(finding));
          if (finding.hits.length > 0) ranked++;
          if (query.slots.some((slot) => slot.alternatives.length === 1)) single++;
        }
      }
    }
    // Most questions found something, and most have a word with one alternative.
    expect(ranked).toBeGreaterThan(questions.length * modes.length);
    expect(single).toBeGreaterThan(questions.length * modes.length);
  }, 120_000);
});
