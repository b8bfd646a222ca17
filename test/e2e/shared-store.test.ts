/**
 * End to end, the store shared and failing: two HTTP instances on one PostgreSQL (PGlite over
 * the wire protocol) share the public cooldown and write one report; PostgreSQL stopped and
 * started again, and a SQLite file made unwritable mid-run under the gateway bot. Through every
 * fault each interaction is answered, what was queued is written after recovery, and what did
 * not fit in the queue is counted and logged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type APIInteractionResponse, MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultMemberPermissions, type Emulator, snowflake, startEmulator } from '../emulator/index.js';
import { type BotProcess, botToken, startBot } from '../support/bot.js';
import { type HttpBot, send, startHttpBot } from '../support/http.js';
import { PATIENCE_MS } from '../support/patience.js';
import { startPglite, type TestPostgres } from '../support/postgres.js';
import { cleanEnv, runNode } from '../support/run.js';
import { makeUnwritable } from '../support/store.js';

type MessageData = Extract<APIInteractionResponse, { type: 4 }>['data'];

const member = '400000000000000031';
const moderator = String(defaultMemberPermissions | PermissionFlagsBits.ManageGuild);
const QUEUE = 5;
/** Questions the pack cannot answer, told apart by a word of the phonetic alphabet. */
const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
const unanswerable = (topic: string, i: number) => `${topic} recipe ${words[i]}`;

interface Health {
  store: { state: string; queued: number; written: number; dropped: number };
}

async function health(bot: HttpBot): Promise<Health> {
  return JSON.parse((await send(`${bot.origin}/healthz`, { method: 'GET' })).text) as Health;
}

async function cliReport(
  env: Record<string, string>,
): Promise<{ questions: { query: string; last30: number }[] }> {
  const ran = await runNode('dist/src/cli/report.js', ['--json'], { env: cleanEnv(env) });
  expect(ran.stderr).toBe('');
  return JSON.parse(ran.stdout);
}

describe('GIVEN two HTTP instances sharing one PostgreSQL', () => {
  let emulator: Emulator;
  let postgres: TestPostgres;
  let a: HttpBot;
  let b: HttpBot;
  const guildId = snowflake();
  const channel = snowflake();

  beforeAll(async () => {
    postgres = await startPglite();
    emulator = await startEmulator({
      token: botToken,
      guilds: [{ id: guildId, textChannels: [{ id: channel }] }],
    });
    const env = {
      DATABASE_URL: postgres.url,
      PUBLIC_COOLDOWN_SECONDS: '60',
      STORE_QUEUE_SIZE: String(QUEUE),
    };
    [a, b] = await Promise.all([startHttpBot(emulator, env), startHttpBot(emulator, env)]);
    for (const bot of [a, b]) {
      await vi.waitFor(async () => expect((await health(bot)).store.state).toBe('ok'), {
        timeout: PATIENCE_MS,
        interval: 100,
      });
    }
  }, 60_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await emulator?.close();
    await postgres?.close();
  });

  async function ask(bot: HttpBot, name: string, options: Record<string, string | boolean>, ctx = {}) {
    const reply = await emulator.postInteraction(
      bot.url,
      emulator.payloads.chatInput(name, options, { guildId, channelId: channel, user: member, ...ctx }),
    );
    expect(reply.status).toBe(200);
    return reply.body as { type: number; data: MessageData };
  }

  it('WHEN a member posts publicly through one and again through the other THEN the cooldown holds across them', async () => {
    const first = await ask(a, 'claim', { query: 'inbox api', public: true });
    expect(first.data?.flags ?? 0).toBe(0);
    const second = await ask(b, 'claim', { query: 'titan api', public: true });
    expect(second.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(second.data?.content).toMatch(
      /^You can post another public answer in this channel in (60|59|58|57|56|55) seconds\. Until then, answers are shown to you alone\.$/,
    );
  });

  it('WHEN each is asked what the pack cannot answer THEN both questions are in one report, from either', async () => {
    await ask(a, 'ask', { question: 'who won the 1998 world cup' });
    await ask(b, 'ask', { question: 'what is the capital of peru' });
    const text = await vi.waitFor(
      async () => {
        const report = await ask(b, 'receipts report', {}, { memberPermissions: moderator });
        const shown = JSON.stringify(report.data?.embeds ?? []);
        expect(shown).toContain('who won the 1998 world cup');
        expect(shown).toContain('what is the capital of peru');
        return shown;
      },
      { timeout: PATIENCE_MS, interval: 200 },
    );
    expect(text).toContain('Not answered');
    const cli = await cliReport({ DATABASE_URL: postgres.url });
    expect(cli.questions.map((row) => row.query).sort()).toEqual([
      'what is the capital of peru',
      'who won the 1998 world cup',
    ]);
  });

  it('WHEN PostgreSQL stops and starts again THEN every interaction is answered, the queue is written after, and drops are counted', async () => {
    await postgres.stop();
    const asked = Array.from({ length: QUEUE + 2 }, (_, i) => unanswerable('banana bread', i));
    for (const question of asked) {
      const answer = await ask(a, 'ask', { question });
      expect(answer.data?.content).toMatch(/^The sources do not cover that/);
    }
    // The other instance answers too, publicly, with the cooldown kept in its memory meanwhile.
    const during = await ask(
      b,
      'claim',
      { query: 'titan api', public: true },
      { user: '400000000000000039' },
    );
    expect(during.data?.flags ?? 0).toBe(0);
    await a.waitForLog((r) => r.msg === 'store degraded: records wait in memory');
    await a.waitForLog((r) => r.msg === 'store queue full; records dropped');
    const down = await health(a);
    expect(down.store).toMatchObject({ state: 'degraded', queued: QUEUE, dropped: 2 });

    await postgres.start();
    const recovered = await a.waitForLog((r) => r.msg === 'store recovered', 20_000);
    expect(recovered.dropped).toBe(2);
    await vi.waitFor(async () => expect((await health(a)).store).toMatchObject({ state: 'ok', queued: 0 }), {
      timeout: PATIENCE_MS,
      interval: 100,
    });
    const cli = await cliReport({ DATABASE_URL: postgres.url });
    const written = cli.questions.map((row) => row.query).filter((query) => query.startsWith('banana bread'));
    expect(written.sort()).toEqual(asked.slice(0, QUEUE).sort());
  });
});

