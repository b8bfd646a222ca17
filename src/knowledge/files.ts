/**
 * A pack's files, read once into memory: the loader checks these bytes, and the checked-pack
 * cache is keyed by a hash of these same bytes, so what was hashed is what was checked.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** One file of a pack. */
interface PackFile {
  readonly bytes: Buffer;
  /**
   * True for a regular file, which the loader lists; false for a link to one, which it reads
   * only when another file names it (as a folder listing would not show it as a file).
   */
  readonly listed: boolean;
}

/** Every file under a pack's folder, by its path from the folder ('/'-separated). */
export class PackFiles {
  constructor(private readonly files: ReadonlyMap<string, PackFile>) {}

  /** The bytes of the file at `path`, or null when there is none. */
  bytes(path: string): Buffer | null {
    return this.files.get(path)?.bytes ?? null;
  }

  /** The text of the file at `path` (UTF-8), or null when there is none. */
  text(path: string): string | null {
    return this.bytes(path)?.toString('utf8') ?? null;
  }

  /** Names of the regular files directly in `folder` ('' for the pack's own folder), sorted. */
  names(folder: string): string[] {
    const prefix = folder === '' ? '' : `${folder}/`;
    const out: string[] = [];
    for (const [path, file] of this.files) {
      if (!file.listed || !path.startsWith(prefix)) continue;
      const name = path.slice(prefix.length);
      if (!name.includes('/')) out.push(name);
    }
    return out.sort();
  }

  /** SHA-256 (hex) of `context` and every file's path, kind and bytes: one changed byte changes it. */
  digest(context: readonly string[]): string {
    const hash = createHash('sha256');
    for (const part of context) hash.update(`${part}\0`);
    for (const path of [...this.files.keys()].sort()) {
      const file = this.files.get(path) as PackFile;
      hash.update(`${path}\0${file.listed ? 'f' : 'l'}\0${file.bytes.length}\0`);
      hash.update(file.bytes);
    }
    return hash.digest('hex');
  }
}

/** Reads every file under `dir`, following links to folders once; a missing folder has no files. */
export async function readPackFiles(dir: string): Promise<PackFiles> {
  const files = new Map<string, PackFile>();
  const visited = new Set<string>();
  const walk = async (folder: string, prefix: string): Promise<void> => {
    let real: string;
    try {
      real = await realpath(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    if (visited.has(real)) return;
    visited.add(real);
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      const name = `${prefix}${entry.name}`;
      if (entry.isDirectory()) await walk(path, `${name}/`);
      else if (entry.isFile()) files.set(name, { bytes: await readFile(path), listed: true });
      else if (entry.isSymbolicLink()) {
        const target = await stat(path).catch(() => null);
        if (target?.isDirectory()) await walk(path, `${name}/`);
        else if (target?.isFile()) files.set(name, { bytes: await readFile(path), listed: false });
      }
    }
  };
  await walk(dir, '');
  return new PackFiles(files);
}
