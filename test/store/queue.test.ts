/**
 * The write queue on a real SQLite store that cannot be opened at first (its folder is a file):
 * records wait, what does not fit is dropped and counted (a request to forget a server never
 * is), the state says degraded, and everything kept is written once the store can be opened.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/log.js';
import { StoreService } from '../../src/store/queue.js';
import { PATIENCE_MS } from '../support/patience.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const question = (query: string) =>
  ({
    kind: 'question',
    guildId: '1',
    mode: 'ask',
    query,
    outcome: 'unanswered',
    packVersion: '1.0.0',
    at: Date.now(),
  }) as const;

describe('StoreService', () => {
  it('GIVEN a store that cannot be opened THEN records wait up to the capacity, drops are counted and logged, and all kept are written after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'receipts-queue-'));
    dirs.push(dir);
    const blocked = join(dir, 'data');
    writeFileSync(blocked, 'not a folder');
    const lines: Record<string, unknown>[] = [];
    const log = createLogger({
      level: 'info',
      stream: { write: (line: string) => lines.push(JSON.parse(line)) },
    });
    const service = StoreService.at({ engine: 'sqlite', file: join(blocked, 'receipts.sqlite') }, log, {
      capacity: 2,
      retryMaxMs: 20,
    });
    service.start();
    await vi.waitFor(() => expect(service.health().state).toBe('degraded'), {
      timeout: PATIENCE_MS,
      interval: 5,
    });
    service.record(question('one'));
    service.record(question('two'));
    service.record(question('three'));
    service.record({ kind: 'forget', guildId: '2', at: Date.now() });
    expect(service.health()).toMatchObject({ state: 'degraded', queued: 3, dropped: 1, written: 0 });
    expect(lines.filter((line) => line.msg === 'store queue full; records dropped')).toEqual([
      expect.objectContaining({ dropped: 1, droppedTotal: 1, queued: 2, kind: 'question' }),
    ]);
    expect(service.current()).toBeNull();
    await expect(service.read((store) => store.report('1', Date.now()))).rejects.toThrow();

    rmSync(blocked);
    await vi.waitFor(() => expect(service.health()).toMatchObject({ state: 'ok', queued: 0, written: 3 }), {
      timeout: PATIENCE_MS,
      interval: 5,
    });
    expect(lines.find((line) => line.msg === 'store recovered')).toMatchObject({ dropped: 1 });
    const report = await service.read((store) => store.report('1', Date.now()));
    expect(report.questions.map((row) => row.query).sort()).toEqual(['one', 'two']);
    await service.close();
  });
});
