/**
 * Opening the store: SQLite in a file under the data folder by default, PostgreSQL when a
 * connection URL is given. Both are driven through Kysely, so every query is written once; the
 * migrations are applied before the database is handed out.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely, SqliteDatabase, SqliteStatement } from 'kysely';
import type { Logger } from '../log.js';
import { migrationProvider } from './migrations.js';
import type { Database } from './schema.js';

/** Which engine, and where. */
export type StoreLocation =
  | { readonly engine: 'sqlite'; readonly file: string }
  | { readonly engine: 'postgres'; readonly url: string };

/** Tuning of the connections; every value has a default. */
export const databaseDefaults = {
  /** The SQLite file's name in the data folder. */
  sqliteFile: 'receipts.sqlite',
  /**
   * How long a SQLite write waits for another process's lock (shards share the file). SQLite
   * runs on the event loop, so this is kept short: a busy store is a failed write, retried later.
   */
  sqliteBusyMs: 100,
  /** The same, while the migrations run at start, when processes start together. */
  sqliteMigrateBusyMs: 5000,
  /**
   * SQLite statements kept prepared, by their text. Kysely prepares every query it runs, and
   * preparing costs more than running most of ours (the cooldown's, a batch's); the store runs a
   * few dozen distinct texts, so this many holds them all.
   */
  sqliteStatements: 200,
  /** PostgreSQL connections per process. */
  pgPoolSize: 4,
  /** Give up connecting to PostgreSQL after this long. */
  pgConnectTimeoutMs: 2000,
  /** Give up on a PostgreSQL query after this long (a slow server counts as failing). */
  pgQueryTimeoutMs: 5000,
} as const;

/** Where the store lives: PostgreSQL when a URL is given, otherwise SQLite in `dataDir`. */
export function storeLocation(options: { dataDir: string; databaseUrl: string | null }): StoreLocation {
  return options.databaseUrl
    ? { engine: 'postgres', url: options.databaseUrl }
    : { engine: 'sqlite', file: join(options.dataDir, databaseDefaults.sqliteFile) };
}

/** An open, migrated database. */
export interface OpenDatabase {
  readonly db: Kysely<Database>;
  readonly engine: StoreLocation['engine'];
  close(): Promise<void>;
}

/** A location for logs and messages: the file, or the server without its password. */
export function describeLocation(location: StoreLocation): string {
  if (location.engine === 'sqlite') return location.file;
  try {
    const url = new URL(location.url);
    return `postgres://${url.host}${url.pathname}`;
  } catch {
    return 'postgres (DATABASE_URL)';
  }
}

const INT8_OID = 20;

// Kysely, and each driver by the engine that uses it, are loaded only when a store is opened (in
// the background of a serving process, which does not wait for them to be ready).
async function sqlite(file: string): Promise<Kysely<Database>> {
  const [{ default: SqliteDatabase }, { Kysely, SqliteDialect }] = await Promise.all([
    import('better-sqlite3'),
    import('kysely'),
  ]);
  mkdirSync(join(file, '..'), { recursive: true });
  const database = new SqliteDatabase(file, { timeout: databaseDefaults.sqliteMigrateBusyMs });
  // Readers and the writer do not block one another, and shards can share the file.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: keepingStatements(database) }) });
}

/**
 * The database as Kysely sees it, its statements prepared once per text and kept (see
 * `databaseDefaults.sqliteStatements`). Kysely runs one query at a time on its one connection
 * and never streams here, so a kept statement is never in use when it is run again.
 */
function keepingStatements(database: SqliteDatabase): SqliteDatabase {
  const kept = new Map<string, SqliteStatement>();
  return {
    close: () => database.close(),
    prepare(text) {
      let statement = kept.get(text);
      if (!statement) {
        statement = database.prepare(text);
        if (kept.size >= databaseDefaults.sqliteStatements) kept.clear();
        kept.set(text, statement);
      }
      return statement;
    },
  };
}

async function postgres(url: string, log: Logger | null): Promise<Kysely<Database>> {
  const [{ default: pg }, { Kysely, PostgresDialect }] = await Promise.all([import('pg'), import('kysely')]);
  const pool = new pg.Pool({
    connectionString: url,
    max: databaseDefaults.pgPoolSize,
    connectionTimeoutMillis: databaseDefaults.pgConnectTimeoutMs,
    query_timeout: databaseDefaults.pgQueryTimeoutMs,
    idleTimeoutMillis: 10_000,
    // Times and counts are int8: read them as numbers (they stay far below 2^53).
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // A connection that breaks (the server went away) must not end the process: the pool hears of
  // it while the connection is idle, the connection itself while it is checked out between two
  // queries (inside a transaction, say), where nobody else would.
  pool.on('error', (error) => log?.warn({ err: error }, 'store connection lost'));
  pool.on('connect', (client) => {
    client.on('error', (error) => log?.warn({ err: error }, 'store connection lost'));
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Opens the store and applies every migration not yet applied. Throws when it cannot. */
export async function openDatabase(
  location: StoreLocation,
  log: Logger | null = null,
): Promise<OpenDatabase> {
  const db = location.engine === 'sqlite' ? await sqlite(location.file) : await postgres(location.url, log);
  const { Migrator, sql } = await import('kysely');
  try {
    const migrator = new Migrator({
      db,
      provider: migrationProvider,
      migrationTableName: 'receipts_migrations',
      migrationLockTableName: 'receipts_migrations_lock',
    });
    // Processes sharing a SQLite file may race to apply a migration: each runs in a transaction,
    // so the loser's is undone, and on a second look it finds the migration applied.
    let outcome = await migrator.migrateToLatest();
    for (let retry = 0; outcome.error && location.engine === 'sqlite' && retry < 3; retry++) {
      outcome = await migrator.migrateToLatest();
    }
    const { error, results } = outcome;
    if (error) throw error;
    for (const result of results ?? []) {
      if (result.status === 'Success') log?.info({ migration: result.migrationName }, 'store migrated');
    }
    if (location.engine === 'sqlite') {
      await sql.raw(`pragma busy_timeout = ${databaseDefaults.sqliteBusyMs}`).execute(db);
    }
  } catch (error) {
    await db.destroy().catch(() => {});
    throw error;
  }
  return { db, engine: location.engine, close: () => db.destroy() };
}
