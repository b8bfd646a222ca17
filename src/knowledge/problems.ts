/** How a pack problem reads in a message. */
import { join } from 'node:path';
import type { PackProblem } from './types.js';

/** One line per problem: `file [item] field: message`. */
export function formatProblem(problem: PackProblem, dir?: string): string {
  const file = dir ? join(dir, problem.file) : problem.file;
  const item = problem.item === null ? '' : ` [${problem.item}]`;
  const field = problem.field === null ? '' : ` ${problem.field}`;
  return `${file}${item}${field}: ${problem.message}`;
}
