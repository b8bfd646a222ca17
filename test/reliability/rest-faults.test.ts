/**
 * REST faults, as Discord answers them: a 429 with `retry_after` and rate-limit headers (the
 * reply lands after the wait), a 500 or 502 once (retried), and a callback that fails for good
 * (logged with what it was answering; the process goes on serving the next interaction).
 */
import type { APIInteractionResponse } from 'discord-api-types/v10';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMemberPermissions, type Emulator, type RestFault, startEmulator } from '../emulator/index.js';
import { type BotProcess, botToken, startBot } from '../support/bot.js';
import { recordFigures, resetFigures } from '../support/figures.js';
import { tally, waitUntilAnswered } from '../support/tally.js';

let emulator: Emulator;
let bot: BotProcess;

beforeAll(async () => {
  resetFigures('rest-faults');
  emulator = await startEmulator({ token: botToken });
  bot = await startBot(emulator);
});

afterAll(async () => {
  await bot?.stop();
  await emulator?.close();
});

type Message = Extract<APIInteractionResponse, { type: 4 }>;

/** A /claim interaction with `fault` scripted for its callback, dispatched; returns its id. */
function askThrough(query: string, fault: RestFault | null, times = 1): string {
  const interaction = emulator.payloads.chatInput('claim', { query });
  if (fault) {
    const path = new RegExp(`^/interactions/${interaction.id}/`);
    emulator.failNext({ operationId: 'create_interaction_response', path }, fault, times);
  }
  return emulator.dispatchInteraction(interaction);
}

/** Every callback attempt Discord received for an interaction, in order. */
function attempts(id: string) {
  return emulator.calls
    .filter((call) => call.operationId === 'create_interaction_response' && call.params.interaction_id === id)
    .sort((a, b) => a.seq - b.seq);
}

/** Injects `fault` into the callback of the next interaction, `times` times, and asks. */
async function throughCallbackFault(name: string, fault: RestFault, times = 1) {
  const id = askThrough('inbox api', fault, times);
  const result = await waitUntilAnswered(emulator, [id]);
  const statuses = attempts(id).map((call) => call.status);
  recordFigures('rest-faults', {
    name,
    sent: result.sent,
    answered: result.answered,
    answeredTwice: result.answeredTwice,
    refused: result.refused,
    attempts: statuses.join(' → '),
  });
  return { id, result, statuses, calls: attempts(id) };
}

