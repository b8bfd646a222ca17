/**
 * The cooldown shared through the store, with two instances over one real SQLite file and a
 * clock the test moves: a window started through either holds in both, for the seconds left,
 * and ends in both when its time is up, whichever of them remembers it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SharedCooldown } from '../../src/discord/cooldown.js';
import { createLogger } from '../../src/log.js';
import { StoreService } from '../../src/store/queue.js';
import { until } from '../support/poll.js';

const dirs: string[] = [];
const services: StoreService[] = [];

afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function instances(count: number, now: () => number): Promise<SharedCooldown[]> {
  const dir = mkdtempSync(join(tmpdir(), 'receipts-cooldown-'));
  dirs.push(dir);
  const log = createLogger({ level: 'silent', stream: { write: () => {} } });
  const made: SharedCooldown[] = [];
  for (let i = 0; i < count; i++) {
    const service = StoreService.at({ engine: 'sqlite', file: join(dir, 'receipts.sqlite') }, log);
    services.push(service);
    service.start();
    await until(() => service.current() !== null, 'the store to open');
    made.push(new SharedCooldown(service, 30, now));
  }
  return made;
}

describe('GIVEN two instances sharing a store, a 30 s cooldown and a clock the test moves', () => {
  it('WHEN a member posts through one THEN both refuse them for the seconds left, and both allow them once it ends', async () => {
    let now = 1_000_000;
    const [a, b] = (await instances(2, () => now)) as [SharedCooldown, SharedCooldown];
    expect(await a.take('member', 'channel')).toBe(0);
    expect(await b.take('member', 'channel')).toBe(30);
    // Asked again: each answers what it now knows, the same as the store would.
    now += 10_500;
    expect(await a.take('member', 'channel')).toBe(20);
    expect(await b.take('member', 'channel')).toBe(20);
    // Others, and the member elsewhere, are free.
    expect(await b.take('other', 'channel')).toBe(0);
    expect(await a.take('member', 'elsewhere')).toBe(0);
    now += 19_500;
    // The window has ended: whichever asks first starts the next one, and the other is refused.
    expect(await b.take('member', 'channel')).toBe(0);
    expect(await a.take('member', 'channel')).toBe(30);
    now += 29_999;
    expect(await a.take('member', 'channel')).toBe(1);
    expect(await b.take('member', 'channel')).toBe(1);
    now += 1;
    expect(await a.take('member', 'channel')).toBe(0);
  });
});
