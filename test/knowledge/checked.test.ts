/**
 * The checked-pack cache: a pack is checked in full once per content and build, read back
 * afterwards, and never served unchecked. One changed byte anywhere in the pack, a file added
 * or renamed, another build, a damaged entry: each means the whole check runs again.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Derived, loadCheckedPack } from '../../src/knowledge/checked.js';
import { Search, type SearchState } from '../../src/search/engine.js';
import { copyPack, type PackCopy } from '../support/pack.js';

const made: string[] = [];
const copies: PackCopy[] = [];
afterEach(() => {
  for (const copy of copies.splice(0)) copy.remove();
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fresh(): { pack: PackCopy; cache: string } {
  const pack = copyPack();
  copies.push(pack);
  const cache = mkdtempSync(join(tmpdir(), 'receipts-cache-'));
  made.push(cache);
  return { pack, cache };
}

const searchIndex: Derived<Search> = {
  build: (pack) => new Search(pack),
  save: (search) => search.state(),
  restore: (pack, state) => new Search(pack, state as SearchState),
};

const load = (dir: string, cache: string | null, build = 'build-1') =>
  loadCheckedPack(dir, { dir: cache, build }, searchIndex);

/** How a load went: checked now, read back, or refused. */
async function how(dir: string, cache: string | null, build = 'build-1'): Promise<string> {
  const result = await load(dir, cache, build);
  return result.ok ? result.checked : 'refused';
}

/** Every path of a pack copy's files, from its folder. */
function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

/**
 * Where two object graphs first differ (a value, a key, how objects are shared, whether an
 * object is frozen), or null when they are alike. Each object of one is matched to one object
 * of the other, so cycles are followed once.
 */
