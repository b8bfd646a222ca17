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
import type { Recorder } from '../../src/discord/recording.js';
import { type PinOutcome, type RouterDeps, routeInteraction } from '../../src/discord/router.js';
import type { AnswerCacheOptions } from '../../src/http/answer-cache.js';
import {
  createInteractionEndpoint,
  type EditOriginal,
  type InteractionEndpoint,
  type ListeningEndpoint,
  listen,
  MAX_BODY_BYTES,
} from '../../src/http/server.js';
import { createLogger } from '../../src/log.js';
import type { StoreRecord } from '../../src/store/records.js';
import { InteractionSigner } from '../emulator/endpoint.js';
import { TestClock } from '../support/clock.js';
import { evalQuestions } from '../support/eval-questions.js';
import { holdCommands } from '../support/held.js';
import { send } from '../support/http.js';
import { packIdentity, shippedPack } from '../support/pack.js';
import { until } from '../support/poll.js';

let context: AnswerContext;
/** A cache with room for an answer to every eval question in every command. */
const roomForAll: AnswerCacheOptions = { entries: 100_000, bytes: 1_000_000_000 };
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

/** `/claim query` typed in a DM with the bot, as Discord sends it; `n` makes the interaction unique. */
function claim(query: string, n = 0): string {
  const interaction = slashCommand('claim', query);
  return JSON.stringify({
    ...interaction,
    id: String(BigInt(interaction.id) + BigInt(n)),
    token: `preview-${n}`,
  });
}

/** `/<mode> query` in a server channel where Receipts may post, by member `userId`, public if asked. */
function inServer(mode: string, query: string, userId: string, n: number, asPublic: boolean): string {
  const interaction = slashCommand(mode, query);
  const user = { ...interaction.user, id: userId };
  const { user: _dm, ...rest } = interaction;
  return JSON.stringify({
    ...rest,
    id: String(BigInt(interaction.id) + BigInt(n)),
    token: `preview-${n}`,
    guild_id: '100000000000000010',
    context: 0,
    authorizing_integration_owners: { 0: '100000000000000010' },
    app_permissions: String(1024 + 2048 + 16384),
    member: { user, roles: [], permissions: String(1024 + 2048) },
    data: {
      ...interaction.data,
      options: [
        ...(interaction.data.options ?? []),
        ...(asPublic ? [{ name: 'public', type: 5, value: true }] : []),
      ],
    },
  });
}

/** `/claim query public:true` in a server channel where Receipts may post, by member `userId`. */
function publicClaim(query: string, userId: string, n: number): string {
  return inServer('claim', query, userId, n, true);
}

/** A click on a button of a private answer (it updates the answer in place). */
function click(customId: string, n: number): string {
  const interaction = slashCommand('claim', '');
  return JSON.stringify({
    ...interaction,
    id: String(BigInt(interaction.id) + BigInt(n)),
    token: `preview-${n}`,
    type: 3,
    data: { custom_id: customId, component_type: 2 },
    message: { id: '100000000000000900', channel_id: interaction.channel_id, flags: 64 },
  });
}

interface Harness {
  readonly url: string;
  readonly origin: string;
  readonly endpoint: ListeningEndpoint;
  readonly interactions: InteractionEndpoint;
  /** What the endpoint routes with. */
  readonly router: RouterDeps;
  /** Names of commands whose handler ran. */
  readonly ran: string[];
  readonly pins: string[];
  readonly edits: APIInteractionResponseCallbackData[];
  readonly logs: () => Record<string, unknown>[];
}

