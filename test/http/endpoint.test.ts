/**
 * End to end: the HTTP interactions endpoint started as users start it
 * (`node dist/src/main.js --http`), receiving what Discord sends to an Interactions Endpoint
 * URL. The emulator plays Discord: it signs each request with the application's key, takes
 * the HTTP response as the callback (checked against Discord's schema and limits), and serves
 * the REST calls the endpoint makes (pins, edits of deferred answers).
 */
import type { APIEmbed, APIInteraction } from 'discord-api-types/v10';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  defaultMemberPermissions,
  type Emulator,
  InteractionSigner,
  startEmulator,
} from '../emulator/index.js';
import { botToken, heldEntry } from '../support/bot.js';
import { TestClock } from '../support/clock.js';
import { type HttpBot, send, startHttpBot } from '../support/http.js';
import { packIdentity } from '../support/pack.js';
import { PATIENCE_MS } from '../support/patience.js';
import { waitUntilAnswered } from '../support/tally.js';

let emulator: Emulator;
let bot: HttpBot;

beforeAll(async () => {
  emulator = await startEmulator({ token: botToken });
  bot = await startHttpBot(emulator);
});

afterAll(async () => {
  await bot?.stop();
  await emulator?.close();
});

type MessageData = { flags?: number; embeds?: APIEmbed[]; content?: string; allowed_mentions?: unknown };

/** The buttons of a message body. */
function buttonsOf(data: { components?: unknown[] }): { label?: string; custom_id?: string }[] {
  return (data.components ?? []).flatMap((row) =>
    typeof row === 'object' && row !== null && 'components' in row
      ? ((row as { components: object[] }).components as { label?: string; custom_id?: string }[])
      : [],
  );
}

/** Signed headers for a JSON body, as Discord sends them. */
function signed(body: string, timestamp?: number): Record<string, string> {
  return { 'content-type': 'application/json', ...emulator.signatureHeaders(body, timestamp) };
}

const now = () => Math.floor(Date.now() / 1000);

describe('GIVEN the endpoint started with node dist/src/main.js --http', () => {
  it('THEN GET /healthz answers 200 with the pack it serves and the state of its store', async () => {
    // The store opens in the background: poll until it has.
    const reply = await vi.waitFor(
      async () => {
        const polled = await send(`${bot.origin}/healthz`, { method: 'GET' });
        expect(JSON.parse(polled.text).store.state).toBe('ok');
        return polled;
      },
      { timeout: PATIENCE_MS, interval: 50 },
    );
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(JSON.parse(reply.text)).toEqual({
      status: 'ok',
      pack: `meta-netflix-inbox-api ${packIdentity().version}`,
      store: {
        state: 'ok',
        engine: 'sqlite',
        queued: 0,
        written: expect.any(Number),
        dropped: 0,
        rejected: 0,
      },
    });
  });

  it('WHEN Discord sends a signed PING THEN it answers 200 {"type":1}', async () => {
    const body = JSON.stringify({
      id: '1300000000000000500',
      application_id: emulator.applicationId,
      type: 1,
      token: 'ping-token',
      version: 1,
    });
    const reply = await send(bot.url, { headers: signed(body), body });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(reply.text).toBe('{"type":1}');
  });

  it('WHEN a member runs /claim inbox api THEN the response is the attributed Inbox API quote, private, pinging nobody', async () => {
    const interaction = emulator.payloads.chatInput('claim', { query: 'inbox api' });
    const reply = await emulator.postInteraction(bot.url, interaction);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(reply.callback?.status, JSON.stringify(reply.callback?.errors)).toBe(204);
    const body = reply.body as { type: number; data: MessageData };
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(64);
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
    const first = body.data.embeds?.[0] as APIEmbed;
    expect(first.description).toContain('“**Inbox API**”');
    // TechCrunch wrote the words, reporting the plaintiffs' position.
    expect(first.author?.name).toBe(
      'Claim · TechCrunch, reporting the advertiser plaintiffs in Klein v. Meta',
    );
    expect(first.description).toContain('Said by the advertiser plaintiffs in Klein v. Meta');
  });

  it('WHEN a member types in the query option THEN the response offers autocomplete choices (type 8)', async () => {
    const interaction = emulator.payloads.autocomplete('claim', { query: { value: 'inbox', focused: true } });
    const reply = await emulator.postInteraction(bot.url, interaction);
    expect(reply.status).toBe(200);
    expect(reply.callback?.status).toBe(204);
    const body = reply.body as { type: number; data: { choices: { name: string; value: string }[] } };
    expect(body.type).toBe(8);
    expect(body.data.choices[0]?.name.toLowerCase()).toBe('inbox');
    expect(body.data.choices.length).toBeGreaterThan(1);
    expect(body.data.choices.length).toBeLessThanOrEqual(25);
  });

  it('WHEN a member clicks Next on a private list of claims THEN the response updates that message to the next page (type 7)', async () => {
    const list = await emulator.postInteraction(bot.url, emulator.payloads.chatInput('claim'));
    const first = (list.body as { data: MessageData & { components?: unknown[] } }).data;
    const next = buttonsOf(first).find((button) => button.label === 'Next ▶');
    expect(next?.custom_id).toBeDefined();
    const message = {
      ...emulator.payloads.userMessage(emulator.guilds[0]?.textChannelIds[0] ?? '', ''),
      flags: 64,
      author: emulator.botUser,
      embeds: first.embeds ?? [],
    };
    const click = emulator.payloads.button(next?.custom_id as string, message);
    const reply = await emulator.postInteraction(bot.url, click);
    expect(reply.callback?.status, JSON.stringify(reply.callback?.errors)).toBe(204);
    const page = reply.body as { type: number; data: MessageData };
    expect(page.type).toBe(7);
    expect(page.data.embeds?.at(-1)?.footer?.text).toMatch(/4–6 of \d+/);
    expect(page.data.embeds?.[0]?.title).not.toBe(first.embeds?.[0]?.title);
  });
});