describe('GIVEN the gateway bot recording into a SQLite file', () => {
  let emulator: Emulator;
  let bot: BotProcess;
  let dataDir: string;
  const guildId = snowflake();
  const channel = snowflake();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'receipts-faults-'));
    emulator = await startEmulator({
      token: botToken,
      guilds: [{ id: guildId, textChannels: [{ id: channel }] }],
    });
    bot = await startBot(emulator, { DATA_DIR: dataDir, STORE_QUEUE_SIZE: String(QUEUE) });
  });

  afterAll(async () => {
    await bot?.stop();
    await emulator?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function ask(question: string): Promise<MessageData> {
    const id = emulator.dispatchInteraction(
      emulator.payloads.chatInput('ask', { question }, { guildId, channelId: channel, user: member }),
    );
    return ((await emulator.waitForResponse(id)) as { data: MessageData }).data;
  }

  it('WHEN the file is made unwritable mid-run THEN every interaction is answered, and the queue is written once it is writable again', async () => {
    await ask('knitting patterns for winter scarves');
    await vi.waitFor(
      async () =>
        expect((await cliReport({ DATA_DIR: dataDir })).questions.map((row) => row.query)).toEqual([
          'knitting patterns for winter scarves',
        ]),
      { timeout: PATIENCE_MS, interval: 100 },
    );
    const restore = makeUnwritable(join(dataDir, 'receipts.sqlite'));
    const asked = Array.from({ length: QUEUE + 3 }, (_, i) => unanswerable('lemon cake', i));
    try {
      for (const question of asked)
        expect((await ask(question))?.content).toMatch(/^The sources do not cover that/);
      await bot.waitForLog((r) => r.msg === 'store degraded: records wait in memory');
      const full = await bot.waitForLog((r) => r.msg === 'store queue full; records dropped');
      expect(full.queued).toBe(QUEUE);
    } finally {
      restore();
    }
    const recovered = await bot.waitForLog((r) => r.msg === 'store recovered', 20_000);
    expect(recovered.dropped).toBe(3);
    const written = await vi.waitFor(
      async () => {
        const queries = (await cliReport({ DATA_DIR: dataDir })).questions.map((row) => row.query);
        expect(queries).toHaveLength(QUEUE + 1);
        return queries;
      },
      { timeout: PATIENCE_MS, interval: 100 },
    );
    expect(written.sort()).toEqual(['knitting patterns for winter scarves', ...asked.slice(0, QUEUE)].sort());
  });
});
