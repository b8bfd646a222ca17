/**
 * A pack is checked in full once per content, then kept on disk as it was checked, so the next
 * start with the same pack and the same build reads it back instead of parsing, validating and
 * locating every quote again.
 *
 * What is kept is the checked pack itself (V8's serialisation of the frozen object graph), and
 * what is built from it (the search index, as plain data), under a key that is the SHA-256 of: the format of what is kept, the build of the program
 * (`src/build.ts`), V8's version, and every file under the pack's folder (its path, whether it
 * is a file or a link, and its bytes). One changed byte anywhere in the pack, a file added,
 * removed or renamed, another build or another Node gives another key: nothing is found, and
 * the pack is checked in full. The bytes hashed are the bytes checked (read once, see
 * `files.ts`), and only a pack that passed the check is kept, so a pack is never served
 * unchecked. A folder that cannot be written (a read-only install) means no cache, nothing
 * worse; so does an entry that cannot be read back.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { projectRoot } from '../paths.js';
import { readPackFiles } from './files.js';
import type { LoadResult } from './load.js';
import type { Pack } from './types.js';

/** Where checked packs are kept, and for which build. */
export interface PackCacheOptions {
  /** The folder; null keeps nothing. Default {@link packCacheDefaults.dir}. */
  readonly dir?: string | null;
  /** The running build's id; null (sources run unbuilt) keeps nothing. */
  readonly build: string | null;
  /** Most checked packs kept in the folder; the least recently used go first. Default 8. */
  readonly entries?: number;
}

/** Defaults: in node_modules/.cache (ignored by git, removed with node_modules), eight packs. */
export const packCacheDefaults = {
  dir: join(projectRoot, 'node_modules', '.cache', 'receipts', 'packs'),
  entries: 8,
} as const;

/** Changes whenever what is kept changes shape. */
const FORMAT = 'receipts-checked-pack/3';

/**
 * What is built from a pack and kept beside it (a search index): built once from the checked
 * pack, then restored from plain data with it.
 */
export interface Derived<T> {
  build(pack: Pack): T;
  /** What is built, as data V8 can serialise. */
  save(built: T): unknown;
  /** What was built, again, from what {@link save} gave for the same pack. */
  restore(pack: Pack, saved: unknown): T;
}

/** A load: the pack and what is built from it, and whether it was checked now or read back as checked before. */
export type CheckedLoad<T> =
  | { readonly ok: true; readonly pack: Pack; readonly built: T; readonly checked: 'now' | 'before' }
  | { readonly ok: false; readonly problems: Extract<LoadResult, { ok: false }>['problems'] };

/** What one cache entry holds. */
interface Kept {
  readonly pack: Pack;
  readonly derived: unknown;
}

/**
 * True when the pack is made only of what V8 serialises and gives back as it was: frozen
 * plain objects and arrays, Maps, and primitives. Anything else is not kept.
 */
export function keepable(pack: Pack): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [pack];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object') {
      if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return false;
      continue;
    }
    if (seen.has(value)) continue;
    seen.add(value);
    if (value instanceof Map) {
      for (const [key, entry] of value) stack.push(key, entry);
      continue;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== Array.prototype) return false;
    if (!Object.isFrozen(value)) return false;
    stack.push(...Object.values(value));
  }
  return true;
}

/** Freezes every plain object and array in the graph, as the loader left them (Maps stay open). */
function freezeAll(pack: Pack): Pack {
  const seen = new Set<object>();
  const stack: unknown[] = [pack];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (value instanceof Map) {
      for (const entry of value.values()) stack.push(entry);
      continue;
    }
    stack.push(...Object.values(value));
    Object.freeze(value);
  }
  return pack;
}

async function readKept<T>(path: string, derived: Derived<T>): Promise<{ pack: Pack; built: T } | null> {
  try {
    const kept = deserialize(await readFile(path)) as Kept;
    const pack = freezeAll(kept.pack);
    const built = derived.restore(pack, kept.derived);
    // Read back is used: it goes after the entries written since (see keep).
    const now = new Date();
    await utimes(path, now, now).catch(() => {});
    return { pack, built };
  } catch {
    // Missing, unreadable or of another shape: check the pack instead.
    return null;
  }
}

/** Writes atomically (a reader sees the whole entry or none), then keeps the `entries` last written or read. */
async function keep(dir: string, key: string, kept: Kept, entries: number): Promise<void> {
  const temporary = join(dir, `.${key}.${randomBytes(6).toString('hex')}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temporary, serialize(kept));
    await rename(temporary, join(dir, key));
    const onDisk = await Promise.all(
      (await readdir(dir))
        .filter((name) => !name.startsWith('.'))
        .map(async (name) => ({ name, at: (await stat(join(dir, name))).mtimeMs })),
    );
    onDisk.sort((a, b) => b.at - a.at);
    await Promise.all(onDisk.slice(entries).map(({ name }) => rm(join(dir, name), { force: true })));
  } catch {
    // A folder that cannot be written means no cache.
    await rm(temporary, { force: true }).catch(() => {});
  }
}

/**
 * Loads the pack in `dir` and what is built from it: read back as checked before when its
 * content was, else checked in full (and kept for next time).
 */
export async function loadCheckedPack<T>(
  dir: string,
  options: PackCacheOptions,
  derived: Derived<T>,
): Promise<CheckedLoad<T>> {
  const files = await readPackFiles(dir);
  const cacheDir = options.dir === undefined ? packCacheDefaults.dir : options.dir;
  const key =
    cacheDir !== null && options.build !== null
      ? files.digest([FORMAT, options.build, process.versions.v8])
      : null;
  if (cacheDir !== null && key !== null) {
    const kept = await readKept(join(cacheDir, key), derived);
    if (kept) return { ok: true, ...kept, checked: 'before' };
  }
  // The checker (YAML, schemas) is loaded only when a pack is checked.
  const { loadPack } = await import('./load.js');
  const result = await loadPack(dir, files);
  if (!result.ok) return result;
  const { pack } = result;
  const built = derived.build(pack);
  if (cacheDir !== null && key !== null && keepable(pack))
    await keep(
      cacheDir,
      key,
      { pack, derived: derived.save(built) },
      options.entries ?? packCacheDefaults.entries,
    );
  return { ok: true, pack, built, checked: 'now' };
}
