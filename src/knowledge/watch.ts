/**
 * Live reload of the knowledge pack (`KNOWLEDGE_WATCH=true`). The pack folder is watched; a
 * burst of changes is read once, after it has been quiet for a moment. A pack that loads and
 * validates replaces the one being served; one that does not is reported, problem by problem,
 * and the last good pack goes on being served. A load during which any file changed is not
 * trusted, however valid it looks (a file read half-written can still parse): the pack is read
 * again once the writing is over.
 */
import { type FSWatcher, watch } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnswerContext } from '../answers/answer.js';
import { createContext } from '../answers/context.js';
import type { Logger } from '../log.js';
import type { LoadResult } from './load.js';
import { formatProblem } from './problems.js';

/** Wait this long after the last change before reading the pack. */
export const DEBOUNCE_MS = 100;

/** The pack being served. */
export interface LivePack {
  /** The pack and its index to answer from now; a reload swaps what this returns. */
  readonly current: () => AnswerContext;
  /** Stops watching. */
  close(): void;
}

/** What watching needs. */
export interface WatchOptions {
  readonly dir: string;
  /** The pack loaded at start, served until a valid change replaces it. */
  readonly initial: AnswerContext;
  readonly log: Logger;
  readonly debounceMs?: number;
  /** Reads and validates the pack; `loadPack` unless a test says otherwise. */
  readonly load?: (dir: string) => Promise<LoadResult>;
}

/** A pack that is never reloaded. */
export function fixedPack(context: AnswerContext): LivePack {
  return { current: () => context, close: () => {} };
}

/** The pack to serve: watched when `watch` is set (KNOWLEDGE_WATCH), fixed otherwise. */
export function livePack(options: WatchOptions & { readonly watch: boolean }): LivePack {
  return options.watch ? watchPack(options) : fixedPack(options.initial);
}

/** Size and modification time of every file under `dir`: what a finished write changes. */
async function fingerprint(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  const parts = await Promise.all(
    files.map(async (file) => {
      const info = await stat(file).catch(() => null);
      return info ? `${file}:${info.size}:${info.mtimeMs}` : `${file}:gone`;
    }),
  );
  return parts.join('\n');
}

/** Serves the pack in `options.dir` and reloads it when its files change. */
export function watchPack(options: WatchOptions): LivePack {
  const { dir, log } = options;
  const debounceMs = options.debounceMs ?? DEBOUNCE_MS;
  // The checker is loaded with the first reload, not with the process.
  const load = options.load ?? (async (from: string) => (await import('./load.js')).loadPack(from));
  let current = options.initial;
  let changes = 0;
  let timer: NodeJS.Timeout | undefined;
  let loading = false;
  let again = false;
  let closed = false;

  const schedule = () => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => void reload(), debounceMs);
  };

  const reload = async () => {
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    const seen = changes;
    try {
      const before = await fingerprint(dir);
      const result = await load(dir);
      const after = await fingerprint(dir);
      if (closed) return;
      if (changes !== seen || before !== after) {
        // Something was being written while the pack was read: read it again once it is quiet.
        log.debug({ dir }, 'pack changed while it was read; reading it again');
        again = true;
      } else if (result.ok) {
        current = createContext(result.pack);
        const { meta, statements, timeline, documents } = result.pack;
        log.info(
          {
            version: meta.version,
            statements: statements.length,
            events: timeline.length,
            documents: documents.length,
          },
          'pack reloaded',
        );
      } else {
        for (const problem of result.problems)
          log.error({ problem: formatProblem(problem, dir) }, 'pack problem');
        log.warn(
          { problems: result.problems.length, version: current.pack.meta.version },
          'pack not reloaded; still serving the last good pack',
        );
      }
    } catch (error) {
      log.error(
        { err: error, version: current.pack.meta.version },
        'pack not reloaded; still serving the last good pack',
      );
    } finally {
      loading = false;
    }
    if (again) {
      again = false;
      schedule();
    }
  };

  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(dir, { recursive: true }, () => {
      changes++;
      schedule();
    });
    watcher.on('error', (error) => log.error({ err: error, dir }, 'stopped watching the pack'));
    log.info({ dir }, 'watching the pack for changes');
  } catch (error) {
    log.error({ err: error, dir }, 'cannot watch the pack; it will not be reloaded');
  }

  return {
    current: () => current,
    close() {
      closed = true;
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
