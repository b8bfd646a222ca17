/**
 * Secrets: the bot token, the public key and interaction tokens never appear in what the bot
 * writes — its whole standard output and standard error over a run at the most verbose level,
 * answers, failures and shutdown included, through the gateway and through the HTTP endpoint —
 * and no reply Discord (or a forger) receives carries a stack trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../src/discord/router.js';
import { type Emulator, InteractionSigner, startEmulator } from '../emulator/index.js';
import { type BotProcess, botToken, startBot } from '../support/bot.js';
import { recordFigures, resetFigures } from '../support/figures.js';
import { send, startHttpBot } from '../support/http.js';
import { waitUntilAnswered } from '../support/tally.js';

/** A public key in Discord's format (32 bytes, hex); made up. */
const publicKey = 'ab12'.repeat(16);

let emulator: Emulator;
let bot: BotProcess;
const interactionTokens: string[] = [];

beforeAll(async () => {
  resetFigures('secrets');
  emulator = await startEmulator({ token: botToken });
  bot = await startBot(emulator, { LOG_LEVEL: 'trace', DISCORD_PUBLIC_KEY: publicKey });
});

afterAll(async () => {
  await bot?.stop('SIGKILL');
  await emulator?.close();
});

function dispatch(payload: Parameters<Emulator['dispatchInteraction']>[0]): string {
  interactionTokens.push(payload.token);
  return emulator.dispatchInteraction(payload);
}

/** Lines that look like a JavaScript stack frame, or name files on the machine. */
const STACK = /\bat .+[(\s]\S+:\d+:\d+\)?|node_modules|file:\/\/|\/work\/|Error: /;

describe('GIVEN a run that answers, fails, is refused and shuts down', () => {
  it('THEN no secret is in the bot’s output and no reply carries a stack trace', async () => {
    const channelId = emulator.guilds[0]?.textChannelIds[0] ?? '';
    const answered = [
      dispatch(emulator.payloads.chatInput('claim', { query: 'inbox api' })),
      dispatch(emulator.payloads.chatInput('ask', { question: 'did netflix read messages?' })),
      dispatch(emulator.payloads.autocomplete('claim', { query: { value: 'inb', focused: true } })),
      dispatch(emulator.payloads.chatInput('sources')),
    ];
    await waitUntilAnswered(emulator, answered);

    // A command that throws inside the bot: a context-menu payload without its resolved message.
    const broken = emulator.payloads.messageContextMenu(
      'Check against sources',
      emulator.payloads.userMessage(channelId, 'netflix read my messages'),
    ) as unknown as { data: Record<string, unknown> };
    delete broken.data.resolved;
    const failed = dispatch(broken as unknown as Parameters<Emulator['dispatchInteraction']>[0]);
    const apology = await emulator.waitForResponse(failed);
    expect(apology.data?.content).toBe(messages.failed);
    await bot.waitForLog((record) => record.msg === 'interaction failed' && record.interactionId === failed);

    // A reply Discord refuses on every attempt, with the interaction token in the URL.
    const refusedPayload = emulator.payloads.chatInput('claim', { query: 'titan api' });
    emulator.failNext(
      {
        operationId: 'create_interaction_response',
        path: new RegExp(`^/interactions/${refusedPayload.id}/`),
      },
      { status: 500 },
      Number.POSITIVE_INFINITY,
    );
    const lost = dispatch(refusedPayload);
    await bot.waitForLog(
      (record) => record.msg === 'could not deliver an answer' && record.interactionId === lost,
    );

    // A rate-limited reply, and a malformed interaction.
    const limitedPayload = emulator.payloads.chatInput('denial', { query: 'shockingly untrue' });
    emulator.failNext(
      {
        operationId: 'create_interaction_response',
        path: new RegExp(`^/interactions/${limitedPayload.id}/`),
      },
      { status: 429, retryAfter: 0.2 },
    );
    await waitUntilAnswered(emulator, [dispatch(limitedPayload)]);
    const malformed = emulator.payloads.chatInput('claim', { query: 'x' }) as unknown as Record<
      string,
      unknown
    >;
    malformed.application_id = 'not-an-id';
    dispatch(malformed as unknown as Parameters<Emulator['dispatchInteraction']>[0]);
    await bot.waitForLog((record) => record.msg === 'refused a malformed interaction');

    expect(await bot.stop('SIGTERM')).toBe(0);
    const output = bot.output();

    const secrets = [botToken, botToken.split('.')[2] as string, publicKey, ...interactionTokens];
    const found = secrets.filter((secret) => output.includes(secret));
    expect(found).toEqual([]);
    // The log did record the failures, with what they concerned.
    expect(output).toContain('interaction failed');
    expect(output).toContain('could not deliver an answer');
    expect(output).toContain('[redacted]');

    const bodies = emulator.calls
      .filter((call) => call.body !== null)
      .map((call) => JSON.stringify(call.body));
    const withStack = bodies.filter((body) => STACK.test(body));
    expect(withStack).toEqual([]);

    recordFigures('secrets', {
      name: 'Secrets searched for in the bot’s whole output',
      outputBytes: Buffer.byteLength(output),
      logLines: bot.logs.length,
      secretsSearched: secrets.length,
      secretsFound: found.length,
      replyBodiesScanned: bodies.length,
      bodiesWithAStackTrace: withStack.length,
    });
  });
});