describe('GIVEN Discord rate-limits an answer with a 429', () => {
  it('THEN the reply is sent again after retry_after and lands once', async () => {
    const { statuses, calls, result } = await throughCallbackFault('429 on the callback, retry_after 0.5 s', {
      status: 429,
      retryAfter: 0.5,
    });
    expect(statuses).toEqual([429, 204]);
    const [limited, landed] = calls;
    expect(limited?.response).toMatchObject({ retry_after: 0.5, message: 'You are being rate limited.' });
    // The retry waited at least what Discord asked for.
    expect((landed?.at ?? 0) - (limited?.answeredAt ?? 0)).toBeGreaterThanOrEqual(480);
    expect((landed?.body as Message | undefined)?.data.embeds?.[0]?.description).toContain('Inbox API');
    expect(result).toMatchObject({ answered: 1, answeredTwice: 0 });
  });

  it('THEN a global 429 is waited out the same way', async () => {
    const { statuses, result } = await throughCallbackFault('Global 429 on the callback, retry_after 0.3 s', {
      status: 429,
      retryAfter: 0.3,
      global: true,
    });
    expect(statuses).toEqual([429, 204]);
    expect(result).toMatchObject({ answered: 1, answeredTwice: 0 });
  });

  it('THEN a pin rate-limited on its route lands after the wait and the member is told it is pinned', async () => {
    const answer = emulator.dispatchInteraction(
      emulator.payloads.chatInput('denial', { query: 'shockingly untrue', public: true }),
    );
    await emulator.waitForResponse(answer);
    const message = emulator.originalMessage(answer);
    if (!message) throw new Error('no public answer to pin');
    emulator.failNext({ method: 'PUT', path: /\/pins\// }, { status: 429, retryAfter: 0.4 });
    const pinner = String(defaultMemberPermissions | PermissionFlagsBits.PinMessages);
    const click = emulator.dispatchInteraction(
      emulator.payloads.button('pin', message, { memberPermissions: pinner }),
    );
    const reply = (await emulator.waitForResponse(click)) as Message;
    const pins = emulator.calls.filter((call) => call.method === 'PUT' && call.path.includes('/pins/'));
    expect(pins.map((call) => call.status)).toEqual([429, 204]);
    expect(reply.data.content).toBe('Pinned.');
    expect(emulator.pinnedMessages(message.channel_id).map((m) => m.id)).toContain(message.id);
    const result = tally(emulator, [click]);
    recordFigures('rest-faults', {
      name: '429 on the pin route (bot token, rate-limit headers), retry_after 0.4 s',
      sent: result.sent,
      answered: result.answered,
      answeredTwice: result.answeredTwice,
      refused: result.refused,
      attempts: pins.map((call) => call.status).join(' → '),
    });
  });
});

describe('GIVEN Discord fails an answer once with a 5xx', () => {
  it('THEN a 500 is retried and the reply lands once', async () => {
    const { statuses, result } = await throughCallbackFault('500 once on the callback', { status: 500 });
    expect(statuses).toEqual([500, 204]);
    expect(result).toMatchObject({ answered: 1, answeredTwice: 0 });
  });

  it('THEN a 502 is retried and the reply lands once', async () => {
    const { statuses, result } = await throughCallbackFault('502 once on the callback', { status: 502 });
    expect(statuses).toEqual([502, 204]);
    expect(result).toMatchObject({ answered: 1, answeredTwice: 0 });
  });
});

describe('GIVEN a callback that fails for good', () => {
  async function failsForGood(name: string, fault: RestFault) {
    const id = askThrough('titan api', fault, Number.POSITIVE_INFINITY);
    const logged = await bot.waitForLog(
      (record) => record.msg === 'could not deliver an answer' && record.interactionId === id,
    );
    const next = askThrough('shockingly untrue', null);
    const served = await waitUntilAnswered(emulator, [next]);
    const failed = tally(emulator, [id]);
    recordFigures('rest-faults', {
      name,
      sent: 2,
      answered: failed.answered + served.answered,
      answeredTwice: failed.answeredTwice + served.answeredTwice,
      refused: failed.refused + served.refused,
      attempts: attempts(id)
        .map((call) => call.status)
        .join(' → '),
      failedForGoodAndLogged: failed.unanswered,
    });
    return { logged, failed, served, id };
  }

  it('WHEN every attempt gets a 500 THEN the failure is logged with the interaction, and the next one is answered', async () => {
    const { logged, failed, served, id } = await failsForGood(
      '500 on every attempt of a callback, then the next interaction',
      { status: 500 },
    );
    expect(attempts(id).map((call) => call.status)).toEqual([500, 500, 500, 500]);
    expect(logged).toMatchObject({ level: 50, interactionId: id, command: 'claim', type: 2 });
    expect(JSON.stringify(logged.err)).toContain('500');
    expect(failed.answered).toBe(0);
    expect(served).toMatchObject({ answered: 1, answeredTwice: 0 });
    expect(bot.child.exitCode).toBeNull();
  });

  it('WHEN Discord refuses it as an unknown interaction THEN that is logged, not retried, and the next one is answered', async () => {
    const { logged, served, id } = await failsForGood('404 Unknown interaction (10062), then the next', {
      status: 404,
      body: { message: 'Unknown interaction', code: 10062 },
    });
    expect(attempts(id)).toHaveLength(1);
    expect(logged).toMatchObject({ level: 50, interactionId: id, command: 'claim' });
    expect(JSON.stringify(logged.err)).toContain('Unknown interaction');
    expect(served).toMatchObject({ answered: 1, answeredTwice: 0 });
  });
});
