/**
 * `npm run eval [file…]`: retrieval figures for the eval cases (default: the public cases and
 * the project's own held-out cases), with every miss listed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openContext } from '../../src/answers/context.js';
import { defaultPackDir, projectRoot } from '../../src/paths.js';
import { casesOf, type EvalFile, runEval } from './score.js';

const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : ['questions.json', 'held-out.json', 'casual-dev.json', 'casual-held-out.json'].map((name) =>
        join(projectRoot, 'test/fixtures', name),
      );
const opened = await openContext(defaultPackDir);
if (!opened.ok) {
  for (const problem of opened.problems) console.error(problem);
  process.exit(1);
}
const pct = (n: number, d: number) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`);
for (const file of files) {
  const report = runEval(opened.context, casesOf(JSON.parse(readFileSync(file, 'utf8')) as EvalFile));
  console.log(`${file}`);
  console.log(
    `  top-1 ${report.top1}/${report.inScope} (${pct(report.top1, report.inScope)}), ` +
      `top-3 ${report.top3}/${report.inScope} (${pct(report.top3, report.inScope)}), ` +
      `in scope with nothing ${report.inScopeEmpty}, ` +
      `out of scope answered ${report.outOfScopeAnswered}/${report.outOfScope}`,
  );
  for (const o of report.outcomes) {
    const miss = o.case.out_of_scope ? o.total > 0 : o.rank !== 1;
    if (!miss) continue;
    const what = o.case.out_of_scope ? `answered ${o.total}` : `rank ${o.rank ?? '—'} of ${o.total}`;
    console.log(`  ${o.case.mode} “${o.case.q}”: ${what}; first: ${o.first?.slice(0, 90) ?? '—'}`);
  }
}
