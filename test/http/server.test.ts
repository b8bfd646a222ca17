/**
 * The endpoint's functions called in this process: what runs (and what does not) behind the
 * signature check, how an oversized body is cut off, and how draining looks to a load
 * balancer and to an answer still being completed.
 */

import { request as httpRequest } from 'node:http';
import type { APIInteractionResponseCallbackData } from 'discord-api-types/v10';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { AnswerContext } from '../../src/answers/answer.js';
import { openContext } from '../../src/answers/context.js';
import type { Command } from '../../src/discord/command.js';
import { Cooldown } from '../../src/discord/cooldown.js';
import { DEFER_AFTER_MS } from '../../src/discord/deadline.js';
import { slashCommand } from '../../src/discord/preview.js';
import type { PinOutcome } from '../../src/discord/router.js';
import {
  createInteractionEndpoint,
  type EditOriginal,
  type InteractionEndpoint,
  type ListeningEndpoint,
  listen,
  MAX_BODY_BYTES,
} from '../../src/http/server.js';
import { createLogger } from '../../src/log.js';
import { InteractionSigner } from '../emulator/endpoint.js';
import { TestClock } from '../support/clock.js';
import { holdCommands } from '../support/held.js';
import { send } from '../support/http.js';
import { packIdentity, shippedPack } from '../support/pack.js';
import { until } from '../support/poll.js';

let context: AnswerContext;
const signer = new InteractionSigner();
const open: ListeningEndpoint[] = [];

beforeAll(async () => {
  const opened = await openContext(shippedPack);
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  context = opened.context;
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((endpoint) => endpoint.close()));
});

/** `/claim query` typed in a DM with the bot, as Discord sends it. */
function claim(query: string): string {
  return JSON.stringify(slashCommand('claim', query));
}

interface Harness {
  readonly url: string;
  readonly origin: string;
  readonly endpoint: ListeningEndpoint;
  readonly interactions: InteractionEndpoint;
  /** Names of commands whose handler ran. */
  readonly ran: string[];
  readonly pins: string[];
  readonly edits: APIInteractionResponseCallbackData[];
  readonly logs: () => Record<string, unknown>[];
}

async function start(
  options: { commands?: readonly Command[]; clock?: TestClock; editOriginal?: EditOriginal } = {},
): Promise<Harness> {
  const ran: string[] = [];
  const pins: string[] = [];
  const edits: APIInteractionResponseCallbackData[] = [];
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', stream: { write: (line: string) => lines.push(line) } });
  const watched = (options.commands ?? commands).map(
    (command) =>
      ({
        ...command,
        execute: (...args: unknown[]) => {
          ran.push(command.data.name);
          return (command.execute as (...a: unknown[]) => unknown)(...args);
        },
      }) as Command,
  );
  const interactions = createInteractionEndpoint({
    publicKey: signer.publicKey,
    log,
    editOriginal:
      options.editOriginal ??
      (async (_interaction, data) => {
        edits.push(data);
      }),
    ...(options.clock ? { clock: options.clock } : {}),
    router: {
      commands: watched,
      answers: () => context,
      factCheckChannels: new Set(),
      cooldown: new Cooldown(30),
      log,
      actions: {
        canPin: true,
        async pin(channelId, messageId): Promise<PinOutcome> {
          pins.push(`${channelId}/${messageId}`);
          return 'pinned';
        },
      },
    },
  });
  const endpoint = await listen(interactions, { host: '127.0.0.1', port: 0 });
  open.push(endpoint);
  const origin = `http://127.0.0.1:${endpoint.port}`;
  return {
    url: `${origin}/interactions`,
    origin,
    endpoint,
    interactions,
    ran,
    pins,
    edits,
    logs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

const signedHeaders = (body: string, timestamp?: number) => ({
  'content-type': 'application/json',
  ...signer.headers(body, timestamp),
});

describe('GIVEN the endpoint with its handlers watched', () => {
  it('WHEN /claim is signed THEN the claim handler runs and the answer is the response', async () => {
    const harness = await start();
    const body = claim('inbox api');
    const reply = await send(harness.url, { headers: signedHeaders(body), body });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text).type).toBe(4);
    expect(reply.text).toContain('**Inbox API**');
    expect(harness.ran).toEqual(['claim']);
  });

  it('WHEN the same /claim is unsigned, forged or stale THEN 401 and no handler runs, nothing but the refusal is logged', async () => {
    const harness = await start();
    const body = claim('inbox api');
    const attempts = [
      { 'content-type': 'application/json' },
      { ...signedHeaders(body), 'x-signature-ed25519': 'ab'.repeat(64) },
      { 'content-type': 'application/json', ...new InteractionSigner().headers(body) },
      signedHeaders(body, Math.floor(Date.now() / 1000) - 360),
      signedHeaders(body, Math.floor(Date.now() / 1000) + 360),
    ];
    for (const headers of attempts) {
      const reply = await send(harness.url, { headers, body });
      expect(reply.status).toBe(401);
      expect(JSON.parse(reply.text)).toEqual({ error: 'invalid request signature' });
    }
    expect(harness.ran).toEqual([]);
    expect(harness.logs().map((record) => record.msg)).toEqual(
      attempts.map(() => 'refused an unverified request'),
    );
  });
});

