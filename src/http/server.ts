/**
 * HTTP interactions: Discord POSTs each interaction to the app's Interactions Endpoint URL and
 * takes the HTTP response as the interaction's callback. This module is that endpoint.
 *
 * It is built on `node:http` alone. The app serves one route (plus a health check), so a
 * framework would add start-up time and dependencies without removing any code that matters
 * here: the signature must be checked over the raw body bytes, which frameworks parse away by
 * default (fastify needs a raw-body content parser, hono a `Request` adapter over node:http).
 * Plain node keeps the cold start smallest, which is what scaling out instances needs.
 *
 * Every request stands alone: what is kept between requests (the public-answer cooldown, the
 * records for moderators) is in the store, which instances share through PostgreSQL, so any
 * number of instances can serve behind a load balancer.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { REST } from '@discordjs/rest';
import {
  type APIInteraction,
  type APIInteractionResponse,
  type APIInteractionResponseCallbackData,
  InteractionResponseType,
  InteractionType,
  Routes,
} from 'discord-api-types/v10';
import type { AnswerContext } from '../answers/answer.js';
import { type DeadlineClock, deliverInTime } from '../discord/deadline.js';
import { parseInteraction } from '../discord/interaction.js';
import { type AnswerRecords, writeQuestion, writeShown } from '../discord/recording.js';
import { type Reuse, reusable, reuseOf } from '../discord/reuse.js';
import {
  deferralFor,
  describe,
  publicRefusal,
  type RouterDeps,
  routeInteraction,
} from '../discord/router.js';
import type { Logger } from '../log.js';
import type { SiteHandler } from '../site/serve.js';
import { AnswerCache, type AnswerCacheOptions, utf8 } from './answer-cache.js';
import { createAsyncSignatureCheck, type SignatureCheckOptions } from './verify.js';

/** The largest request body read; Discord's interactions are a few kilobytes. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The path Discord posts interactions to (the Interactions Endpoint URL ends with it). */
export const INTERACTIONS_PATH = '/interactions';

/** The path a load balancer polls. */
export const HEALTH_PATH = '/healthz';

/** Completes a deferred answer by editing the original response. */
export type EditOriginal = (
  interaction: APIInteraction,
  data: APIInteractionResponseCallbackData,
) => Promise<void>;

/** Deletes the original response (a public deferral whose answer is for the member alone). */
export type DeleteOriginal = (interaction: APIInteraction) => Promise<void>;

/** Sends a follow-up message (the private answer that replaces a deleted public deferral). */
export type FollowUp = (
  interaction: APIInteraction,
  data: APIInteractionResponseCallbackData,
) => Promise<void>;

/** What the endpoint needs. */
export interface InteractionEndpointOptions {
  /** The application's Ed25519 public key, 64 hex characters (Developer Portal → General Information). */
  readonly publicKey: string;
  /** The router's dependencies: commands, the pack, the cooldown, the Discord actions, the logger. */
  readonly router: RouterDeps;
  /** Edits `@original` after a deferral; see {@link webhookEditor}. */
  readonly editOriginal: EditOriginal;
  /**
   * Replace a public deferral by a private follow-up when the answer is for the member alone;
   * see {@link webhookDeleter} and {@link webhookFollowUp}. Without them, the deferral is edited.
   */
  readonly deleteOriginal?: DeleteOriginal;
  readonly followUp?: FollowUp;
  readonly log: Logger;
  /** More of the process's state for `/healthz` (e.g. the store's). */
  readonly health?: () => Record<string, unknown>;
  /** Defer answers not ready after this long; default the router's deadline (2 s). */
  readonly deferAfterMs?: number;
  /** The clock `deferAfterMs` is measured on; the process's timers unless a test passes its own. */
  readonly clock?: DeadlineClock;
  /** Largest body accepted; default {@link MAX_BODY_BYTES}. */
  readonly maxBodyBytes?: number;
  /** The clock and allowed skew for signature timestamps (tests move the clock). */
  readonly signature?: SignatureCheckOptions;
  /** Limits of the answers kept for requests asked again; see `answer-cache.ts`. */
  readonly answerCache?: AnswerCacheOptions;
  /** Serves every other path (the web record, with `SITE=true`); without it they get 404. */
  readonly site?: SiteHandler;
}

/** The endpoint, independent of any listening socket. */
export interface InteractionEndpoint {
  /** The `node:http` request listener. */
  readonly listener: (request: IncomingMessage, response: ServerResponse) => void;
  /** From now on: `/healthz` answers 503 and every response closes its connection. */
  startDraining(): void;
  /** True once {@link startDraining} was called. */
  draining(): boolean;
  /** Resolves when no request is being handled, deferred edits included. */
  settled(): Promise<void>;
  /** Requests being handled now. */
  inFlight(): number;
}

/** A small JSON body for refusals: a status and nothing a prober can learn from. */
const refusal = (error: string) => ({ error });

/**
 * Sends a JSON body of `bytes` bytes (a text, or its UTF-8 already encoded), with its length
 * given up front; resolves once it is sent.
 */
