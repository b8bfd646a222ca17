/**
 * Gateway faults, as Discord causes them: the socket closed abnormally, op 7 RECONNECT, op 9
 * INVALID_SESSION (resumable or not) and heartbeats left unacknowledged. Members keep using
 * commands throughout; the bot resumes (or identifies again) and every interaction Discord
 * delivered — before the fault, while the bot was away (replayed on RESUME) and after — is
 * answered exactly once. And interactions of a shape nobody expected do not bring it down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../src/discord/router.js';
import { type Emulator, startEmulator } from '../emulator/index.js';
import { type BotProcess, botToken, startBot } from '../support/bot.js';
import { recordFigures, resetFigures } from '../support/figures.js';
import { until } from '../support/poll.js';
import { type Tally, tally, waitUntilAnswered } from '../support/tally.js';

let emulator: Emulator;
let bot: BotProcess;

beforeAll(async () => {
  resetFigures('gateway-faults');
  // Short heartbeats, so that unacknowledged ones are noticed within a second.
  emulator = await startEmulator({ token: botToken, heartbeatIntervalMs: 300 });
  bot = await startBot(emulator);
});

afterAll(async () => {
  await bot?.stop();
  await emulator?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const queries = ['inbox api', 'shockingly untrue', 'titan api', 'may 2018'];
let asked = 0;

/** A member runs /claim; returns the interaction's id, or null when no session would receive it. */
function ask(): string | null {
  asked++;
  try {
    return emulator.dispatchInteraction(
      emulator.payloads.chatInput('claim', { query: queries[asked % queries.length] as string }),
    );
  } catch {
    // Discord delivers nothing to a session that is gone; the member's client shows a failure.
    return null;
  }
}

/** Interactions sent on a resumed connection before RESUMED: what RESUME replayed. */
function replayedOnResume(ids: readonly string[]): number {
  const wanted = new Set(ids);
  const frames = emulator.gatewayFrames;
  let replayed = 0;
  frames.forEach((frame, index) => {
    if (frame.direction !== 'sent' || frame.t !== 'RESUMED') return;
    for (let i = index - 1; i >= 0; i--) {
      const earlier = frames[i];
      if (!earlier || earlier.connectionId !== frame.connectionId) continue;
      if (earlier.direction === 'received' && earlier.op === 6) break;
      if (earlier.t === 'INTERACTION_CREATE' && wanted.has((earlier.d as { id: string }).id)) replayed++;
    }
  });
  return replayed;
}

/**
 * Members keep asking while `fault` happens: one right away, then one every 50 ms for 1.5 s,
 * and three once the shard is ready again. Resolves when every delivered one is answered.
 */
async function throughFault(
  name: string,
  fault: () => void,
): Promise<{ tally: Tally; resumed: boolean; replayed: number; undelivered: number }> {
  const ready = emulator.waitForShardReady(0, undefined, { next: true });
  const ids: (string | null)[] = [];
  fault();
  ids.push(ask());
  for (let elapsed = 0; elapsed < 1_500; elapsed += 50) {
    await sleep(50);
    ids.push(ask());
  }
  const { resumed } = await ready;
  ids.push(ask(), ask(), ask());
  const delivered = ids.filter((id): id is string => id !== null);
  const counted = await waitUntilAnswered(emulator, delivered);
  const replayed = replayedOnResume(delivered);
  const undelivered = ids.length - delivered.length;
  recordFigures('gateway-faults', {
    name,
    sent: counted.sent,
    answered: counted.answered,
    answeredTwice: counted.answeredTwice,
    refused: counted.refused,
    replayedOnResume: replayed,
    undeliveredNoSession: undelivered,
    recovery: resumed ? 'resumed' : 'identified again',
  });
  return { tally: counted, resumed, replayed, undelivered };
}

