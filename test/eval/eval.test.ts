/**
 * Retrieval quality as a gate: the public eval cases (copied from the shared set) must keep
 * top-1 ≥ 95 %, top-3 100 % and no answer to any out-of-scope question; the project's own
 * held-out cases, written without looking at the ranking code, must not fall below where
 * they stand. `npm run eval` prints the same figures with every miss.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnswerContext } from '../../src/answers/answer.js';
import { openContext } from '../../src/answers/context.js';
import { defaultPackDir } from '../../src/paths.js';
import { casesOf, type EvalFile, type EvalReport, runEval } from './score.js';

let context: AnswerContext;

beforeAll(async () => {
  const opened = await openContext(defaultPackDir);
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  context = opened.context;
});

function report(file: string): EvalReport {
  const data = JSON.parse(readFileSync(new URL(`../fixtures/${file}`, import.meta.url), 'utf8')) as EvalFile;
  return runEval(context, casesOf(data));
}

function misses(result: EvalReport): string {
  return result.outcomes
    .filter((o) => (o.case.out_of_scope ? o.total > 0 : o.rank !== 1))
    .map((o) => `${o.case.mode} “${o.case.q}”: rank ${o.rank ?? '—'} of ${o.total}`)
    .join('\n');
}

describe('GIVEN the public eval cases', () => {
  it('THEN top-1 is at least 95 %, top-3 is 100 %, and no out-of-scope question is answered', () => {
    const result = report('questions.json');
    expect(result.inScope).toBe(30);
    expect(result.outOfScope).toBe(5);
    expect(result.top1 / result.inScope, misses(result)).toBeGreaterThanOrEqual(0.95);
    expect(result.top3, misses(result)).toBe(result.inScope);
    expect(result.outOfScopeAnswered, misses(result)).toBe(0);
  });
});

describe('GIVEN the held-out eval cases', () => {
  it('THEN retrieval does not fall below its measured level (top-1 57/64, top-3 60/64, 2 of 32 out of scope answered)', () => {
    const result = report('held-out.json');
    expect(result.top1, misses(result)).toBeGreaterThanOrEqual(57);
    expect(result.top3, misses(result)).toBeGreaterThanOrEqual(60);
    expect(result.outOfScopeAnswered, misses(result)).toBeLessThanOrEqual(2);
  });
});