function difference(
  a: unknown,
  b: unknown,
  path = 'pack',
  matched = new Map<object, object>(),
): string | null {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object')
    return Object.is(a, b) ? null : `${path}: ${String(a)} ≠ ${String(b)}`;
  const earlier = matched.get(a);
  if (earlier) return earlier === b ? null : `${path}: shared differently`;
  matched.set(a, b);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: another kind of object`;
  if (Object.isFrozen(a) !== Object.isFrozen(b)) return `${path}: frozen in one only`;
  const entries = (value: object) => (value instanceof Map ? [...value.entries()] : Object.entries(value));
  const left = entries(a);
  const right = entries(b);
  if (left.length !== right.length) return `${path}: ${left.length} entries ≠ ${right.length}`;
  for (let i = 0; i < left.length; i++) {
    const [key, value] = left[i] as [unknown, unknown];
    const [otherKey, other] = right[i] as [unknown, unknown];
    if (key !== otherKey) return `${path}: key ${String(key)} ≠ ${String(otherKey)}`;
    const found = difference(value, other, `${path}.${String(key)}`, matched);
    if (found) return found;
  }
  return null;
}

describe('GIVEN a pack loaded twice with the same build', () => {
  it('THEN it is checked the first time and read back the second, equal in every field, frozen alike, answering alike', async () => {
    const { pack, cache } = fresh();
    const first = await load(pack.dir, cache);
    const second = await load(pack.dir, cache);
    if (!first.ok || !second.ok) throw new Error('the shipped pack should load');
    expect([first.checked, second.checked]).toEqual(['now', 'before']);
    expect(readdirSync(cache)).toHaveLength(1);
    expect(difference(second.pack, first.pack)).toBeNull();
    // Read back, not the same objects (toBe would compare the whole cyclic graph on a mismatch).
    expect(second.pack === first.pack).toBe(false);
    // One graph, as the loader built it: a statement's source is the pack's document itself.
    const statement = second.pack.statements[0];
    expect(statement?.source === second.pack.byId.documents.get(statement?.source.id ?? '')).toBe(true);
    for (const text of [
      'inbox api',
      'did netflix read my dms',
      'zuckerbrg',
      'may 2018',
      'weather in london',
    ]) {
      const built = first.built;
      const restored = second.built;
      const ids = (search: Search) => {
        const query = search.analyze(text, { periods: true });
        return [...search.statements(query), ...search.events(query)].map((hit) => ({
          id: hit.item.id,
          score: hit.score,
          coverage: hit.coverage,
          matched: [...hit.matched].sort(),
        }));
      };
      expect(ids(restored)).toEqual(ids(built));
    }
  });
});

describe('GIVEN a pack checked and kept', () => {
  it('WHEN any one byte of any one file changes THEN the whole check runs again; changed back, it is read back', async () => {
    const { pack, cache } = fresh();
    expect(await how(pack.dir, cache)).toBe('now');
    const files = filesOf(pack.dir);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const path = join(pack.dir, file);
      const original = readFileSync(path);
      const changed = Buffer.from(original);
      const at = Math.floor(changed.length / 2);
      // A letter's case, or a digit for another: the pack may stay valid, the bytes do not.
      changed[at] = (changed[at] as number) ^ 0x20;
      writeFileSync(path, changed);
      expect([file, await how(pack.dir, cache)]).not.toEqual([file, 'before']);
      writeFileSync(path, original);
      expect([file, await how(pack.dir, cache)]).toEqual([file, 'before']);
    }
  }, 120_000);

  it('WHEN a file is added or renamed THEN the whole check runs again', async () => {
    const { pack, cache } = fresh();
    expect(await how(pack.dir, cache)).toBe('now');
    pack.write('NOTES.md', 'An editor left this here.\n');
    expect(await how(pack.dir, cache)).toBe('now');
    expect(await how(pack.dir, cache)).toBe('before');
    pack.write('NOTES2.md', pack.read('NOTES.md'));
    pack.delete('NOTES.md');
    expect(await how(pack.dir, cache)).toBe('now');
  });

  it('WHEN another build loads it THEN that build checks it in full', async () => {
    const { pack, cache } = fresh();
    expect(await how(pack.dir, cache, 'build-1')).toBe('now');
    expect(await how(pack.dir, cache, 'build-2')).toBe('now');
    expect(await how(pack.dir, cache, 'build-2')).toBe('before');
  });

  it('WHEN the folder is full THEN the pack least recently used goes first, not the one read back', async () => {
    const { pack, cache } = fresh();
    const twoKept = (build: string) =>
      loadCheckedPack(pack.dir, { dir: cache, build, entries: 2 }, searchIndex).then((result) =>
        result.ok ? result.checked : 'refused',
      );
    expect(await twoKept('build-1')).toBe('now');
    expect(await twoKept('build-2')).toBe('now');
    expect(await twoKept('build-1')).toBe('before');
    expect(await twoKept('build-3')).toBe('now');
    expect(readdirSync(cache)).toHaveLength(2);
    expect(await twoKept('build-1')).toBe('before');
    expect(await twoKept('build-2')).toBe('now');
  });

  it('WHEN the kept entry is damaged THEN the pack is checked in full and kept again', async () => {
    const { pack, cache } = fresh();
    expect(await how(pack.dir, cache)).toBe('now');
    const [entry] = readdirSync(cache);
    const path = join(cache, entry as string);
    writeFileSync(path, readFileSync(path).subarray(0, 100));
    expect(await how(pack.dir, cache)).toBe('now');
    expect(await how(pack.dir, cache)).toBe('before');
  });
});

describe('GIVEN a pack with a problem', () => {
  it('THEN it is refused every time and nothing is kept', async () => {
    const { pack, cache } = fresh();
    pack.edit('pack.yaml', 'version:', 'versio:');
    expect(await how(pack.dir, cache)).toBe('refused');
    expect(await how(pack.dir, cache)).toBe('refused');
    expect(readdirSync(cache)).toEqual([]);
  });
});

describe('GIVEN a cache folder that cannot be written', () => {
  it('THEN the pack is checked in full each time and served all the same', async () => {
    const { pack, cache } = fresh();
    const blocked = join(cache, 'a-file');
    writeFileSync(blocked, '');
    const unwritable = join(blocked, 'packs');
    expect(await how(pack.dir, unwritable)).toBe('now');
    expect(await how(pack.dir, unwritable)).toBe('now');
    expect(readdirSync(cache)).toEqual(['a-file']);
  });

  it('THEN with no build id (sources run unbuilt) nothing is kept either', async () => {
    const { pack, cache } = fresh();
    const result = await loadCheckedPack(pack.dir, { dir: cache, build: null }, searchIndex);
    expect(result.ok && result.checked).toBe('now');
    expect(readdirSync(cache)).toEqual([]);
  });
});
