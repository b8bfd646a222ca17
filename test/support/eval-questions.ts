/** The questions of every eval set (public, held-out, the casual tuning and held-out sets), in and out of scope. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './run.js';

/** The eval sets, by file name in test/fixtures. */
export const evalSets = [
  'questions.json',
  'held-out.json',
  'casual-dev.json',
  'casual-dev-2.json',
  'casual-dev-3.json',
  'casual-dev-4.json',
  'casual-dev-5.json',
  'casual-dev-6.json',
  'casual-dev-7.json',
  'casual-dev-8.json',
  'casual-dev-9.json',
  'casual-held-out.json',
];

/** Every eval question once, in the sets' order. */
export function evalQuestions(): string[] {
  const all = evalSets.flatMap((file) => {
    const parsed = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures', file), 'utf8')) as {
      cases: { q: string }[];
      out_of_scope?: { q: string }[];
    };
    return [...parsed.cases, ...(parsed.out_of_scope ?? [])].map((entry) => entry.q);
  });
  return [...new Set(all)];
}
