/**
 * Shutdown: SIGTERM while answers are in flight (the bot's answers wait until it is told to
 * stop, see test/support/held-bot.ts) answers them, and those Discord delivers meanwhile, then
 * closes the gateway connection normally (the session ends, nothing is left to resume) and
 * exits 0. Discord's clock stands still here: the deadline is not this test's subject.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../emulator/index.js';
import { type BotProcess, botToken, heldEntry, startBot } from '../support/bot.js';
import { TestClock } from '../support/clock.js';
import { recordFigures, resetFigures } from '../support/figures.js';
import { tally, waitUntilAnswered } from '../support/tally.js';

let emulator: Emulator;
let bot: BotProcess;

beforeAll(async () => {
  resetFigures('shutdown');
  emulator = await startEmulator({ token: botToken, clock: new TestClock() });
  bot = await startBot(emulator, {}, [], heldEntry);
});

afterAll(async () => {
  await bot?.stop('SIGKILL');
  await emulator?.close();
});

function ask(query: string): string {
  return emulator.dispatchInteraction(emulator.payloads.chatInput('claim', { query }));
}

describe('GIVEN five answers in flight', () => {
  it('WHEN the bot gets SIGTERM THEN it answers them and those arriving meanwhile, disconnects cleanly and exits 0', async () => {
    const inFlight = ['inbox api', 'titan api', 'netflix', 'private messages', 'spotify'].map(ask);
    // Each has been deferred: the bot holds all five, their answers still to come.
    for (const id of inFlight) await emulator.waitForResponse(id);
    expect(tally(emulator, inFlight).answered).toBe(0);

    const exit = bot.stop('SIGTERM');
    const meanwhile = [ask('shockingly untrue'), ask('may 2018')];
    const code = await exit;

    const all = [...inFlight, ...meanwhile];
    const result = await waitUntilAnswered(emulator, all, 1_000);
    recordFigures('shutdown', {
      name: 'SIGTERM with 5 answers in flight and 2 arriving meanwhile',
      sent: result.sent,
      answered: result.answered,
      answeredTwice: result.answeredTwice,
      refused: result.refused,
      exitCode: code ?? -1,
    });
    expect(code).toBe(0);
    expect(result).toMatchObject({ answered: 7, answeredTwice: 0, refused: 0 });
    expect(bot.logs.find((record) => record.msg === 'shutting down')).toMatchObject({ signal: 'SIGTERM' });
    // A normal close ends the session on Discord's side: nothing was left half-open to resume.
    expect(emulator.sessions.at(-1)).toMatchObject({ connected: false, resumable: false });
    expect(bot.logs.filter((record) => (record.level as number) >= 50)).toEqual([]);
  });
});
