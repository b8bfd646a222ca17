/** Where the project's files are, wherever the process was started from. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

/** The folder holding package.json (the same from src/ under tsx and from dist/). */
export const projectRoot = findRoot(dirname(fileURLToPath(import.meta.url)));

/** The shipped knowledge pack. */
export const defaultPackDir = join(projectRoot, 'knowledge');
