/**
 * A copy of the project for running its npm scripts as a fresh checkout would: with no dist/,
 * so the script's build runs. (A build deletes dist/ before writing it again; in the repository
 * itself that would pull dist/ from under the other test files, which run in parallel.) The copy
 * holds what the scripts use (package.json, scripts/, src/, knowledge/) and links node_modules.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './run.js';

export interface ProjectCopy {
  readonly dir: string;
  remove(): void;
}

export function copyProject(): ProjectCopy {
  const dir = mkdtempSync(join(tmpdir(), 'receipts-project-'));
  for (const entry of ['package.json', 'scripts', 'src', 'commands', 'knowledge']) {
    const from = join(repoRoot, entry);
    if (existsSync(from)) cpSync(from, join(dir, entry), { recursive: true });
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
