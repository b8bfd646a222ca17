/**
 * The 3-second deadline: an answer that is slow (`SEARCH_DELAY_MS=2500` makes the bot wait that
 * long before answering a command) is deferred within the 3 seconds (type 5, "thinking…", with
 * the privacy the answer will have) and completed by editing the original response, through
 * the gateway and through the HTTP endpoint.
 */
import type { APIEmbed, APIInteractionResponse, APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, MessageFlag, snowflake, startEmulator } from '../emulator/index.js';
import { type BotProcess, botToken, startBot } from '../support/bot.js';
import { editProblems } from '../support/discord-checks.js';
import { recordFigures, resetFigures } from '../support/figures.js';
import { type HttpBot, startHttpBot } from '../support/http.js';
import { tally, waitUntilAnswered } from '../support/tally.js';

const guildId = snowflake();
const general = snowflake();
const factCheck = snowflake();
let emulator: Emulator;
let bot: BotProcess;
/** Every interaction this file sends, for the figures. */
const sent: string[] = [];

function send(...args: Parameters<Emulator['payloads']['chatInput']>): string {
  const id = emulator.dispatchInteraction(emulator.payloads.chatInput(...args));
  sent.push(id);
  return id;
}

beforeAll(async () => {
  resetFigures('deadline');
  emulator = await startEmulator({
    token: botToken,
    guilds: [
      {
        id: guildId,
        textChannels: [
          { id: general, name: 'general' },
          { id: factCheck, name: 'fact-check' },
        ],
      },
    ],
  });
  bot = await startBot(emulator, { SEARCH_DELAY_MS: '2500', FACTCHECK_CHANNEL_IDS: factCheck });
});

afterAll(async () => {
  await bot?.stop();
  await emulator?.close();
});

/** Discord's documented time for the first response to an interaction. */
const DEADLINE_MS = 3000;

type EditBody = { content?: string; embeds?: APIEmbed[]; flags?: number; allowed_mentions?: unknown };

/** The first callback Discord accepted for an interaction, and how long after delivery it came. */
function firstResponse(id: string): { body: APIInteractionResponse; afterMs: number } {
  const call = emulator.calls.find(
    (c) =>
      c.operationId === 'create_interaction_response' && c.params.interaction_id === id && c.status < 300,
  );
  const delivered = emulator.interaction(id)?.deliveredAt;
  if (!call || !delivered) throw new Error(`no accepted response to ${id}`);
  return { body: call.body as APIInteractionResponse, afterMs: call.at - delivered };
}

async function editOf(id: string): Promise<EditBody> {
  const token = emulator.interaction(id)?.token;
  const call = await emulator.waitForCall(
    (c) => c.operationId === 'update_original_webhook_message' && c.params.webhook_token === token,
    10_000,
  );
  expect(call.status).toBe(200);
  return call.body as EditBody;
}

