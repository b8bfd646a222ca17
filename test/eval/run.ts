/**
 * `npm run eval [-- --scores] [file…]`: retrieval figures for the eval cases (default: the
 * public cases, the project's held-out cases and the casual-register sets), with every miss
 * listed. Each set is scored counting the name shown first beside a quote (`words_by`), and
 * also on the quote text alone where that differs. `--scores` also prints, per set, how well the best candidate met each question
 * (share of the question's weight and the weight itself), in scope against out of scope: the
 * figures the "closest the sources come" rule is chosen from.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findFor } from '../../src/answers/answer.js';
import { openContext } from '../../src/answers/context.js';
import type { SearchMode } from '../../src/answers/types.js';
import { defaultPackDir, projectRoot } from '../../src/paths.js';
import { defaultRelevance } from '../../src/search/engine.js';
import { evalSets } from '../support/eval-questions.js';
import { casesOf, type EvalCase, type EvalFile, runEval } from './score.js';

const args = process.argv.slice(2);
const scores = args.includes('--scores');
const named = args.filter((arg) => arg !== '--scores');
const files = named.length > 0 ? named : evalSets.map((name) => join(projectRoot, 'test/fixtures', name));
const opened = await openContext(defaultPackDir);
if (!opened.ok) {
  for (const problem of opened.problems) console.error(problem);
  process.exit(1);
}
const { context } = opened;
const pct = (n: number, d: number) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`);

/** The best candidate's share of the question's weight and the weight itself, or null. */
function bestOf(c: EvalCase): { coverage: number; weight: number } | null {
  if (c.q.trim() === '') return null;
  const { query, finding } = findFor(context.search, c.mode as SearchMode, c.q);
  return query.slots.length === 0 ? null : finding.best;
}

function printScores(cases: readonly EvalCase[]): void {
  const rows = cases
    .map((c) => ({ c, best: bestOf(c) }))
    .filter((row) => row.c.mode !== 'timeline' || row.best !== null)
    .sort(
      (a, b) =>
        (b.best?.coverage ?? 0) - (a.best?.coverage ?? 0) || (b.best?.weight ?? 0) - (a.best?.weight ?? 0),
    );
  const line = (row: (typeof rows)[number]) =>
    `    ${(row.best?.coverage ?? 0).toFixed(2)} / ${(row.best?.weight ?? 0).toFixed(2).padStart(5)}  ${row.c.mode} “${row.c.q}”`;
  const { minCoverage } = defaultRelevance;
  const weak = rows.filter((row) => !row.c.out_of_scope && (row.best?.coverage ?? 0) < minCoverage);
  console.log(
    `  scores (coverage / weight of the best candidate); in scope below ${minCoverage}: ${weak.length}`,
  );
  for (const row of weak) console.log(line(row));
  const outside = rows.filter((row) => row.c.out_of_scope);
  console.log(`  out of scope: ${outside.length}`);
  for (const row of outside) console.log(line(row));
}

/** Per band of coverage, how many in-scope and out-of-scope questions have their best candidate there. */
function printDistribution(cases: readonly EvalCase[]): void {
  const bands = [0, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9, 1];
  // A question with no words to search (a year alone) is answered by its period, not ranked.
  const ranked = cases.filter((c) => c.out_of_scope || bestOf(c) !== null);
  const count = (inScope: boolean, low: number, high: number) =>
    ranked.filter((c) => {
      if (!c.out_of_scope !== inScope) return false;
      const coverage = bestOf(c)?.coverage ?? 0;
      return coverage >= low - 1e-9 && (high === 1 ? coverage <= 1 : coverage < high - 1e-9);
    }).length;
  console.log('  coverage of the best candidate   in scope   out of scope');
  for (let k = 0; k < bands.length - 1; k++) {
    const low = bands[k] as number;
    const high = bands[k + 1] as number;
    const label = `${low.toFixed(2)}–${high.toFixed(2)}`.padEnd(31);
    console.log(
      `  ${label}  ${String(count(true, low, high)).padStart(8)}   ${String(count(false, low, high)).padStart(12)}`,
    );
  }
}

const all: EvalCase[] = [];
for (const file of files) {
  const cases = casesOf(JSON.parse(readFileSync(file, 'utf8')) as EvalFile);
  // The held-out sets measure the rule; they take no part in choosing it.
  if (!file.includes('held-out')) all.push(...cases);
  const report = runEval(context, cases);
  const textOnly = runEval(context, cases, { wordsBy: false });
  console.log(`${file}`);
  console.log(
    `  top-1 ${report.top1}/${report.inScope} (${pct(report.top1, report.inScope)}), ` +
      `top-3 ${report.top3}/${report.inScope} (${pct(report.top3, report.inScope)}), ` +
      `in scope with nothing ${report.inScopeEmpty}, ` +
      `out of scope answered ${report.outOfScopeAnswered}/${report.outOfScope}`,
  );
  if (textOnly.top1 !== report.top1 || textOnly.top3 !== report.top3) {
    console.log(
      `  on the quote text alone (without words_by): top-1 ${textOnly.top1}/${textOnly.inScope} ` +
        `(${pct(textOnly.top1, textOnly.inScope)}), top-3 ${textOnly.top3}/${textOnly.inScope} ` +
        `(${pct(textOnly.top3, textOnly.inScope)})`,
    );
  }
  for (const o of report.outcomes) {
    const miss = o.case.out_of_scope ? o.total > 0 : o.rank !== 1;
    if (!miss) continue;
    const what = o.case.out_of_scope ? `answered ${o.total}` : `rank ${o.rank ?? '—'} of ${o.total}`;
    console.log(`  ${o.case.mode} “${o.case.q}”: ${what}; first: ${o.first?.slice(0, 90) ?? '—'}`);
  }
  if (scores) printScores(cases);
}
/**
 * The questions holding a word the pack never uses that is rare in English, by the coverage of
 * their best candidate (before the stricter rule for them): the figures `foreignCoverage` is chosen from.
 */
function printForeign(cases: readonly EvalCase[]): void {
  const rows = cases.flatMap((c) => {
    if (c.q.trim() === '') return [];
    const query = context.search.analyze(c.q, { periods: c.mode === 'timeline' });
    if (!query.slots.some((slot) => slot.foreign)) return [];
    const { finding } = findFor(context.search, c.mode as SearchMode, c.q);
    const relaxed = context.search.find(query, {
      events: c.mode !== 'claim' && c.mode !== 'denial',
      relevance: { foreignCoverage: 0, closest: null, minCoverage: 0 },
      ...(c.mode === 'timeline' ? { statements: false } : {}),
    });
    return [{ c, coverage: relaxed.best?.coverage ?? 0, answered: finding.hits.length > 0 }];
  });
  console.log(
    '  questions with a word the pack never uses, rare in English (best coverage without their rule):',
  );
  for (const row of rows.sort((a, b) => b.coverage - a.coverage))
    console.log(
      `    ${row.coverage.toFixed(2)}  ${row.c.out_of_scope ? 'out of scope' : 'in scope    '}  ${row.c.mode} “${row.c.q}”`,
    );
}

if (scores) {
  console.log('The sets the rule is chosen on (all but the held-out sets), together:');
  printDistribution(all);
  printForeign(all);
}