describe('GIVEN a click on Pin, which makes the endpoint call Discord', () => {
  /** A public answer in the guild channel, and a Pin click on it by a member who may pin. */
  function pinClick(): { interaction: APIInteraction; body: string; messageId: string } {
    const channelId = emulator.guilds[0]?.textChannelIds[0] ?? '';
    const message = emulator.seedMessage({
      ...emulator.payloads.userMessage(channelId, 'An answer', emulator.botUser),
    });
    const interaction = emulator.payloads.button('pin', message, {
      memberPermissions: defaultMemberPermissions | PermissionFlagsBits.PinMessages,
    });
    return { interaction, body: JSON.stringify(interaction), messageId: message.id };
  }

  const pinCalls = (messageId: string) =>
    emulator.calls.filter((call) => call.method === 'PUT' && call.path.endsWith(`/${messageId}`));
  const refusals = () => bot.logs.filter((record) => record.msg === 'refused an unverified request');
  const answeredLines = (interactionId: string) =>
    bot.logs.filter((record) => record.interactionId === interactionId);

  it('WHEN it is signed by Discord THEN the message is pinned (the control for the refusals below)', async () => {
    const { interaction, messageId } = pinClick();
    const reply = await emulator.postInteraction(bot.url, interaction);
    expect(reply.status).toBe(200);
    expect((reply.body as { data: MessageData }).data.content).toBe('Pinned.');
    expect(pinCalls(messageId)).toHaveLength(1);
    expect(emulator.pinnedMessages(interaction.channel?.id ?? '').map((m) => m.id)).toContain(messageId);
    const answered = await bot.waitForLog(
      (record) => record.msg === 'answered' && record.interactionId === interaction.id && 'how' in record,
    );
    expect(answered.how).toBe('direct');
  });

  const forgeries: [string, (body: string) => { headers: Record<string, string>; body: string }][] = [
    ['no signature headers at all', (body) => ({ headers: { 'content-type': 'application/json' }, body })],
    [
      'a signature but no timestamp',
      (body) => {
        const { 'x-signature-timestamp': _, ...headers } = signed(body);
        return { headers, body };
      },
    ],
    [
      'a signature that is not hex',
      (body) => ({ headers: { ...signed(body), 'x-signature-ed25519': 'zz'.repeat(64) }, body }),
    ],
    [
      'a signature of the wrong length',
      (body) => ({
        headers: {
          ...signed(body),
          'x-signature-ed25519': emulator.signatureHeaders(body)['x-signature-ed25519'].slice(0, 126),
        },
        body,
      }),
    ],
    [
      'a well-formed but wrong signature',
      (body) => ({ headers: { ...signed(body), 'x-signature-ed25519': 'ab'.repeat(64) }, body }),
    ],
    [
      'a tampered body (the member given every permission)',
      (body) => ({
        headers: signed(body),
        body: body.replace(/"permissions":"\d+"/, `"permissions":"${(1n << 41n) - 1n}"`),
      }),
    ],
    [
      "another application's key",
      (body) => ({
        headers: { 'content-type': 'application/json', ...new InteractionSigner().headers(body) },
        body,
      }),
    ],
    ['a timestamp six minutes old (a replay)', (body) => ({ headers: signed(body, now() - 360), body })],
    ['a timestamp six minutes ahead', (body) => ({ headers: signed(body, now() + 360), body })],
  ];

  for (const [what, forge] of forgeries) {
    it(`WHEN it comes with ${what} THEN it gets 401 and nothing is pinned or answered`, async () => {
      const { interaction, body, messageId } = pinClick();
      const forged = forge(body);
      expect(forged.body === body || what.startsWith('a tampered')).toBe(true);
      const refusedBefore = refusals().length;
      const reply = await send(bot.url, forged);
      expect(reply.status).toBe(401);
      expect(reply.text.length).toBeLessThan(64);
      expect(reply.text).not.toContain('Pinned');
      // The handler never ran: the refusal is logged, and nothing about this interaction, nor
      // any REST call, comes before or after it.
      await bot.waitForLog((record) => refusals().indexOf(record) >= refusedBefore);
      const health = await send(`${bot.origin}/healthz`, { method: 'GET' });
      expect(health.status).toBe(200);
      expect(pinCalls(messageId)).toHaveLength(0);
      expect(answeredLines(interaction.id)).toEqual([]);
    });
  }
});

