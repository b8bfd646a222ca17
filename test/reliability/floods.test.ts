/**
 * Floods: a thousand interactions in one burst are all answered (directly, or deferred and then
 * completed), each once, taken in the order they arrived; ten thousand in a row leave the bot's
 * memory where it was. The bot is the real process with the real discord.js client; the emulator
 * checks every payload. What happened is asserted, not how fast: Discord's clock stands still
 * here (the 3-second rule is tested on a clock the test moves, in deadline.test.ts), and how
 * fast a burst is answered is measured by `npm run bench`. This file runs on its own, after the
 * others (see vitest.config.ts), so that it loads the bot and not its neighbours.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { APIInteraction } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../emulator/index.js';
import { type BotProcess, botToken, startBot } from '../support/bot.js';
import { TestClock } from '../support/clock.js';
import { recordFigures, resetFigures } from '../support/figures.js';
import { inspector, type Memory } from '../support/inspect.js';
import { PATIENCE_MS } from '../support/patience.js';
import { until } from '../support/poll.js';
import { tally, waitUntilAnswered } from '../support/tally.js';

/**
 * How much the bot's memory may differ after 10,000 more interactions than after the warm-up.
 * The heap is read right after a full collection, so it holds only what is kept: 2 MB is less
 * than 210 bytes an interaction, and a member kept per interaction would take more. The resident set also holds V8's free pages and allocator
 * caches, which come and go with the load; 32 MB is less than 3.4 KB an interaction.
 */
const HEAP_TOLERANCE = 2 * 1024 * 1024;
const RSS_TOLERANCE = 32 * 1024 * 1024;

const WARM_UP = 2_000;
const IN_A_ROW = 10_000;
const BATCH = 100;

let emulator: Emulator;
let bot: BotProcess;

beforeAll(async () => {
  resetFigures('floods');
  emulator = await startEmulator({ token: botToken, clock: new TestClock() });
  bot = await startBot(emulator, { NODE_OPTIONS: '--inspect=127.0.0.1:0' });
});

afterAll(async () => {
  await bot?.stop();
  await emulator?.close();
});

const queries = [
  'inbox api',
  'shockingly untrue',
  'netflix',
  'titan api',
  'private messages',
  'may 2018',
  'who is fidji simo',
  'end-to-end encryption',
  'best pizza recipe',
];
const modes = ['claim', 'denial', 'timeline', 'ask'] as const;
let made = 0;

/** The next interaction of a varied stream: four commands, nine queries, each from a member not seen before. */
function nextInteraction(): APIInteraction {
  made++;
  const mode = modes[made % modes.length] as (typeof modes)[number];
  const query = queries[made % queries.length] as string;
  return emulator.payloads.chatInput(
    mode,
    { [mode === 'ask' ? 'question' : 'query']: query },
    { user: String(400_000_000_000_000_000n + BigInt(made)) },
  );
}

/** Sends `count` interactions in batches of {@link BATCH}, each batch answered before the next. */
async function inARow(count: number): Promise<string[]> {
  const all: string[] = [];
  for (let sent = 0; sent < count; sent += BATCH) {
    const ids = Array.from({ length: Math.min(BATCH, count - sent) }, () =>
      emulator.dispatchInteraction(nextInteraction()),
    );
    await waitUntilAnswered(emulator, ids);
    all.push(...ids);
  }
  return all;
}

/** The heap of this process (the emulator's side) after a full collection. */
function emulatorHeap(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

describe('GIVEN the bot connected and answering', () => {
  it(
    'THEN 1,000 interactions in one burst are each answered once, taken in the order they arrived',
    async () => {
      // Answer a few first, as a bot that has been running would have.
      await inARow(20);
      const burst = Array.from({ length: 1_000 }, () => nextInteraction());
      const ids = burst.map((interaction) => emulator.dispatchInteraction(interaction));
      const result = await waitUntilAnswered(emulator, ids, 10 * PATIENCE_MS);

      expect(result).toMatchObject({ sent: 1_000, answered: 1_000, answeredTwice: 0, refused: 0 });
      for (const id of ids) {
        const accepted = emulator.calls.filter(
          (call) =>
            call.operationId === 'create_interaction_response' &&
            call.params.interaction_id === id &&
            call.status < 300,
        );
        expect(accepted).toHaveLength(1);
      }
      // The router's own line for each answer (the gateway's line, with `how`, comes once it is
      // sent), read once all have come through the bot's output, which may lag its replies.
      const inBurst = new Set(ids);
      const routed = () =>
        bot.logs
          .filter((record) => record.msg === 'answered' && !('how' in record))
          .map((record) => record.interactionId as string)
          .filter((id) => inBurst.has(id));
      await until(() => routed().length >= ids.length, 'the router’s line for every answer');
      expect(routed()).toEqual(ids);
      recordFigures('floods', {
        name: '1,000 interactions in one burst',
        sent: result.sent,
        answered: result.answered,
        answeredTwice: result.answeredTwice,
        refused: result.refused,
        deferred: result.deferred,
      });
    },
    12 * PATIENCE_MS,
  );

  it(
    'THEN 10,000 more in a row are all answered and leave its memory where it was after 2,000',
    async () => {
      const bytes = await inspector(bot);
      const emulatorBefore = emulatorHeap();
      await inARow(WARM_UP);
      const before: Memory = await bytes.memory();
      const ids = await inARow(IN_A_ROW);
      const after: Memory = await bytes.memory();
      bytes.close();
      const emulatorAfter = emulatorHeap();

      const result = tally(emulator, ids);
      expect(result).toMatchObject({ sent: IN_A_ROW, answered: IN_A_ROW, answeredTwice: 0, refused: 0 });
      recordFigures('floods', {
        name: '10,000 interactions in a row (batches of 100), after 2,000 to warm up',
        sent: result.sent,
        answered: result.answered,
        answeredTwice: result.answeredTwice,
        refused: result.refused,
        deferred: result.deferred,
        botHeapAfterGcMB: mb(before.heapAfterGc),
        botHeapGrowthMB: mb(after.heapAfterGc - before.heapAfterGc),
        botRssMB: mb(before.rss),
        botRssGrowthMB: mb(after.rss - before.rss),
        emulatorHeapGrowthMB: mb(emulatorAfter - emulatorBefore),
        heapToleranceMB: mb(HEAP_TOLERANCE),
        rssToleranceMB: mb(RSS_TOLERANCE),
      });
      expect(after.heapAfterGc - before.heapAfterGc).toBeLessThan(HEAP_TOLERANCE);
      expect(after.rss - before.rss).toBeLessThan(RSS_TOLERANCE);
    },
    30 * PATIENCE_MS,
  );
});