describe('GIVEN the HTTP endpoint answering, refusing forgeries and malformed bodies, and shutting down', () => {
  it('THEN no secret is in its output and no reply carries a stack trace', async () => {
    const discord = await startEmulator({ token: botToken });
    const http = await startHttpBot(discord, { LOG_LEVEL: 'trace' });
    const tokens: string[] = [];
    try {
      const post = async (payload: Parameters<Emulator['postInteraction']>[1]) => {
        tokens.push(payload.token);
        return discord.postInteraction(http.url, payload);
      };
      expect((await post(discord.payloads.chatInput('claim', { query: 'inbox api' }))).status).toBe(200);
      expect(
        (await post(discord.payloads.chatInput('ask', { question: 'who said shockingly untrue' }))).status,
      ).toBe(200);
      const channelId = discord.guilds[0]?.textChannelIds[0] ?? '';
      const broken = discord.payloads.messageContextMenu(
        'Check against sources',
        discord.payloads.userMessage(channelId, 'netflix read my messages'),
      ) as unknown as { data: Record<string, unknown> };
      delete broken.data.resolved;
      const apology = await post(broken as unknown as Parameters<Emulator['postInteraction']>[1]);
      expect((apology.body as { data?: { content?: string } }).data?.content).toBe(messages.failed);

      // A forged request (signed with another key) and a signed body that is not an interaction.
      const forged = discord.payloads.chatInput('claim', { query: 'titan api' });
      tokens.push(forged.token);
      const body = JSON.stringify(forged);
      const other = await send(http.url, {
        headers: { 'content-type': 'application/json', ...new InteractionSigner().headers(body) },
        body,
      });
      expect(other.status).toBe(401);
      const junk = JSON.stringify({ hello: 'world', token: 'not-a-real-one' });
      const refused = await send(http.url, {
        headers: { 'content-type': 'application/json', ...discord.signatureHeaders(junk) },
        body: junk,
      });
      expect(refused.status).toBe(400);

      expect(await http.stop('SIGTERM')).toBe(0);
      const output = http.output();
      const secrets = [botToken, botToken.split('.')[2] as string, discord.publicKey, ...tokens];
      const found = secrets.filter((secret) => output.includes(secret));
      expect(found).toEqual([]);
      expect(output).toContain('interaction failed');
      const bodies = [
        ...discord.calls.filter((call) => call.body !== null).map((call) => JSON.stringify(call.body)),
        other.text,
        refused.text,
      ];
      const withStack = bodies.filter((text) => STACK.test(text));
      expect(withStack).toEqual([]);
      recordFigures('secrets', {
        name: 'Secrets searched for in the HTTP endpoint’s whole output',
        outputBytes: Buffer.byteLength(output),
        logLines: http.logs.length,
        secretsSearched: secrets.length,
        secretsFound: found.length,
        replyBodiesScanned: bodies.length,
        bodiesWithAStackTrace: withStack.length,
      });
    } finally {
      await http.stop('SIGKILL');
      await discord.close();
    }
  });
});
