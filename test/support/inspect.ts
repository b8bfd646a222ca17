/**
 * The memory of a running bot process, read through the Node inspector: the heap in use right
 * after a full garbage collection (what is really kept), and the resident set from /proc.
 * Start the bot with `NODE_OPTIONS: '--inspect=127.0.0.1:0'` to use it.
 */
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import type { BotProcess } from './bot.js';

/** Memory of the bot process, in bytes. */
export interface Memory {
  /** V8 heap in use after a full garbage collection. */
  readonly heapAfterGc: number;
  /** Resident set size (VmRSS in /proc/<pid>/status). */
  readonly rss: number;
}

/** The bot's resident set size from /proc, in bytes. */
export function residentSet(pid: number): number {
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kb) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) * 1024;
}

/** Connects to the bot's inspector (its address is on standard error). */
export async function inspector(bot: BotProcess): Promise<{ memory(): Promise<Memory>; close(): void }> {
  const url = /Debugger listening on (ws:\/\/\S+)/.exec(bot.output())?.[1];
  if (!url) throw new Error(`the bot was not started with --inspect:\n${bot.output()}`);
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let next = 1;
  const pending = new Map<number, (result: unknown) => void>();
  socket.on('message', (raw) => {
    const message = JSON.parse(String(raw)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  return {
    async memory() {
      await call('HeapProfiler.collectGarbage');
      const result = (await call('Runtime.evaluate', {
        expression: 'JSON.stringify(process.memoryUsage())',
        returnByValue: true,
      })) as { result: { value: string } };
      const usage = JSON.parse(result.result.value) as { heapUsed: number };
      return { heapAfterGc: usage.heapUsed, rss: residentSet(bot.child.pid as number) };
    },
    close: () => socket.close(),
  };
}
