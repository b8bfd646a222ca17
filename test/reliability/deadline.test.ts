/**
 * The 3-second deadline, on a clock the test moves. Discord (the emulator) measures its deadline
 * on that clock and the bot defers by it, and the app's commands are held until the test lets
 * them go, so "late" means what the test says, whatever the machine is doing. An answer not
 * ready 2 s after delivery is deferred (type 5, "thinking…", with the privacy the answer will
 * have) and completed by editing the original response; a first response that reaches Discord
 * after 3 s is refused (10062). Through the gateway (the real discord.js client, in this
 * process) and through the HTTP endpoint.
 */
import { REST } from '@discordjs/rest';
import type { APIEmbed, APIInteraction, APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { openContext } from '../../src/answers/context.js';
import { Cooldown } from '../../src/discord/cooldown.js';
import { DEFER_AFTER_MS } from '../../src/discord/deadline.js';
import { type Gateway, startGateway } from '../../src/discord/gateway.js';
import type { RouterDeps } from '../../src/discord/router.js';
import {
  createInteractionEndpoint,
  type ListeningEndpoint,
  listen,
  webhookDeleter,
  webhookEditor,
  webhookFollowUp,
} from '../../src/http/server.js';
import { createLogger } from '../../src/log.js';
import { type Emulator, MessageFlag, snowflake, startEmulator } from '../emulator/index.js';
import { botToken } from '../support/bot.js';
import { TestClock } from '../support/clock.js';
import { editProblems } from '../support/discord-checks.js';
import { recordFigures, resetFigures } from '../support/figures.js';
import { type HeldCommands, holdCommands } from '../support/held.js';
import { shippedPack } from '../support/pack.js';
import { until } from '../support/poll.js';
import { tally, waitUntilAnswered } from '../support/tally.js';

/** Discord's documented time for the first response to an interaction. */
const DEADLINE_MS = 3000;

const guildId = snowflake();
const general = snowflake();
const factCheck = snowflake();
const clock = new TestClock();
const logged: Record<string, unknown>[] = [];
const log = createLogger({
  level: 'debug',
  stream: { write: (line: string) => logged.push(JSON.parse(line) as Record<string, unknown>) },
});
let emulator: Emulator;
let held: HeldCommands;
let router: Omit<RouterDeps, 'actions'>;

beforeAll(async () => {
  resetFigures('deadline');
  const opened = await openContext(shippedPack);
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  const context = opened.context;
  held = holdCommands(commands);
  router = {
    commands: held.commands,
    answers: () => context,
    factCheckChannels: new Set([factCheck]),
    cooldown: new Cooldown(0),
    log,
  };
  emulator = await startEmulator({
    token: botToken,
    clock,
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
});

afterAll(async () => {
  await emulator?.close();
});

type EditBody = { content?: string; embeds?: APIEmbed[]; flags?: number; allowed_mentions?: unknown };

/** The first callback Discord accepted for an interaction, and when it came after delivery on the clock. */
function firstResponse(id: string): { body: unknown; afterMs: number } {
  const state = emulator.interaction(id);
  if (!state?.callback || state.deliveredAt === null) throw new Error(`no accepted response to ${id}`);
  return { body: state.callback.body, afterMs: state.callback.at - state.deliveredAt };
}

const isCallback = (id: string) => (call: { operationId: string | null; params: Record<string, string> }) =>
  call.operationId === 'create_interaction_response' && call.params.interaction_id === id;

async function editOf(id: string): Promise<EditBody> {
  const token = emulator.interaction(id)?.token;
  const call = await emulator.waitForCall(
    (c) => c.operationId === 'update_original_webhook_message' && c.params.webhook_token === token,
  );
  expect(call.status, JSON.stringify(call.errors)).toBe(200);
  return call.body as EditBody;
}

/**
 * Waits until `count` answers are held, checks that the bot is waiting on the test's clock to
 * defer each (a timer of its own would fire whatever the test does), then moves the clock on.
 */
async function holdThenAdvance(count: number, ms: number): Promise<void> {
  await until(() => held.waiting() === count, `${count} answers to be held`, {
    explain: () => `${held.waiting()} held`,
  });
  expect(clock.pending()).toBe(count);
  clock.advance(ms);
}

describe('GIVEN the gateway, and answers not ready 2 s after Discord delivered them', () => {
  let gateway: Gateway;
  /** Every interaction this block sends, for the figures. */
  const sent: string[] = [];

  beforeAll(async () => {
    gateway = await startGateway({ token: botToken, apiBase: emulator.apiBase, log, router, clock });
  });

  afterAll(async () => {
    held.release();
    await gateway?.stop();
  });

  function send(...args: Parameters<Emulator['payloads']['chatInput']>): string {
    const id = emulator.dispatchInteraction(emulator.payloads.chatInput(...args));
    sent.push(id);
    return id;
  }

  it('THEN a private /claim is deferred privately at 2 s and completed by editing the original', async () => {
    held.hold();
    const id = send('claim', { query: 'inbox api' }, { guildId, channelId: general });
    await holdThenAdvance(1, DEFER_AFTER_MS);
    await emulator.waitForCall(isCallback(id));
    held.release();
    const edit = await editOf(id);

    expect(firstResponse(id)).toEqual({
      body: { type: 5, data: { flags: MessageFlag.Ephemeral } },
      afterMs: 2000,
    });
    expect(editProblems(edit)).toEqual([]);
    expect(edit.allowed_mentions).toEqual({ parse: [] });
    expect(edit.embeds?.[0]?.description).toContain('Inbox API');
    const message = emulator.originalMessage(id) as APIMessage;
    expect((message.flags ?? 0) & MessageFlag.Loading).toBe(0);
    expect((message.flags ?? 0) & MessageFlag.Ephemeral).toBe(MessageFlag.Ephemeral);
    expect(message.embeds[0]?.description).toBe(edit.embeds?.[0]?.description);
  });

  it('THEN in a fact-check channel the answer is deferred publicly and completed in the channel', async () => {
    held.hold();
    const id = send('denial', { query: 'shockingly untrue' }, { guildId, channelId: factCheck });
    await holdThenAdvance(1, DEFER_AFTER_MS);
    await emulator.waitForCall(isCallback(id));
    held.release();
    await editOf(id);

    expect(firstResponse(id)).toEqual({ body: { type: 5 }, afterMs: 2000 });
    const message = emulator.originalMessage(id) as APIMessage;
    expect((message.flags ?? 0) & MessageFlag.Ephemeral).toBe(0);
    expect(emulator.channelMessages(factCheck).map((m) => m.id)).toContain(message.id);
    expect(message.embeds[0]?.description).toContain('Shockingly untrue');
  });

  it('THEN a public question the sources do not cover is told to the member alone, not to the channel', async () => {
    held.hold();
    const id = send('ask', { question: 'best pizza recipe', public: true }, { guildId, channelId: general });
    await holdThenAdvance(1, DEFER_AFTER_MS);
    await emulator.waitForCall(isCallback(id));
    held.release();
    const followUp = await emulator.waitForCall(
      (c) =>
        c.operationId === 'execute_webhook' && c.params.webhook_token === emulator.interaction(id)?.token,
    );

    expect(firstResponse(id)).toEqual({ body: { type: 5 }, afterMs: 2000 });
    expect(followUp.status).toBe(200);
    const body = followUp.body as EditBody;
    expect(body.content).toMatch(/^The sources do not cover that\./);
    expect(body.flags).toBe(MessageFlag.Ephemeral);
    // Nothing of it is left in the channel: the public placeholder was removed.
    const inChannel = emulator.channelMessages(general);
    expect(inChannel.some((m) => m.content.includes('do not cover'))).toBe(false);
    expect(inChannel.some((m) => (m.flags ?? 0) & MessageFlag.Loading)).toBe(false);
  });

  it('THEN ten held at once are each deferred at 2 s and completed once', async () => {
    held.hold();
    const ids = Array.from({ length: 10 }, (_, i) =>
      send(
        i % 2 ? 'claim' : 'timeline',
        { query: i % 2 ? 'titan api' : '2018' },
        { guildId, channelId: general },
      ),
    );
    await holdThenAdvance(10, DEFER_AFTER_MS);
    for (const id of ids) await emulator.waitForCall(isCallback(id));
    held.release();
    const result = await waitUntilAnswered(emulator, ids);

    expect(result).toMatchObject({ answered: 10, deferred: 10, answeredTwice: 0, refused: 0 });
    for (const id of ids) expect(firstResponse(id).afterMs).toBe(2000);
    const all = tally(emulator, sent);
    recordFigures('deadline', {
      name: 'Answers held past 2 s on the test’s clock',
      sent: all.sent,
      answered: all.answered,
      answeredTwice: all.answeredTwice,
      refused: all.refused,
      deferredThenCompleted: all.deferred,
    });
    expect(all).toMatchObject({ answered: sent.length, deferred: sent.length });
  });

  it('THEN a deferral that reaches Discord after 3 s is refused as unknown, and the bot logs it', async () => {
    held.hold();
    const id = emulator.dispatchInteraction(
      emulator.payloads.chatInput('claim', { query: 'netflix' }, { guildId, channelId: general }),
    );
    // The clock passes the 2 s mark and the 3 s limit before the deferral can be sent.
    await holdThenAdvance(1, DEADLINE_MS + 1);
    const refused = await emulator.waitForCall(isCallback(id));
    held.release();
    await until(
      () =>
        logged.some((record) => record.msg === 'could not deliver an answer' && record.interactionId === id),
      'the failed delivery to be logged',
    );

    expect([refused.status, refused.response]).toEqual([
      404,
      { code: 10062, message: 'Unknown interaction' },
    ]);
    expect(emulator.interaction(id)?.callback).toBeNull();
    expect(tally(emulator, [id])).toMatchObject({ answered: 0, refused: 1 });
  });
});

describe('GIVEN the HTTP endpoint, and answers not ready 2 s after Discord delivered them', () => {
  let endpoint: ListeningEndpoint;
  let url: string;
  const sent: string[] = [];

  beforeAll(async () => {
    const rest = new REST({ api: emulator.apiBase });
    const interactions = createInteractionEndpoint({
      publicKey: emulator.publicKey,
      log,
      clock,
      editOriginal: webhookEditor(rest),
      deleteOriginal: webhookDeleter(rest),
      followUp: webhookFollowUp(rest),
      router: { ...router, actions: { canPin: false, pin: async () => 'forbidden' } },
    });
    endpoint = await listen(interactions, { host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${endpoint.port}/interactions`;
  });

  afterAll(async () => {
    held.release();
    await endpoint?.close();
  });

  /** Posts an interaction as Discord does and moves the clock 2 s on once its answer is held. */
  async function postHeldPast2s(interaction: APIInteraction) {
    sent.push(interaction.id);
    held.hold();
    const replied = emulator.postInteraction(url, interaction);
    await holdThenAdvance(1, DEFER_AFTER_MS);
    const reply = await replied;
    held.release();
    return reply;
  }

  it('THEN a private /claim is deferred in its HTTP response at 2 s and completed by an edit', async () => {
    const interaction = emulator.payloads.chatInput(
      'claim',
      { query: 'inbox api' },
      { guildId, channelId: general },
    );
    const reply = await postHeldPast2s(interaction);
    const edit = await editOf(interaction.id);

    expect(reply.body).toEqual({ type: 5, data: { flags: MessageFlag.Ephemeral } });
    expect(reply.callback?.status).toBe(204);
    expect(firstResponse(interaction.id).afterMs).toBe(2000);
    expect(editProblems(edit)).toEqual([]);
    expect(edit.embeds?.[0]?.description).toContain('Inbox API');
    expect(emulator.originalMessage(interaction.id)?.flags ?? 0).toBe(MessageFlag.Ephemeral);
  });

  it('THEN a public question the sources do not cover is told to the member alone, not to the channel', async () => {
    const interaction = emulator.payloads.chatInput(
      'ask',
      { question: 'best pizza recipe', public: true },
      { guildId, channelId: general },
    );
    const before = emulator.channelMessages(general).length;
    const reply = await postHeldPast2s(interaction);
    const followUp = await emulator.waitForCall(
      (c) => c.operationId === 'execute_webhook' && c.params.webhook_token === interaction.token,
    );
    await until(() => emulator.channelMessages(general).length === before, 'the placeholder to be removed');

    expect(reply.body).toEqual({ type: 5 });
    expect(followUp.status).toBe(200);
    expect(followUp.body).toMatchObject({ flags: MessageFlag.Ephemeral });
    expect((followUp.body as EditBody).content).toMatch(/^The sources do not cover that\./);

    const result = tally(emulator, sent);
    recordFigures('deadline', {
      name: 'Answers held past 2 s on the test’s clock, through the HTTP endpoint',
      sent: result.sent,
      answered: result.answered,
      answeredTwice: result.answeredTwice,
      refused: result.refused,
      deferredThenCompleted: result.deferred,
    });
    expect(result).toMatchObject({ answered: 2, deferred: 2 });
  });
});
