/**
 * Real copies of the shipped knowledge pack for tests to break: each copy is a temp folder made
 * with fs.cpSync, edited with plain string replacements, and removed by `remove()`.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { loadPack } from '../../src/knowledge/load.js';
import type { Pack } from '../../src/knowledge/types.js';
import { repoRoot } from './run.js';

/** The shipped pack. */
export const shippedPack = join(repoRoot, 'knowledge');

/** The shipped pack, loaded and checked; a test that needs it cannot run without it. */
export async function loadShipped(): Promise<Pack> {
  const loaded = await loadPack(shippedPack);
  if (!loaded.ok) throw new Error('the shipped pack does not load');
  return loaded.pack;
}

/** A throwaway copy of a pack. */
export interface PackCopy {
  readonly dir: string;
  /** Replaces the first occurrence of `from` in `file`; throws if it is not there. */
  edit(file: string, from: string, to: string): void;
  write(file: string, text: string): void;
  read(file: string): string;
  delete(file: string): void;
  remove(): void;
}

export function copyPack(source = shippedPack): PackCopy {
  const dir = mkdtempSync(join(tmpdir(), 'receipts-pack-'));
  cpSync(source, dir, { recursive: true });
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  return {
    dir,
    read,
    edit(file, from, to) {
      const text = read(file);
      const at = text.indexOf(from);
      if (at < 0) throw new Error(`test setup: ${JSON.stringify(from)} is not in ${file}`);
      writeFileSync(join(dir, file), text.slice(0, at) + to + text.slice(at + from.length));
    },
    write(file, text) {
      writeFileSync(join(dir, file), text);
    },
    delete(file) {
      unlinkSync(join(dir, file));
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** How many items each part of a pack holds, counted from its YAML without the loader. */
export function countItems(dir = shippedPack): {
  sources: number;
  statements: number;
  events: number;
  topics: number;
} {
  const list = (file: string): unknown[] => {
    const value: unknown = yaml.load(readFileSync(join(dir, file), 'utf8'));
    if (!Array.isArray(value)) throw new Error(`test setup: ${file} is not a list`);
    return value;
  };
  const statementFiles = readdirSync(join(dir, 'statements')).filter((name) => name.endsWith('.yaml'));
  return {
    sources: readdirSync(join(dir, 'sources')).filter((name) => name.endsWith('.yaml')).length,
    statements: statementFiles.reduce((sum, name) => sum + list(join('statements', name)).length, 0),
    events: list('timeline.yaml').length,
    topics: list('topics.yaml').length,
  };
}

/** The pack's identity as pack.yaml gives it. */
export function packIdentity(dir = shippedPack): { title: string; version: string } {
  const value = yaml.load(readFileSync(join(dir, 'pack.yaml'), 'utf8')) as { title: string; version: string };
  return { title: value.title, version: value.version };
}

/** The text of a source, byte for byte as shipped. */
export function sourceText(id: string, dir = shippedPack): string {
  return readFileSync(join(dir, 'sources', `${id}.txt`), 'utf8');
}