async function start(
  options: {
    commands?: readonly Command[];
    clock?: TestClock;
    editOriginal?: EditOriginal;
    /** The pack as loaded now; the shipped one by default. */
    answers?: () => AnswerContext;
    /** Commands whose handler throws the next time it runs. */
    failing?: Set<string>;
    /** Where answers are recorded (a store's queue); none by default. */
    recorder?: Recorder;
    /** The web record's address (PUBLIC_URL); none by default. */
    publicUrl?: string;
    /** Limits of the answers kept; the endpoint's defaults unless given. */
    answerCache?: AnswerCacheOptions;
  } = {},
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
          if (options.failing?.delete(command.data.name)) throw new Error('a handler failed');
          return (command.execute as (...a: unknown[]) => unknown)(...args);
        },
      }) as Command,
  );
  const router: RouterDeps = {
    commands: watched,
    answers: options.answers ?? (() => context),
    factCheckChannels: new Set(),
    cooldown: new Cooldown(30),
    log,
    ...(options.recorder ? { recorder: options.recorder } : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    actions: {
      canPin: true,
      async pin(channelId, messageId): Promise<PinOutcome> {
        pins.push(`${channelId}/${messageId}`);
        return 'pinned';
      },
    },
  };
  const interactions = createInteractionEndpoint({
    publicKey: signer.publicKey,
    log,
    editOriginal:
      options.editOriginal ??
      (async (_interaction, data) => {
        edits.push(data);
      }),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.answerCache ? { answerCache: options.answerCache } : {}),
    router,
  });
  const endpoint = await listen(interactions, { host: '127.0.0.1', port: 0 });
  open.push(endpoint);
  const origin = `http://127.0.0.1:${endpoint.port}`;
  return {
    url: `${origin}/interactions`,
    origin,
    endpoint,
    interactions,
    router,
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

describe('GIVEN a request asked again', () => {
  const ask = async (harness: Harness, body: string) => {
    const reply = await send(harness.url, { headers: signedHeaders(body), body });
    expect(reply.status).toBe(200);
    return reply.text;
  };
  const hows = (harness: Harness) =>
    harness
      .logs()
      .filter((record) => record.msg === 'answered' && 'how' in record)
      .map((record) => record.how);

  it('WHEN the same /claim comes from another interaction THEN the same bytes are sent and the handler does not run again', async () => {
    const harness = await start();
    const first = await ask(harness, claim('inbox api', 1));
    const again = await ask(harness, claim('inbox api', 2));
    const other = await ask(harness, claim('Inbox API', 3));
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(other).toContain('“Inbox API”');
    expect(harness.ran).toEqual(['claim', 'claim']);
    expect(hows(harness)).toEqual(['direct', 'kept', 'direct']);
  });

  it('WHEN a page button is clicked twice THEN the second click gets the same page without searching again', async () => {
    const harness = await start();
    const answer = JSON.parse(await ask(harness, claim('netflix', 1)));
    const next = answer.data.components[0].components[1].custom_id as string;
    expect(next).toMatch(/^pg:/);
    const first = await ask(harness, click(next, 2));
    const again = await ask(harness, click(next, 3));
    const page = JSON.parse(first);
    expect(page.type).toBe(7);
    expect(page.data.embeds.at(-1).footer.text).toMatch(/ · 4–6 of \d+$/);
    expect(again).toBe(first);
    expect(hows(harness)).toEqual(['direct', 'direct', 'kept']);
  });

  it('WHEN a public /claim is asked again in the same channel THEN the cooldown still applies to the member, not to others', async () => {
    const harness = await start();
    const first = await ask(harness, publicClaim('inbox api', '100000000000000101', 1));
    expect(JSON.parse(first).data.flags).toBe(0);
    const sameMember = JSON.parse(await ask(harness, publicClaim('inbox api', '100000000000000101', 2)));
    expect(sameMember.data.flags).toBe(64);
    expect(sameMember.data.content).toMatch(
      /^You can post another public answer in this channel in \d+ seconds?\./,
    );
    const otherMember = await ask(harness, publicClaim('inbox api', '100000000000000102', 3));
    expect(otherMember).toBe(first);
    expect(harness.ran).toEqual(['claim']);
  });

  it('WHEN the pack is reloaded in between THEN the request is answered afresh from the new pack', async () => {
    let current = context;
    const harness = await start({ answers: () => current });
    await ask(harness, claim('inbox api', 1));
    const reopened = await openContext(shippedPack);
    if (!reopened.ok) throw new Error(reopened.problems.join('\n'));
    current = reopened.context;
    await ask(harness, claim('inbox api', 2));
    expect(harness.ran).toEqual(['claim', 'claim']);
  });

  it('WHEN each eval question is asked twice as each search command THEN both answers are what the router gives, byte for byte', async () => {
    // Room for every answer: a full cache keeps only what was asked before it filled.
    const harness = await start({ answerCache: roomForAll });
    const questions = evalQuestions();
    let n = 0;
    for (const mode of ['claim', 'denial', 'timeline', 'ask']) {
      for (const question of questions) {
        const interaction = { ...slashCommand(mode, question), id: String(200000000000000000n + BigInt(n)) };
        const body = JSON.stringify({ ...interaction, token: `preview-${n++}` });
        const expected = JSON.stringify(await routeInteraction(JSON.parse(body), harness.router));
        expect(await ask(harness, body)).toBe(expected);
        const again = JSON.stringify({ ...interaction, id: String(300000000000000000n + BigInt(n)) });
        expect(await ask(harness, again)).toBe(expected);
      }
    }
    expect(hows(harness).filter((how) => how === 'kept')).toHaveLength(4 * questions.length);
  }, 60_000);

  it("WHEN the web record is published THEN the kept answer is the router's, its links to that address", async () => {
    const harness = await start({ publicUrl: 'https://receipts.example/record' });
    const body = claim('inbox api', 1);
    const expected = JSON.stringify(await routeInteraction(JSON.parse(body), harness.router));
    expect(expected).toContain('[Read in context](<https://receipts.example/record/statements/');
    expect(await ask(harness, body)).toBe(expected);
    expect(await ask(harness, claim('inbox api', 2))).toBe(expected);
    expect(hows(harness)).toEqual(['direct', 'kept']);
  });

  it('WHEN answers are recorded THEN a kept answer is sent and records what answering afresh records', async () => {
    const records: StoreRecord[] = [];
    const recorder: Recorder = { record: (record) => records.push(record), recordQuestions: true };
    const harness = await start({ recorder });
    const first = await ask(harness, claim('netflix', 1));
    const again = await ask(harness, claim('netflix', 2));
    expect(again).toBe(first);
    const next = JSON.parse(first).data.components[0].components[1].custom_id as string;
    expect(next).toMatch(/^pg:/);
    const page = await ask(harness, click(next, 3));
    expect(await ask(harness, click(next, 4))).toBe(page);
    expect(harness.ran).toEqual(['claim']);
    expect(hows(harness)).toEqual(['direct', 'kept', 'direct', 'kept']);
    expect(records.map((record) => record.kind)).toEqual(['shown', 'shown', 'shown', 'shown']);
    expect(records[1]).toEqual({ ...records[0], at: (records[1] as { at: number }).at });
    expect(records[3]).toEqual({ ...records[2], at: (records[3] as { at: number }).at });
  });

  it('WHEN each eval question is asked in a server, privately and publicly, fresh or kept THEN both write the same records', async () => {
    /** What one request recorded, its times made relative to the record's own. */
    const recordsOf = async (harness: Harness, written: StoreRecord[], body: string) => {
      written.length = 0;
      const text = await ask(harness, body);
      return {
        text,
        records: written.map((record) =>
          'at' in record && record.kind === 'post'
            ? { ...record, at: 0, tokenExpiresAt: record.tokenExpiresAt - record.at }
            : 'at' in record
              ? { ...record, at: 0 }
              : record,
        ),
      };
    };
    const freshWritten: StoreRecord[] = [];
    const keptWritten: StoreRecord[] = [];
    const fresh = await start({
      recorder: { record: (record) => freshWritten.push(record), recordQuestions: true },
    });
    const keeping = await start({
      recorder: { record: (record) => keptWritten.push(record), recordQuestions: true },
      answerCache: roomForAll,
    });
    const kinds = new Set<string>();
    let n = 0;
    let user = 100000000000001000n;
    for (const mode of ['claim', 'denial', 'timeline', 'ask']) {
      for (const question of evalQuestions()) {
        for (const visibility of mode === 'timeline' ? [false] : [false, true]) {
          const asker = String(user++);
          const body = inServer(mode, question, asker, n++, visibility);
          const expected = await recordsOf(fresh, freshWritten, body);
          // Another member asks first, so the answer is kept when this one asks.
          await ask(keeping, inServer(mode, question, String(user++), n++, visibility));
          const kept = await recordsOf(keeping, keptWritten, body);
          expect(kept.text).toBe(expected.text);
          expect(kept.records).toEqual(expected.records);
          for (const record of kept.records) kinds.add(record.kind);
        }
      }
    }
    expect([...kinds].sort()).toEqual(['post', 'question', 'shown']);
    const ways = hows(keeping);
    expect(ways.filter((how) => how === 'kept').length).toBeGreaterThan(ways.length / 3);
  }, 120_000);

  it('WHEN a kept public answer meets the cooldown THEN it records the question, as answering afresh does, and nothing shown', async () => {
    // Answered directly but with little of it covered: a weak answer, so its question is recorded.
    const question = 'did netflix pay for user data';
    const runs: StoreRecord[][] = [];
    for (const warm of [false, true]) {
      const written: StoreRecord[] = [];
      const harness = await start({
        recorder: { record: (record) => written.push(record), recordQuestions: true },
      });
      if (warm) await ask(harness, inServer('ask', question, '100000000000002001', 1, true));
      // The member posts once, then asks again within the cooldown.
      await ask(harness, inServer('ask', 'inbox api', '100000000000002002', 2, true));
      written.length = 0;
      const refused = JSON.parse(
        await ask(harness, inServer('ask', question, '100000000000002002', 3, true)),
      );
      expect(refused.data.content).toMatch(/^You can post another public answer in this channel/);
      runs.push(written.map((record) => ('at' in record ? { ...record, at: 0 } : record)));
      // Kept, the answer was not worked out again: the handler ran for the first two requests only.
      expect(harness.ran).toEqual(['ask', 'ask']);
    }
    expect(runs[0]).toMatchObject([{ kind: 'question', query: question, outcome: 'weak' }]);
    expect(runs[1]).toEqual(runs[0]);
  });

  it('WHEN the first answer failed THEN the apology is not kept: the next request is answered', async () => {
    const harness = await start({ failing: new Set(['claim']) });
    const apology = JSON.parse(await ask(harness, claim('inbox api', 1)));
    expect(apology.data.content).toMatch(/^Something went wrong on our side/);
    const answer = await ask(harness, claim('inbox api', 2));
    expect(answer).toContain('**Inbox API**');
    expect(harness.ran).toEqual(['claim', 'claim']);
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
