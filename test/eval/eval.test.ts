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

/** Where a casual set stands: its size, and the figures measured on it, held so they cannot slip. */
interface CasualGate {
  readonly file: string;
  readonly title: string;
  readonly inScope: number;
  readonly outOfScope: number;
  readonly top1: number;
  readonly top3: number;
  readonly inScopeEmpty: number;
  readonly outOfScopeAnswered: number;
}

/**
 * The casual sets beyond the first. The aim for each is top-1 ≥ 90 %, top-3 ≥ 97 %, no in-scope
 * question left with nothing and no out-of-scope question answered; the gates are the figures
 * measured now (see the README's Retrieval quality). The third to seventh tuning sets were each
 * measured once before any tuning on them (70/80, 76/80, 3 left with nothing, 7 of 40 answered;
 * 63/80, 69/80, 4, 8 of 40; 68/80, 69/80, 4, 5 of 40; 66/80, 69/80, 8, 3 of 40, when it was the
 * held-out set; and the seventh, written to ask harder: 55/80, 62/80, 10, 1 of 40). The held-out
 * set was written from the dispute's facts before the pack was studied, judged against the pack
 * afterwards, and never used to tune search: it is below the aim on every count.
 */
const casualGates: readonly CasualGate[] = [
  {
    file: 'casual-dev-2.json',
    title: 'the second casual-register tuning set',
    inScope: 70,
    outOfScope: 35,
    top1: 66,
    top3: 70,
    inScopeEmpty: 0,
    outOfScopeAnswered: 3,
  },
  {
    file: 'casual-dev-3.json',
    title: 'the third casual-register tuning set',
    inScope: 80,
    outOfScope: 40,
    top1: 76,
    top3: 79,
    inScopeEmpty: 0,
    outOfScopeAnswered: 2,
  },
  {
    file: 'casual-dev-4.json',
    title: 'the fourth casual-register tuning set',
    inScope: 80,
    outOfScope: 40,
    top1: 75,
    top3: 76,
    inScopeEmpty: 2,
    outOfScopeAnswered: 6,
  },
  {
    file: 'casual-dev-5.json',
    title: 'the fifth casual-register tuning set',
    inScope: 80,
    outOfScope: 40,
    top1: 75,
    top3: 78,
    inScopeEmpty: 1,
    outOfScopeAnswered: 1,
  },
  {
    file: 'casual-dev-6.json',
    title: 'the sixth casual-register tuning set',
    inScope: 80,
    outOfScope: 40,
    top1: 75,
    top3: 78,
    inScopeEmpty: 1,
    outOfScopeAnswered: 3,
  },
  {
    file: 'casual-dev-7.json',
    title: 'the seventh casual-register tuning set',
    inScope: 80,
    outOfScope: 40,
    top1: 64,
    top3: 69,
    inScopeEmpty: 5,
    outOfScopeAnswered: 1,
  },
  {
    file: 'casual-dev-8.json',
    title: 'the eighth casual-register tuning set (held out until it was first measured)',
    inScope: 80,
    outOfScope: 40,
    top1: 63,
    top3: 71,
    inScopeEmpty: 5,
    outOfScopeAnswered: 2,
  },
  {
    file: 'casual-dev-9.json',
    title: 'the ninth casual-register tuning set (held out until it was first measured)',
    inScope: 79,
    outOfScope: 40,
    top1: 70,
    top3: 72,
    inScopeEmpty: 4,
    outOfScopeAnswered: 2,
  },
  {
    file: 'casual-held-out.json',
    title: 'the casual held-out set, never tuned on',
    inScope: 75,
    outOfScope: 40,
    top1: 60,
    top3: 67,
    inScopeEmpty: 5,
    outOfScopeAnswered: 3,
  },
];

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
  it('THEN retrieval does not fall below its measured level (top-1 56/60, top-3 59/60, none left with nothing, 1 of 30 out of scope answered)', () => {
    const result = report('casual-dev.json');
    expect(result.inScope).toBe(60);
    expect(result.top1, misses(result)).toBeGreaterThanOrEqual(56);
    expect(result.top3, misses(result)).toBeGreaterThanOrEqual(59);
    expect(result.inScopeEmpty, misses(result)).toBe(0);
    expect(result.outOfScopeAnswered, misses(result)).toBeLessThanOrEqual(1);
  });
});

describe.each(casualGates)('GIVEN $title', (gate) => {
  it(`THEN top-1 ≥ ${gate.top1} of ${gate.inScope}, top-3 ≥ ${gate.top3}, in scope with nothing ≤ ${gate.inScopeEmpty}, out of scope answered ≤ ${gate.outOfScopeAnswered} of ${gate.outOfScope}`, () => {
    const result = report(gate.file);
    expect(result.inScope).toBe(gate.inScope);
    expect(result.outOfScope).toBe(gate.outOfScope);
    expect(result.top1, misses(result)).toBeGreaterThanOrEqual(gate.top1);
    expect(result.top3, misses(result)).toBeGreaterThanOrEqual(gate.top3);
    expect(result.inScopeEmpty, misses(result)).toBeLessThanOrEqual(gate.inScopeEmpty);
    expect(result.outOfScopeAnswered, misses(result)).toBeLessThanOrEqual(gate.outOfScopeAnswered);
  });
});
