/**
 * The store's engines as tests use them: a real SQLite file in a temporary folder, PGlite
 * behind its socket server, and the server named by TEST_DATABASE_URL when there is one.
 * Each `fresh()` gives an empty store.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { StoreLocation } from '../../src/store/database.js';
import { Store } from '../../src/store/store.js';
import { externalPostgres, startPglite, type TestPostgres } from './postgres.js';

/** An engine the store suite runs against. */
export interface TestEngine {
  readonly name: string;
  /** A location holding an empty store (migrations not yet applied). */
  fresh(): Promise<StoreLocation>;
  close(): Promise<void>;
}

const tables = [
  'meta',
  'questions',
  'statement_views',
  'feedback',
  'posts',
  'post_statements',
  'post_corrections',
  'cooldowns',
] as const;

async function emptied(url: string): Promise<StoreLocation> {
  const location: StoreLocation = { engine: 'postgres', url };
  const store = await Store.open(location);
  for (const table of tables) await store.db.deleteFrom(table).execute();
  await store.close();
  return location;
}

/** A SQLite file in a new temporary folder. */
export function sqliteEngine(): TestEngine {
  const dirs: string[] = [];
  return {
    name: 'SQLite (a file)',
    async fresh() {
      const dir = mkdtempSync(join(tmpdir(), 'receipts-store-'));
      dirs.push(dir);
      return { engine: 'sqlite', file: join(dir, 'receipts.sqlite') };
    },
    async close() {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** PGlite over the wire protocol. */
export async function pgliteEngine(): Promise<TestEngine & { server: TestPostgres }> {
  const server = await startPglite();
  return {
    name: 'PostgreSQL (PGlite over the wire protocol)',
    server,
    fresh: () => emptied(server.url),
    close: () => server.close(),
  };
}

/** The server named by TEST_DATABASE_URL, or null. */
export async function externalEngine(): Promise<TestEngine | null> {
  const external = await externalPostgres();
  if (!external) return null;
  return {
    name: 'PostgreSQL (TEST_DATABASE_URL)',
    fresh: () => emptied(external.url),
    close: external.close,
  };
}

/**
 * Makes a SQLite store's files unwritable for the process that has them open, and returns
 * how to undo it. As root (whom file modes do not stop) the files are made immutable
 * (`chattr +i`); otherwise another connection holds the database's write lock, which a writer
 * cannot get past either.
 */
export function makeUnwritable(file: string): () => void {
  if (process.getuid?.() === 0) {
    const files = [file, `${file}-wal`];
    execFileSync('chattr', ['+i', ...files]);
    return () => execFileSync('chattr', ['-i', ...files]);
  }
  const holder = new SqliteDatabase(file);
  holder.exec('begin immediate');
  chmodSync(file, 0o444);
  return () => {
    holder.exec('rollback');
    holder.close();
    chmodSync(file, 0o644);
  };
}