function sendBody(
  response: ServerResponse,
  status: number,
  body: string | Buffer,
  bytes: number,
  headers: Record<string, string> = {},
  closing = false,
): Promise<void> {
  return new Promise((resolve, reject) => {
    response.once('close', () =>
      response.writableFinished
        ? resolve()
        : reject(new Error('the connection closed before the response was sent')),
    );
    const head: Record<string, string> = {
      'content-type': 'application/json',
      'content-length': String(bytes),
    };
    if (closing) head.connection = 'close';
    for (const name in headers) head[name] = headers[name] as string;
    response.writeHead(status, head);
    response.end(body);
  });
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  closing = false,
): Promise<void> {
  const text = JSON.stringify(body);
  return sendBody(response, status, text, Buffer.byteLength(text), headers, closing);
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function isJsonType(contentType: string | undefined): boolean {
  if (contentType === 'application/json') return true;
  const media = contentType?.split(';')[0]?.trim().toLowerCase();
  return media === 'application/json';
}

/** True when the request has a body that has not been read to its end. */
function unreadBody(request: IncomingMessage): boolean {
  if (request.complete) return false;
  return (
    Number(header(request, 'content-length') ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined
  );
}

/**
 * Reads the body up to `limit` bytes. Past the limit it stops reading (the rest is never
 * buffered) and answers null; the caller refuses with 413 and closes the connection.
 */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.off('data', onData);
        request.off('end', onEnd);
        request.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    // Most bodies arrive in one chunk, a buffer of their own: nothing to copy.
    const onEnd = () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('error', reject);
  });
}

/** Creates the endpoint. The public key is parsed here, once. */
export function createInteractionEndpoint(options: InteractionEndpointOptions): InteractionEndpoint {
  const { log, router } = options;
  const check = createAsyncSignatureCheck(options.publicKey, options.signature ?? {});
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const kept = new AnswerCache(options.answerCache);
  let draining = false;
  let active = 0;
  let idle: (() => void)[] = [];

  // A refusal sent before the body was read closes the connection, so node does not go on
  // reading (and discarding) whatever the client still sends.
  const reply = (response: ServerResponse, status: number, body: unknown, headers?: Record<string, string>) =>
    send(response, status, body, headers, draining || unreadBody(response.req));

  const health = (request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return reply(response, 405, refusal('method not allowed'), { allow: 'GET, HEAD' });
    }
    const { meta } = router.answers().pack;
    return reply(response, draining ? 503 : 200, {
      status: draining ? 'draining' : 'ok',
      pack: `${meta.id} ${meta.version}`,
      ...options.health?.(),
    });
  };

  const answered = (interaction: APIInteraction, how: string, started: number) => {
    if (!log.isLevelEnabled('debug')) return;
    log.debug(
      { ...describe(interaction), how, latencyMs: Math.round(performance.now() - started) },
      'answered',
    );
  };

  const answer = async (interaction: APIInteraction, response: ServerResponse) => {
    const started = performance.now();
    const reuse: Reuse | null = reuseOf(interaction, router);
    const context: AnswerContext = router.answers();
    if (reuse) {
      const found = kept.get(context, reuse.key);
      if (found) {
        // What answering afresh would record, in the same order: the question, then (unless
        // the public answer is refused) what it shows.
        const { recorder } = router;
        if (recorder && found.records) writeQuestion(recorder, interaction, found.records);
        const refusal = reuse.public ? await publicRefusal(interaction, router) : null;
        if (recorder && found.records && !refusal) writeShown(recorder, interaction, found.records);
        await (refusal
          ? reply(response, 200, refusal)
          : sendBody(response, 200, found.body, found.body.length, {}, draining));
        answered(interaction, refusal ? 'direct' : 'kept', started);
        return;
      }
    }
    let late = false;
    let records: AnswerRecords | null = null;
    const routed = reuse
      ? routeInteraction(interaction, router, {
          keepRecords: (given) => {
            records = given;
          },
        })
      : routeInteraction(interaction, router);
    const how = await deliverInTime(
      interaction,
      routed,
      {
        callback: (body: APIInteractionResponse) => {
          // Serialised and encoded once: the bytes sent are the bytes kept.
          const bytes = utf8(JSON.stringify(body));
          if (reuse && !late && reusable(reuse, body)) kept.set(context, reuse.key, bytes, records);
          return sendBody(response, 200, bytes, bytes.length, {}, draining || unreadBody(response.req));
        },
        editOriginal: (data) => options.editOriginal(interaction, data),
        ...(options.deleteOriginal && options.followUp
          ? {
              deleteOriginal: () => (options.deleteOriginal as DeleteOriginal)(interaction),
              followUp: (data: APIInteractionResponseCallbackData) =>
                (options.followUp as FollowUp)(interaction, data),
            }
          : {}),
      },
      {
        deferral: () => {
          late = true;
          return deferralFor(interaction, router);
        },
        ...(options.deferAfterMs === undefined ? {} : { deferAfterMs: options.deferAfterMs }),
        ...(options.clock ? { clock: options.clock } : {}),
      },
    );
    answered(interaction, how, started);
  };

  const interactions = async (request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== 'POST')
      return reply(response, 405, refusal('method not allowed'), { allow: 'POST' });
    if (!isJsonType(header(request, 'content-type'))) {
      return reply(response, 415, refusal('unsupported media type'));
    }
    const declared = Number(header(request, 'content-length') ?? 0);
    const body = declared > maxBody ? null : await readBody(request, maxBody);
    if (body === null) {
      request.pause();
      return send(response, 413, refusal('payload too large'), {}, true);
    }
    const problem = await check(
      header(request, 'x-signature-ed25519'),
      header(request, 'x-signature-timestamp'),
      body,
    );
    if (problem) {
      log.debug({ reason: problem }, 'refused an unverified request');
      return reply(response, 401, refusal('invalid request signature'));
    }
    let raw: unknown;
    try {
      raw = JSON.parse(body.toString('utf8'));
    } catch {
      return reply(response, 400, refusal('invalid JSON'));
    }
    if (
      typeof raw === 'object' &&
      raw !== null &&
      (raw as { type?: unknown }).type === InteractionType.Ping
    ) {
      return reply(response, 200, { type: InteractionResponseType.Pong });
    }
    const parsed = parseInteraction(raw);
    if (!parsed.ok) {
      log.warn({ reason: parsed.reason }, 'refused a malformed interaction');
      return reply(response, 400, refusal('not an interaction'));
    }
    const { interaction } = parsed;
    if (log.isLevelEnabled('debug')) log.debug(describe(interaction), 'received');
    try {
      await answer(interaction, response);
    } catch (error) {
      log.error({ ...describe(interaction), err: error }, 'could not deliver an answer');
    }
  };

  const handle = (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const { url } = request;
    const path = url === INTERACTIONS_PATH ? url : (url ?? '/').split('?')[0];
    if (path === INTERACTIONS_PATH) return interactions(request, response);
    if (path === HEALTH_PATH) return health(request, response);
    if (options.site) return options.site(request, response, draining || unreadBody(request));
    return reply(response, 404, refusal('not found'));
  };

  return {
    listener(request, response) {
      active += 1;
      handle(request, response)
        .catch((error: unknown) => {
          if (response.headersSent) {
            // The client went away before its response was complete: nothing to repair.
            log.debug({ err: error, path: request.url }, 'response not delivered');
            return;
          }
          log.error({ err: error, path: request.url }, 'request failed');
          void send(response, 500, refusal('internal error'), {}, true).catch(() => {});
        })
        .finally(() => {
          active -= 1;
          if (active === 0) {
            const waiting = idle;
            idle = [];
            for (const resolve of waiting) resolve();
          }
        });
    },
    startDraining() {
      draining = true;
    },
    draining: () => draining,
    settled() {
      if (active === 0) return Promise.resolve();
      return new Promise((resolve) => idle.push(resolve));
    },
    inFlight: () => active,
  };
}