describe('GIVEN a client sending more than 64 KiB', () => {
  it('WHEN it keeps the request open THEN 413 arrives before the body ends, and the connection is closed', async () => {
    const harness = await start();
    const reply = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const request = httpRequest(harness.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      request.on('response', (response) => {
        resolve({ status: response.statusCode ?? 0, connection: response.headers.connection });
        response.resume();
        request.destroy();
      });
      request.on('error', reject);
      // One byte over the limit, and the request is never ended.
      request.write(Buffer.alloc(MAX_BODY_BYTES + 1, 0x20));
    });
    expect(reply).toEqual({ status: 413, connection: 'close' });
    expect(harness.ran).toEqual([]);
  });

  it('WHEN the body is also of another type THEN 415 arrives at once and the connection is closed, not drained', async () => {
    const harness = await start();
    const reply = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const request = httpRequest(harness.url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'content-length': String(10 * MAX_BODY_BYTES) },
      });
      request.on('response', (response) => {
        resolve({ status: response.statusCode ?? 0, connection: response.headers.connection });
        response.resume();
        request.destroy();
      });
      request.on('error', reject);
      request.write(Buffer.alloc(MAX_BODY_BYTES, 0x20));
    });
    expect(reply).toEqual({ status: 415, connection: 'close' });
  });
});

describe('GIVEN the endpoint draining', () => {
  it('WHEN the balancer polls /healthz THEN 503 "draining", and responses close their connection', async () => {
    const harness = await start();
    const before = await send(`${harness.origin}/healthz`, { method: 'GET' });
    expect(before.status).toBe(200);
    expect(before.headers.connection).toBe('keep-alive');
    expect(JSON.parse(before.text)).toEqual({
      status: 'ok',
      pack: `meta-netflix-inbox-api ${packIdentity().version}`,
    });
    harness.interactions.startDraining();
    const during = await send(`${harness.origin}/healthz`, { method: 'GET' });
    expect(during.status).toBe(503);
    expect(JSON.parse(during.text)).toEqual({
      status: 'draining',
      pack: `meta-netflix-inbox-api ${packIdentity().version}`,
    });
    expect(during.headers.connection).toBe('close');
  });

  it('WHEN it is closed while a deferred answer is still being edited in THEN close waits for that edit', async () => {
    const held = holdCommands(commands);
    const clock = new TestClock();
    let finishEdit = () => {};
    const editing = new Promise<void>((resolve) => {
      finishEdit = resolve;
    });
    const events: string[] = [];
    const edited: APIInteractionResponseCallbackData[] = [];
    const harness = await start({
      commands: held.commands,
      clock,
      editOriginal: async (_interaction, data) => {
        events.push('editing');
        await editing;
        edited.push(data);
        events.push('edited');
      },
    });
    const body = claim('inbox api');
    const replied = send(harness.url, { headers: signedHeaders(body), body });
    await until(() => held.waiting() === 1, 'the answer to be held');
    clock.advance(DEFER_AFTER_MS);
    const reply = await replied;
    expect(JSON.parse(reply.text)).toEqual({ type: 5, data: { flags: 64 } });
    held.release();
    await until(() => events.includes('editing'), 'the edit to begin');

    let serverClosed = false;
    harness.endpoint.server.once('close', () => {
      serverClosed = true;
    });
    const closing = harness.endpoint.close().then(() => events.push('closed'));
    // The socket is closed and its connection gone; what is left to wait for is the edit.
    await until(() => serverClosed, 'the server to close');
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['editing']);
    expect(harness.interactions.draining()).toBe(true);
    expect(harness.interactions.inFlight()).toBe(1);
    finishEdit();
    await closing;
    expect(events).toEqual(['editing', 'edited', 'closed']);
    expect(edited).toHaveLength(1);
    expect(edited[0]?.embeds?.[0]?.description).toContain('**Inbox API**');
    expect(edited[0]?.flags).toBeUndefined();
  });
});