describe('GIVEN requests that are not interactions', () => {
  it('WHEN the body is over 64 KiB THEN 413, whether its length is declared or not', async () => {
    const big = `{"type":2,"pad":"${'x'.repeat(70 * 1024)}"}`;
    const declared = await send(bot.url, { headers: signed(big), body: big });
    expect(declared.status).toBe(413);
    const chunked = await send(bot.url, {
      headers: { ...signed(big), 'transfer-encoding': 'chunked' },
      body: big,
    });
    expect(chunked.status).toBe(413);
  });

  it('WHEN /interactions is asked with GET THEN 405 with Allow: POST', async () => {
    const reply = await send(bot.url, { method: 'GET' });
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('POST');
  });

  it('WHEN the body is not JSON by its content type THEN 415', async () => {
    const body = JSON.stringify({ type: 1 });
    const reply = await send(bot.url, { headers: { ...signed(body), 'content-type': 'text/plain' }, body });
    expect(reply.status).toBe(415);
  });

  it('WHEN a validly signed body is not JSON, or JSON that is not an interaction, THEN 400', async () => {
    const garbage = '{"type": 2, "data": ';
    expect((await send(bot.url, { headers: signed(garbage), body: garbage })).status).toBe(400);
    const notInteraction = JSON.stringify({ type: 2, data: { name: 'claim' } });
    expect((await send(bot.url, { headers: signed(notInteraction), body: notInteraction })).status).toBe(400);
  });

  it('WHEN the path is unknown THEN 404', async () => {
    expect((await send(`${bot.origin}/`, { method: 'GET' })).status).toBe(404);
    const body = JSON.stringify({ type: 1 });
    expect((await send(`${bot.origin}/interactions/extra`, { headers: signed(body), body })).status).toBe(
      404,
    );
  });
});

describe('GIVEN two instances of the endpoint behind one balancer', () => {
  it('WHEN each receives the same signed /claim THEN both answer with byte-identical bodies', async () => {
    const other = await startHttpBot(emulator);
    try {
      const body = JSON.stringify(emulator.payloads.chatInput('claim', { query: 'inbox api' }));
      const headers = signed(body);
      const [one, two] = await Promise.all([
        send(bot.url, { headers, body }),
        send(other.url, { headers, body }),
      ]);
      expect(one.status).toBe(200);
      expect(two.status).toBe(200);
      expect(one.text).toContain('**Inbox API**');
      expect(two.text).toBe(one.text);
    } finally {
      await other.stop();
    }
  });
});

describe('GIVEN an endpoint whose answers wait until it is told to stop', () => {
  // Discord's clock stands still: the deadline is tested on a clock the test moves
  // (test/reliability/deadline.test.ts); here the subject is what the process does.
  let discord: Emulator;
  beforeAll(async () => {
    discord = await startEmulator({ token: botToken, clock: new TestClock() });
  });
  afterAll(async () => {
    await discord?.close();
  });

  it('WHEN /claim is asked THEN the response is a private deferral, and the answer edits @original without a bot token', async () => {
    const held = await startHttpBot(discord, {}, heldEntry);
    const interaction = discord.payloads.chatInput('claim', { query: 'inbox api' });
    const reply = await discord.postInteraction(held.url, interaction);
    expect(reply.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(reply.callback?.status).toBe(204);

    const exited = held.stop('SIGTERM');
    const edit = await discord.waitForCall(
      (call) =>
        call.operationId === 'update_original_webhook_message' &&
        call.params.webhook_token === interaction.token,
    );
    expect(edit.status, JSON.stringify(edit.errors)).toBe(200);
    expect(edit.headers.authorization).toBeUndefined();
    const shown = discord.originalMessage(interaction.id);
    expect(shown?.embeds[0]?.description).toContain('“**Inbox API**”');
    expect(shown?.flags ?? 0).toBe(64);
    expect(await exited).toBe(0);
  });

  it('WHEN SIGTERM arrives while a request is in flight THEN that request is still answered and the process exits 0', async () => {
    const held = await startHttpBot(discord, {}, heldEntry);
    const interaction = discord.payloads.chatInput('claim', { query: 'inbox api' });
    const replied = discord.postInteraction(held.url, interaction);
    await held.waitForLog((record) => record.msg === 'received' && record.interactionId === interaction.id);
    held.child.kill('SIGTERM');
    const reply = await replied;
    expect(reply.status).toBe(200);
    // Let go as draining began, the answer came straight back or, on a slow day, after a deferral.
    const result = await waitUntilAnswered(discord, [interaction.id]);
    expect(result).toMatchObject({ answered: 1, answeredTwice: 0, refused: 0 });
    expect(discord.originalMessage(interaction.id)?.embeds[0]?.description).toContain('“**Inbox API**”');
    expect(await held.exited).toBe(0);
    const order = held.logs.map((record) => record.msg);
    expect(order.indexOf('shutting down')).toBeLessThan(order.lastIndexOf('answered'));
  });
});