/** Edits `@original` through Discord's webhook route; interaction tokens need no bot token. */
export function webhookEditor(rest: Pick<REST, 'patch'>): EditOriginal {
  return async (interaction, data) => {
    await rest.patch(Routes.webhookMessage(interaction.application_id, interaction.token), {
      body: data,
      auth: false,
    });
  };
}

/** Deletes `@original` through Discord's webhook route. */
export function webhookDeleter(rest: Pick<REST, 'delete'>): DeleteOriginal {
  return async (interaction) => {
    await rest.delete(Routes.webhookMessage(interaction.application_id, interaction.token), { auth: false });
  };
}

/** Sends a follow-up through Discord's webhook route. */
export function webhookFollowUp(rest: Pick<REST, 'post'>): FollowUp {
  return async (interaction, data) => {
    await rest.post(Routes.webhook(interaction.application_id, interaction.token), {
      body: data,
      auth: false,
      query: new URLSearchParams({ wait: 'true' }),
    });
  };
}

/** A listening endpoint. */
export interface ListeningEndpoint {
  readonly server: Server;
  /** The port actually bound (useful with port 0). */
  readonly port: number;
  /**
   * Stops accepting connections, lets every request in flight finish (deferred edits
   * included), then closes what is left.
   */
  close(): Promise<void>;
}

/** How long {@link ListeningEndpoint.close} waits for idle connections before cutting them. */
const CLOSE_GRACE_MS = 5000;

/** Listens on `host:port` (port 0 picks a free one). */
export async function listen(
  endpoint: InteractionEndpoint,
  where: { readonly host: string; readonly port: number },
): Promise<ListeningEndpoint> {
  const server = createServer(endpoint.listener);
  // Load balancers keep idle connections for about 60 s; closing first would race their reuse.
  server.keepAliveTimeout = 65_000;
  // Discord sends a few kilobytes at once; a client trickling its request is cut off.
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(where.port, where.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    async close() {
      endpoint.startDraining();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await endpoint.settled();
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      await closed;
      clearTimeout(grace);
    },
  };
}
