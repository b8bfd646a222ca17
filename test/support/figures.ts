/**
 * The figures the reliability tests produce, kept for docs/reliability.md: each test file writes
 * what it measured to test/reliability/figures/<group>.json (not committed), and
 * `npm run reliability` turns the files into the table.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './run.js';

export const figuresDir = join(repoRoot, 'test', 'reliability', 'figures');

/** One row of figures: a name and what was counted. */
export interface FigureRow {
  readonly name: string;
  readonly [figure: string]: string | number | boolean | Record<string, number>;
}

/** Starts a group's file afresh, so figures from an earlier run with other names do not linger. */
export function resetFigures(group: string): void {
  mkdirSync(figuresDir, { recursive: true });
  writeFileSync(join(figuresDir, `${group}.json`), '[]\n');
}

/** Records (or replaces, by name) a row of figures in a group's file. */
export function recordFigures(group: string, row: FigureRow): void {
  mkdirSync(figuresDir, { recursive: true });
  const file = join(figuresDir, `${group}.json`);
  let rows: FigureRow[] = [];
  try {
    rows = JSON.parse(readFileSync(file, 'utf8')) as FigureRow[];
  } catch {
    rows = [];
  }
  rows = [...rows.filter((existing) => existing.name !== row.name), row];
  writeFileSync(file, `${JSON.stringify(rows, null, 2)}\n`);
}
