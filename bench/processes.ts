/**
 * Child processes for the benchmark: started from the repository root with a clean
 * configuration, timed from the moment they are spawned to a line they print, and measured
 * for memory through /proc.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { cleanEnv, repoRoot } from '../test/support/run.js';
import { ms, nowNs } from './stats.js';

/** A started process and what it printed. */
export interface Started {
  readonly child: ChildProcess;
  /** Standard output and error so far. */
  output(): string;
  /** Resolves with the ms from spawn to the first output line matching, or rejects when it exits first. */
  until(match: (line: string) => boolean, timeoutMs?: number): Promise<{ ms: number; line: string }>;
  /** Resolves when it has exited, with the ms from spawn. */
  exited: Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts `node …args` from the repository root with only `env` set among the app's settings.
 * With `logFile`, its standard output and error go to that file (as a deployed server's would
 * go to a log collector) and lines are read back from it, so a busy server's log costs the
 * benchmark's process nothing.
 */
export function startNode(
  args: readonly string[],
  env: Record<string, string> = {},
  logFile?: string,
): Started {
  const started = nowNs();
  const fd = logFile === undefined ? null : openSync(logFile, 'w');
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: cleanEnv(env),
    stdio: fd === null ? ['pipe', 'pipe', 'pipe'] : ['pipe', fd, fd],
  });
  if (fd !== null) closeSync(fd);
  let text = '';
  let pending = '';
  const waiters: {
    match: (line: string) => boolean;
    resolve: (hit: { ms: number; line: string }) => void;
  }[] = [];
  // A line counts as printed when its chunk arrives, before any parsing.
  const deliver = (line: string, at: number) => {
    for (const waiter of [...waiters]) {
      if (!waiter.match(line)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve({ ms: ms(at - started), line });
    }
  };
  const onData = (chunk: string) => {
    const at = nowNs();
    text += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) deliver(line, at);
  };
  child.stdout?.setEncoding('utf8').on('data', onData);
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    text += chunk;
  });
  child.stdin?.on('error', () => {});
  let polling: NodeJS.Timeout | null = null;
  if (logFile !== undefined) {
    let read = 0;
    polling = setInterval(() => {
      // Only while someone waits for a line: afterwards the file is left to grow unread.
      if (waiters.length === 0) return;
      const size = statSync(logFile).size;
      if (size <= read) return;
      const buffer = Buffer.alloc(size - read);
      const file = openSync(logFile, 'r');
      readSync(file, buffer, 0, buffer.length, read);
      closeSync(file);
      read = size;
      onData(buffer.toString('utf8'));
    }, 10);
  }
  const exited = new Promise<number>((resolve) => {
    child.once('exit', () => {
      if (polling) clearInterval(polling);
      if (logFile !== undefined && statSync(logFile).size < 1_000_000) text = readFileSync(logFile, 'utf8');
      if (pending !== '') deliver(pending, nowNs());
      resolve(ms(nowNs() - started));
    });
  });
  return {
    child,
    output: () => text,
    exited,
    until(match, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no such line within ${timeoutMs} ms:\n${text}`)),
          timeoutMs,
        );
        const waiter = {
          match,
          resolve: (hit: { ms: number; line: string }) => {
            clearTimeout(timer);
            resolve(hit);
          },
        };
        waiters.push(waiter);
        void exited.then(() => {
          if (!waiters.includes(waiter)) return;
          clearTimeout(timer);
          reject(new Error(`it exited first:\n${text.trim()}`));
        });
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A process's resident set size now, in MB (VmRSS from /proc), or null off Linux. */
export function rssMB(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? null : Number(kb) / 1024;
  } catch {
    return null;
  }
}

/** Waits `ms` milliseconds. */
export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