describe('GIVEN the bot connected and members using commands', () => {
  it('WHEN the socket is dropped without a close frame THEN it resumes and answers each interaction once', async () => {
    const result = await throughFault('Socket closed abnormally (no close frame, 1006)', () =>
      emulator.disconnectShard(0, { terminate: true }),
    );
    expect(result.resumed).toBe(true);
    expect(result.replayed).toBeGreaterThan(0);
    expect(result.tally).toMatchObject({ answeredTwice: 0, refused: 0, unanswered: 0 });
  });

  it('WHEN Discord closes the socket with 4000 THEN it resumes and answers each interaction once', async () => {
    const result = await throughFault('Socket closed by Discord with 4000 (unknown error)', () =>
      emulator.disconnectShard(0, { code: 4000 }),
    );
    expect(result.resumed).toBe(true);
    expect(result.tally).toMatchObject({ answeredTwice: 0, refused: 0, unanswered: 0 });
  });

  it('WHEN Discord sends op 7 RECONNECT THEN it resumes and answers each interaction once', async () => {
    const result = await throughFault('op 7 RECONNECT', () => emulator.requestReconnect(0));
    expect(result.resumed).toBe(true);
    expect(result.tally).toMatchObject({ answeredTwice: 0, refused: 0, unanswered: 0 });
  });

  it('WHEN Discord sends a resumable op 9 INVALID_SESSION THEN it resumes and answers each interaction once', async () => {
    const result = await throughFault('op 9 INVALID_SESSION, resumable', () =>
      emulator.invalidateSession(0, true),
    );
    expect(result.resumed).toBe(true);
    expect(result.replayed).toBeGreaterThan(0);
    expect(result.tally).toMatchObject({ answeredTwice: 0, refused: 0, unanswered: 0 });
  });

  it('WHEN heartbeats go unacknowledged THEN it gives up the zombie connection, resumes and answers each once', async () => {
    const result = await throughFault('Heartbeats left unacknowledged', () => emulator.stopHeartbeatAcks(0));
    expect(result.resumed).toBe(true);
    expect(result.tally).toMatchObject({ answeredTwice: 0, refused: 0, unanswered: 0 });
  });

  it('WHEN Discord sends op 9 INVALID_SESSION, not resumable THEN it identifies a new session and answers what comes next', async () => {
    const before = emulator.sessions.at(-1)?.sessionId;
    const result = await throughFault('op 9 INVALID_SESSION, not resumable', () =>
      emulator.invalidateSession(0, false),
    );
    expect(result.resumed).toBe(false);
    expect(emulator.sessions.at(-1)?.sessionId).not.toBe(before);
    expect(result.tally.sent).toBeGreaterThan(0);
    expect(result.tally).toMatchObject({ answeredTwice: 0, refused: 0, unanswered: 0 });
    // discord.js waits about 5 s between IDENTIFYs.
  });

  it('WHEN interactions arrive malformed THEN each that says which it is gets an apology, and the bot keeps answering', async () => {
    const channelId = emulator.guilds[0]?.textChannelIds[0] ?? '';
    type Raw = Record<string, unknown> & { data?: Record<string, unknown> };
    const target = emulator.payloads.userMessage(channelId, 'netflix read my messages');
    const raw = (payload: unknown) => payload as Raw;
    const withoutResolved = raw(emulator.payloads.messageContextMenu('Check against sources', target));
    delete withoutResolved.data?.resolved;
    const optionsNotAList = raw(emulator.payloads.chatInput('claim', { query: 'x' }));
    (optionsNotAList.data as Record<string, unknown>).options = { query: 'inbox' };
    const buttonWithoutMessage = raw(emulator.payloads.button('pin', target));
    delete buttonWithoutMessage.message;
    const commandWithoutData = raw(emulator.payloads.chatInput('claim', {}));
    delete commandWithoutData.data;
    const unknownType = raw(emulator.payloads.chatInput('claim', {}));
    unknownType.type = 99;
    const apologised = [withoutResolved, optionsNotAList, buttonWithoutMessage, commandWithoutData].map(
      (payload) => emulator.dispatchInteraction(payload as never),
    );
    const unanswerable = emulator.dispatchInteraction(unknownType as never);
    const next = ask() as string;

    const result = await waitUntilAnswered(emulator, [...apologised, next]);
    for (const id of apologised) {
      const reply = (await emulator.waitForResponse(id)) as { data?: { content?: string; flags?: number } };
      expect(reply.data).toMatchObject({ content: messages.failed, flags: 64 });
    }
    expect(bot.child.exitCode).toBeNull();
    const refusals = () =>
      bot.logs.filter(
        (record) => record.msg === 'refused a malformed interaction' && record.interactionId !== undefined,
      );
    // The log comes through the bot's standard output, which may arrive after its replies.
    await until(() => refusals().length >= 4, 'the refusals to be logged', { explain: () => bot.output() });
    const refusedByTheBot = refusals();
    expect(refusedByTheBot.map((record) => record.interactionId).sort()).toEqual(
      [optionsNotAList.id, buttonWithoutMessage.id, commandWithoutData.id, unknownType.id].sort(),
    );
    // An interaction type that does not exist has no reply Discord would accept.
    expect(tally(emulator, [unanswerable]).answered).toBe(0);
    const all = tally(emulator, [...apologised, unanswerable, next]);
    recordFigures('gateway-faults', {
      name: 'Malformed INTERACTION_CREATE payloads (5), then a normal one',
      sent: all.sent,
      answered: all.answered,
      answeredTwice: all.answeredTwice,
      refused: all.refused,
      refusedByTheBot: refusedByTheBot.length,
      recovery: 'kept running; each malformed one that named its id, token and a known type got an apology',
    });
    expect(result.answered).toBe(5);
  });

  it('THEN the bot logged each recovery and no failure but the malformed one', () => {
    const logged = bot.logs.map((record) => record.msg);
    expect(logged.filter((msg) => msg === 'shard resumed').length).toBeGreaterThanOrEqual(5);
    expect(logged.filter((msg) => msg === 'shard ready').length).toBeGreaterThanOrEqual(2);
    const failures = bot.logs.filter((record) => (record.level as number) >= 50);
    expect(failures.map((record) => record.msg)).toEqual(['interaction failed']);
  });
});
