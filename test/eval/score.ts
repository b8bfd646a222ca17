/**
 * Retrieval quality over the eval cases: a result is a hit when its date starts with the
 * case's date (where given) and one of the expected strings (any, where none are given) is in
 * what the member reads first: its quote, our summary (a timeline event's, or what a passage
 * garbled past reading reports) and, unless scoring on the text alone, the name of whoever
 * wrote the words (`words_by`, the first name shown beside the quote), compared
 * case-insensitively with curly quotes and apostrophes folded. Out-of-scope cases must get no
 * result at all.
 */
import type { AnswerContext } from '../../src/answers/answer.js';
import { type JsonResult, toJson } from '../../src/cli/json.js';
import { answerMode, isTerminalMode } from '../../src/cli/modes.js';

/** One case of an eval file. */
export interface EvalCase {
  readonly mode: string;
  readonly q: string;
  readonly expect: readonly string[];
  readonly date?: string;
  readonly out_of_scope?: boolean;
}

/** An eval file: cases, and out-of-scope queries either marked in `cases` or listed apart. */
export interface EvalFile {
  readonly cases: readonly EvalCase[];
  readonly out_of_scope?: readonly { readonly mode: string; readonly q: string }[];
}

/** Every case of a file, out-of-scope ones marked. */
export function casesOf(file: EvalFile): EvalCase[] {
  return [
    ...file.cases,
    ...(file.out_of_scope ?? []).map((c) => ({ mode: c.mode, q: c.q, expect: [], out_of_scope: true })),
  ];
}

/** How one case went. */
export interface CaseOutcome {
  readonly case: EvalCase;
  /** 1-based rank of the first hit, or null. */
  readonly rank: number | null;
  readonly total: number;
  readonly first: string | null;
}

/** The figures for a set of cases. */
export interface EvalReport {
  readonly cases: number;
  readonly inScope: number;
  readonly top1: number;
  readonly top3: number;
  /** In-scope cases that got no result at all. */
  readonly inScopeEmpty: number;
  readonly outOfScope: number;
  /** Out-of-scope cases that got any result. */
  readonly outOfScopeAnswered: number;
  readonly outcomes: readonly CaseOutcome[];
}

const foldCase = (text: string) => text.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').toLowerCase();

/** How results are scored. */
export interface ScoreOptions {
  /** Count the name of whoever wrote the words (`words_by`) as part of what a result says. Default true. */
  readonly wordsBy?: boolean;
}

function isHit(result: JsonResult, c: EvalCase, wordsBy: boolean): boolean {
  if (c.date && !result.date.startsWith(c.date)) return false;
  if (c.expect.length === 0) return true;
  const read = [result.quote, result.summary, wordsBy ? result.words_by : null];
  const haystack = foldCase(read.filter((text) => text !== null).join('\n'));
  return c.expect.some((expected) => haystack.includes(foldCase(expected)));
}

/** Runs every case against the context. */
export function runEval(
  context: AnswerContext,
  cases: readonly EvalCase[],
  options: ScoreOptions = {},
): EvalReport {
  const wordsBy = options.wordsBy ?? true;
  const outcomes = cases.map((c): CaseOutcome => {
    if (!isTerminalMode(c.mode)) throw new Error(`eval case has unknown mode ${c.mode}`);
    const json = toJson(c.mode, c.q, answerMode(context, c.mode, c.q, 0, Number.MAX_SAFE_INTEGER));
    const index = json.results.findIndex((result) => isHit(result, c, wordsBy));
    const first = json.results[0];
    return {
      case: c,
      rank: index < 0 ? null : index + 1,
      total: json.total,
      first: first ? (first.quote ?? first.summary) : null,
    };
  });
  const scoped = outcomes.filter((o) => !o.case.out_of_scope);
  const outside = outcomes.filter((o) => o.case.out_of_scope);
  return {
    cases: outcomes.length,
    inScope: scoped.length,
    top1: scoped.filter((o) => o.rank === 1).length,
    top3: scoped.filter((o) => o.rank !== null && o.rank <= 3).length,
    inScopeEmpty: scoped.filter((o) => o.total === 0).length,
    outOfScope: outside.length,
    outOfScopeAnswered: outside.filter((o) => o.total > 0).length,
    outcomes,
  };
}
