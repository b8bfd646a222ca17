/**
 * A real PostgreSQL engine for tests, with nothing installed by hand: PGlite (PostgreSQL built
 * to WebAssembly, from npm) behind its socket server, so the app's own `pg` driver speaks the
 * wire protocol to it exactly as to a server. It can be stopped (connections cut, the port
 * refused) and started again on the same port with its data, like a server restarting.
 *
 * When TEST_DATABASE_URL names a server, `externalPostgres()` gives a schema of its own there,
 * so the same tests also run against that server.
 */
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';

/** A PostgreSQL the tests can reach by URL. */
export interface TestPostgres {
  readonly url: string;
  /** Cuts every connection and refuses new ones. */
  stop(): Promise<void>;
  /** Listens again on the same port, with the same data. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** PGlite on a free port of 127.0.0.1. */
export async function startPglite(): Promise<TestPostgres> {
  const db = await PGlite.create();
  let port = 0;
  let server: PGLiteSocketServer | null = null;
  const start = async () => {
    const next = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 32 });
    await next.start();
    const conn = next.getServerConn();
    port = Number(conn.slice(conn.lastIndexOf(':') + 1));
    server = next;
  };
  await start();
  return {
    get url() {
      return `postgres://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
    },
    start,
    async stop() {
      await server?.stop();
      server = null;
    },
    async close() {
      await server?.stop();
      server = null;
      await db.close();
    },
  };
}

/** A fresh schema on the server named by TEST_DATABASE_URL, or null when none is named. */
export async function externalPostgres(): Promise<{ url: string; close(): Promise<void> } | null> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return null;
  const schema = `receipts_test_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async close() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`drop schema ${schema} cascade`);
      await client.end();
    },
  };
}