describe('GIVEN answers that take 2.5 seconds', () => {
  it('THEN a private /claim is deferred privately within 3 s and completed by editing the original', async () => {
    const id = send('claim', { query: 'inbox api' }, { guildId, channelId: general });
    const edit = await editOf(id);
    const first = firstResponse(id);
    expect(first.body).toEqual({ type: 5, data: { flags: MessageFlag.Ephemeral } });
    expect(first.afterMs).toBeLessThanOrEqual(DEADLINE_MS);
    expect(editProblems(edit)).toEqual([]);
    expect(edit.allowed_mentions).toEqual({ parse: [] });
    expect(edit.embeds?.[0]?.description).toContain('Inbox API');
    const message = emulator.originalMessage(id) as APIMessage;
    expect((message.flags ?? 0) & MessageFlag.Loading).toBe(0);
    expect((message.flags ?? 0) & MessageFlag.Ephemeral).toBe(MessageFlag.Ephemeral);
    expect(message.embeds[0]?.description).toBe(edit.embeds?.[0]?.description);
  });

  it('THEN in a fact-check channel the answer is deferred publicly and completed in the channel', async () => {
    const id = send('denial', { query: 'shockingly untrue' }, { guildId, channelId: factCheck });
    const edit = await editOf(id);
    const first = firstResponse(id);
    expect(first.body).toEqual({ type: 5 });
    expect(first.afterMs).toBeLessThanOrEqual(DEADLINE_MS);
    expect(editProblems(edit)).toEqual([]);
    const message = emulator.originalMessage(id) as APIMessage;
    expect((message.flags ?? 0) & MessageFlag.Ephemeral).toBe(0);
    expect(emulator.channelMessages(factCheck).map((m) => m.id)).toContain(message.id);
    expect(message.embeds[0]?.description).toContain('Shockingly untrue');
  });

  it('THEN a public question the sources do not cover is told to the member alone, not to the channel', async () => {
    const id = send('ask', { question: 'best pizza recipe', public: true }, { guildId, channelId: general });
    const followUp = await emulator.waitForCall(
      (c) =>
        c.operationId === 'execute_webhook' && c.params.webhook_token === emulator.interaction(id)?.token,
      10_000,
    );
    expect(firstResponse(id).body).toEqual({ type: 5 });
    expect(firstResponse(id).afterMs).toBeLessThanOrEqual(DEADLINE_MS);
    expect(followUp.status).toBe(200);
    const body = followUp.body as EditBody;
    expect(body.content).toMatch(/^The sources do not cover that\./);
    expect(body.flags).toBe(MessageFlag.Ephemeral);
    // Nothing of it is left in the channel: the public placeholder was removed.
    const inChannel = emulator.channelMessages(general);
    expect(inChannel.some((m) => m.content.includes('do not cover'))).toBe(false);
    expect(inChannel.some((m) => (m.flags ?? 0) & MessageFlag.Loading)).toBe(false);
  });

  it('THEN ten slow answers at once are each deferred in time and completed once', async () => {
    const ids = Array.from({ length: 10 }, (_, i) =>
      send(
        i % 2 ? 'claim' : 'timeline',
        { query: i % 2 ? 'titan api' : '2018' },
        { guildId, channelId: general },
      ),
    );
    const result = await waitUntilAnswered(emulator, ids, 15_000);
    expect(result).toMatchObject({ answered: 10, deferred: 10, answeredTwice: 0, refused: 0 });
    for (const id of ids) expect(firstResponse(id).afterMs).toBeLessThanOrEqual(DEADLINE_MS);

    const all = tally(emulator, sent);
    recordFigures('deadline', {
      name: 'Answers taking 2.5 s (SEARCH_DELAY_MS=2500)',
      sent: all.sent,
      answered: all.answered,
      answeredTwice: all.answeredTwice,
      refused: all.refused,
      deferredThenCompleted: all.deferred,
    });
    expect(all).toMatchObject({ answered: sent.length, deferred: sent.length });
  });
});

describe('GIVEN the HTTP endpoint with answers that take 2.5 seconds', () => {
  let http: HttpBot;
  beforeAll(async () => {
    http = await startHttpBot(emulator, { SEARCH_DELAY_MS: '2500', FACTCHECK_CHANNEL_IDS: factCheck });
  });
  afterAll(async () => {
    await http?.stop();
  });

  it('THEN a private /claim is deferred in its HTTP response within 3 s and completed by an edit', async () => {
    const interaction = emulator.payloads.chatInput(
      'claim',
      { query: 'inbox api' },
      { guildId, channelId: general },
    );
    sent.push(interaction.id);
    const reply = await emulator.postInteraction(http.url, interaction);
    expect(reply.body).toEqual({ type: 5, data: { flags: MessageFlag.Ephemeral } });
    expect(reply.elapsedMs).toBeLessThanOrEqual(DEADLINE_MS);
    const edit = await editOf(interaction.id);
    expect(editProblems(edit)).toEqual([]);
    expect(edit.embeds?.[0]?.description).toContain('Inbox API');
  });

  it('THEN a public question the sources do not cover is told to the member alone, not to the channel', async () => {
    const interaction = emulator.payloads.chatInput(
      'ask',
      { question: 'best pizza recipe', public: true },
      { guildId, channelId: general },
    );
    sent.push(interaction.id);
    const before = emulator.channelMessages(general).length;
    const reply = await emulator.postInteraction(http.url, interaction);
    expect(reply.body).toEqual({ type: 5 });
    expect(reply.elapsedMs).toBeLessThanOrEqual(DEADLINE_MS);
    const followUp = await emulator.waitForCall(
      (c) => c.operationId === 'execute_webhook' && c.params.webhook_token === interaction.token,
      10_000,
    );
    expect(followUp.status).toBe(200);
    expect(followUp.body).toMatchObject({ flags: MessageFlag.Ephemeral });
    expect((followUp.body as EditBody).content).toMatch(/^The sources do not cover that\./);
    expect(emulator.channelMessages(general)).toHaveLength(before);

    const overHttp = sent.slice(-2);
    const result = tally(emulator, overHttp);
    recordFigures('deadline', {
      name: 'Answers taking 2.5 s, through the HTTP endpoint',
      sent: result.sent,
      answered: result.answered,
      answeredTwice: result.answeredTwice,
      refused: result.refused,
      deferredThenCompleted: result.deferred,
    });
    expect(result).toMatchObject({ answered: 2, deferred: 2 });
  });
});
