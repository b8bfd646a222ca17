/**
 * Retrieval quality as a gate: the public eval cases must keep
 * top-1 ≥ 29/30, top-3 100 % and no answer to any out-of-scope question; the project's own
 * held-out cases and the casual-register sets, written without looking at the ranking code,
 * must not fall below where they stand, and no set may answer an out-of-scope question.
 * `npm run eval` prints the same figures with every miss.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnswerContext } from '../../src/answers/answer.js';
import { openContext } from '../../src/answers/context.js';
import { defaultPackDir } from '../../src/paths.js';
import { casesOf, type EvalFile, type EvalReport, runEval } from './score.js';

let context: AnswerContext;

/**
 * The second casual tuning set. The aim is top-1 ≥ 90 % (63/70), top-3 ≥ 97 % (68/70), no in-scope
 * question left with nothing and no out-of-scope question answered; these are the figures
 * measured now (see the README's Retrieval quality), held so they cannot slip. The out-of-scope
 * questions still answered are short of the aim.
 */
const CASUAL = { top1: 66, top3: 69, inScopeEmpty: 0, outOfScopeAnswered: 3 } as const;

/**
 * The third casual tuning set, measured once before any tuning on it (70/80, 76/80, 3 left with
 * nothing, 7 of 40 out of scope answered); the same aim, and the figures measured now held so
 * they cannot slip. Top-1 and top-3 meet the aim; one in-scope question left with nothing and the
 * out-of-scope questions answered do not.
 */
const CASUAL_3 = { top1: 72, top3: 78, inScopeEmpty: 1, outOfScopeAnswered: 4 } as const;

/**
 * The casual held-out set: written from the research facts before the pack was studied, judged
 * against the pack afterwards, and never used to tune search. The aim is the same; these are the
 * figures it measured (below the aim on every count), held so they cannot slip.
 */
const HELD_OUT = { top1: 63, top3: 69, inScopeEmpty: 4, outOfScopeAnswered: 8 } as const;

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
  it('THEN top-1 is at least 29/30, top-3 is 100 %, and no out-of-scope question is answered', () => {
    const result = report('questions.json');
    expect(result.inScope).toBe(30);
    expect(result.outOfScope).toBe(5);
    expect(result.top1, misses(result)).toBeGreaterThanOrEqual(29);
    expect(result.top3, misses(result)).toBe(result.inScope);
    expect(result.outOfScopeAnswered, misses(result)).toBe(0);
  });
});

describe('GIVEN the held-out eval cases', () => {
  it('THEN retrieval does not fall below its measured level (top-1 63/64, top-3 63/64) and no out-of-scope question is answered', () => {
    const result = report('held-out.json');
    expect(result.top1, misses(result)).toBeGreaterThanOrEqual(63);
    expect(result.top3, misses(result)).toBeGreaterThanOrEqual(63);
    expect(result.inScopeEmpty, misses(result)).toBe(0);
    expect(result.outOfScopeAnswered, misses(result)).toBe(0);
  });
});

describe('GIVEN the casual-register development cases', () => {
  it('THEN retrieval does not fall below its measured level (top-1 56/60, top-3 59/60, none left with nothing, 2 of 30 out of scope answered)', () => {
    const result = report('casual-dev.json');
    expect(result.inScope).toBe(60);
    expect(result.top1, misses(result)).toBeGreaterThanOrEqual(56);
    expect(result.top3, misses(result)).toBeGreaterThanOrEqual(59);
    expect(result.inScopeEmpty, misses(result)).toBe(0);
    expect(result.outOfScopeAnswered, misses(result)).toBeLessThanOrEqual(2);
  });
});

describe('GIVEN the second casual-register tuning set', () => {
  it(`THEN top-1 ≥ ${CASUAL.top1} of 70, top-3 ≥ ${CASUAL.top3}, in scope with nothing ≤ ${CASUAL.inScopeEmpty}, out of scope answered ≤ ${CASUAL.outOfScopeAnswered} of 35`, () => {
    const result = report('casual-dev-2.json');
    expect(result.inScope).toBe(70);
    expect(result.outOfScope).toBe(35);
    expect(result.top1, misses(result)).toBeGreaterThanOrEqual(CASUAL.top1);
    expect(result.top3, misses(result)).toBeGreaterThanOrEqual(CASUAL.top3);
    expect(result.inScopeEmpty, misses(result)).toBeLessThanOrEqual(CASUAL.inScopeEmpty);
    expect(result.outOfScopeAnswered, misses(result)).toBeLessThanOrEqual(CASUAL.outOfScopeAnswered);
  });
});

describe('GIVEN the third casual-register tuning set', () => {
  it(`THEN top-1 ≥ ${CASUAL_3.top1} of 80, top-3 ≥ ${CASUAL_3.top3}, in scope with nothing ≤ ${CASUAL_3.inScopeEmpty}, out of scope answered ≤ ${CASUAL_3.outOfScopeAnswered} of 40`, () => {
    const result = report('casual-dev-3.json');
    expect(result.inScope).toBe(80);
    expect(result.outOfScope).toBe(40);
    expect(result.top1, misses(result)).toBeGreaterThanOrEqual(CASUAL_3.top1);
    expect(result.top3, misses(result)).toBeGreaterThanOrEqual(CASUAL_3.top3);
    expect(result.inScopeEmpty, misses(result)).toBeLessThanOrEqual(CASUAL_3.inScopeEmpty);
    expect(result.outOfScopeAnswered, misses(result)).toBeLessThanOrEqual(CASUAL_3.outOfScopeAnswered);
  });
});

describe('GIVEN the casual held-out set, never tuned on', () => {
  it(`THEN top-1 ≥ ${HELD_OUT.top1} of 80, top-3 ≥ ${HELD_OUT.top3}, in scope with nothing ≤ ${HELD_OUT.inScopeEmpty}, out of scope answered ≤ ${HELD_OUT.outOfScopeAnswered} of 40`, () => {
    const result = report('casual-held-out.json');
    expect(result.inScope).toBe(80);
    expect(result.outOfScope).toBe(40);
    expect(result.top1, misses(result)).toBeGreaterThanOrEqual(HELD_OUT.top1);
    expect(result.top3, misses(result)).toBeGreaterThanOrEqual(HELD_OUT.top3);
    expect(result.inScopeEmpty, misses(result)).toBeLessThanOrEqual(HELD_OUT.inScopeEmpty);
    expect(result.outOfScopeAnswered, misses(result)).toBeLessThanOrEqual(HELD_OUT.outOfScopeAnswered);
  });
});
