/**
 * End to end: `SHARDS=2 node dist/src/main.js`, the entry `npm start` runs, against an emulator
 * that reports two shards and has one guild on each. discord.js's ShardingManager spawns one
 * process per shard (5.5 s apart, Discord's identify pace), so this file takes about 15 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recommendedShardCount } from '../../src/discord/sharding.js';
import { type Emulator, guildIdOnShard, startEmulator } from '../emulator/index.js';
import { type BotProcess, botToken, startBot } from '../support/bot.js';

const guildA = guildIdOnShard(0, 2);
const guildB = guildIdOnShard(1, 2);

let emulator: Emulator;
let manager: BotProcess;

beforeAll(async () => {
  emulator = await startEmulator({ token: botToken, shardCount: 2, guilds: [guildA, guildB] });
  manager = await startBot(emulator, { SHARDS: '2' });
  await manager.waitForLog((record) => record.msg === 'ready' && record.manager === true);
});

afterAll(async () => {
  if (manager && manager.child.exitCode === null) await manager.stop();
  await emulator?.close();
});

/** Asks /claim in a guild and returns the shard whose process answered it, from its log line. */
async function claimIn(guildId: string): Promise<{ type: number; shard: unknown }> {
  const id = emulator.dispatchInteraction(
    emulator.payloads.chatInput('claim', { query: 'inbox api' }, { guildId }),
  );
  const response = await emulator.waitForResponse(id);
  const answered = await manager.waitForLog(
    (record) => record.msg === 'answered' && record.interactionId === id && 'how' in record,
  );
  expect(answered.guildId).toBe(guildId);
  return { type: response.type, shard: answered.shard };
}

describe('GIVEN SHARDS=2 and a Discord that puts one guild on each shard', () => {
  it('THEN the manager asks the configured REST base for the recommended count when told "auto"', async () => {
    await expect(recommendedShardCount(emulator.apiBase, emulator.token)).resolves.toBe(2);
  });

  it('THEN two shard processes identify, one per shard, and each answers the guild on its own shard', async () => {
    const identified = emulator.sessions.map((session) => `${session.shardId}/${session.shardCount}`).sort();
    expect(identified).toEqual(['0/2', '1/2']);
    const started = manager.logs.filter((record) => record.msg === 'shard process started');
    expect(started.map((record) => [record.manager, record.shard])).toEqual([
      [true, 0],
      [true, 1],
    ]);
    expect(new Set(started.map((record) => record.pid)).size).toBe(2);
    // Each shard process's lines carry its shard: both said they were ready.
    const ready = manager.logs.filter((record) => record.msg === 'ready' && record.manager === undefined);
    expect(ready.map((record) => record.shard).sort()).toEqual([0, 1]);
    expect(await claimIn(guildA)).toEqual({ type: 4, shard: 0 });
    expect(await claimIn(guildB)).toEqual({ type: 4, shard: 1 });
  });

  it('WHEN the process of shard 1 is killed THEN the manager respawns it and guild B is answered again', async () => {
    const first = await manager.waitForLog(
      (record) => record.msg === 'shard process started' && record.shard === 1,
    );
    process.kill(first.pid as number, 'SIGKILL');
    const died = await manager.waitForLog((record) => record.msg === 'shard process exited; respawning');
    expect(died).toMatchObject({ shard: 1, signal: 'SIGKILL' });
    const again = await manager.waitForLog(
      (record) => record.msg === 'shard process started' && record.shard === 1 && record.pid !== first.pid,
    );
    await manager.waitForLog(
      (record) =>
        record.msg === 'shard process ready' &&
        record.shard === 1 &&
        manager.logs.indexOf(record) > manager.logs.indexOf(again),
    );
    expect(await claimIn(guildB)).toEqual({ type: 4, shard: 1 });
    expect(await claimIn(guildA)).toEqual({ type: 4, shard: 0 });
  });

  it('WHEN the manager gets SIGTERM THEN it stops every shard and exits 0', async () => {
    expect(await manager.stop('SIGTERM')).toBe(0);
    const stopped = manager.logs
      .filter((record) => record.msg === 'shard stopped')
      .map((record) => record.shard);
    expect(stopped.sort()).toEqual([0, 1]);
    const shuttingDown = manager.logs.filter((record) => record.msg === 'shutting down');
    expect(shuttingDown.map((record) => record.manager ?? `shard ${String(record.shard)}`).sort()).toEqual([
      'shard 0',
      'shard 1',
      true,
    ]);
  });
});
