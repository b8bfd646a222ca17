/**
 * The bot as users run it (`node dist/src/main.js`), in its own process, pointed at a local
 * emulator. Its JSON log lines are collected so tests can wait on them and read them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Emulator } from '../emulator/index.js';
import { PATIENCE_MS } from './patience.js';
import { cleanEnv, repoRoot } from './run.js';

/** A token in Discord's format (three dot-separated parts) that the emulator accepts. */
export const botToken = 'MTMwMDAwMDAwMDAwMDAwMDAwMQ.GxQz1a.emulator-token-for-tests-000000000';

/** A running bot process. */
export interface BotProcess {
  readonly child: ChildProcess;
  /** Log records so far (parsed JSON lines of standard output). */
  readonly logs: Record<string, unknown>[];
  /** Everything written to standard output and standard error. */
  output(): string;
  /** Resolves with the first log record (so far or to come) that matches. */
  waitForLog(
    predicate: (record: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Sends a signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** How to start the bot: `node dist/src/main.js` as users do, unless a test names another entry. */
export interface BotEntry {
  /** Node's arguments before the flags: the script, and any `--import`. */
  readonly node: readonly string[];
}

/** The bot as users run it. */
export const mainEntry: BotEntry = { node: ['dist/src/main.js'] };

/** The bot whose every answer waits until it is told to stop (see held-bot.ts). */
export const heldEntry: BotEntry = { node: ['--import', 'tsx', 'test/support/held-bot.ts'] };

/** Starts the bot against the emulator and waits until it is ready. */
export function startBot(
  emulator: Emulator,
  env: Record<string, string> = {},
  args: readonly string[] = [],
  entry: BotEntry = mainEntry,
): Promise<BotProcess> {
  return startMain(
    {
      DISCORD_TOKEN: emulator.token,
      DISCORD_APPLICATION_ID: emulator.applicationId,
      DISCORD_API_BASE: emulator.apiBase,
      ...env,
    },
    args,
    entry,
  );
}

/**
 * Starts `node dist/src/main.js` (or `entry`) with a clean environment plus `env`, and waits
 * until it is ready; for modes that need no Discord at start (the HTTP endpoint), no emulator at all.
 */
export async function startMain(
  env: Record<string, string>,
  args: readonly string[] = [],
  entry: BotEntry = mainEntry,
): Promise<BotProcess> {
  // Unless a test names a store, each process gets an empty one of its own, removed when it exits.
  const ownData =
    env.DATA_DIR === undefined && env.DATABASE_URL === undefined && env.STORE === undefined
      ? mkdtempSync(join(tmpdir(), 'receipts-data-'))
      : null;
  const child = spawn(process.execPath, [...entry.node, ...args], {
    cwd: repoRoot,
    env: cleanEnv({ LOG_LEVEL: 'debug', ...(ownData ? { DATA_DIR: ownData } : {}), ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let text = '';
  const waiters: {
    predicate: (r: Record<string, unknown>) => boolean;
    resolve: (r: Record<string, unknown>) => void;
  }[] = [];
  let pending = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    text += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      const record = JSON.parse(line) as Record<string, unknown>;
      logs.push(record);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(record)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(record);
        }
      }
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    text += chunk;
  });
  // 'close', not 'exit': by then everything the process wrote has been read.
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => {
      if (ownData) rmSync(ownData, { recursive: true, force: true });
      resolve(code);
    }),
  );
  const bot: BotProcess = {
    child,
    logs,
    output: () => text,
    exited,
    waitForLog(predicate, timeoutMs = PATIENCE_MS) {
      const found = logs.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no such log line within ${timeoutMs} ms:\n${text}`)),
          timeoutMs,
        );
        waiters.push({
          predicate,
          resolve: (record) => {
            clearTimeout(timer);
            resolve(record);
          },
        });
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
  await Promise.race([
    bot.waitForLog((record) => record.msg === 'ready'),
    exited.then((code) => {
      throw new Error(`the bot exited (${code}) before it was ready:\n${text}`);
    }),
  ]);
  return bot;
}
