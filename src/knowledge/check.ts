/**
 * `npm run check [dir]`: validates a knowledge pack and prints one line per problem.
 * Exits 0 when the pack is valid, 1 when it is not.
 */
import { relative, resolve } from 'node:path';
import { defaultPackDir } from '../paths.js';
import { formatProblem, loadPack } from './load.js';

const dir = resolve(process.argv[2] ?? defaultPackDir);
const shown = relative(process.cwd(), dir) || '.';
const result = await loadPack(dir);
if (result.ok) {
  const { meta, documents, statements, timeline, topics } = result.pack;
  console.log(
    `${shown}: ${meta.title} ${meta.version} is valid: ${documents.length} sources, ${statements.length} statements, ` +
      `${timeline.length} timeline events, ${topics.length} topics.`,
  );
} else {
  for (const problem of result.problems) console.error(formatProblem(problem, shown));
  console.error(
    `${shown}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}; the pack is not valid.`,
  );
  process.exitCode = 1;
}
