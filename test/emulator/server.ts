/**
 * The HTTP server: REST under `/api/v10/...` and WebSocket upgrades for the gateway on the same port.
 * Every REST call runs the same pipeline, in Discord's order: route lookup, scripted delay and fault,
 * bot-token check, body validation (schema, then documented limits), the route handler, and is
 * recorded with the status it got.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type DiscordErrorBody,
  DiscordHttpError,
  ErrorCode,
  type FieldProblem,
  type FormErrorTree,
  invalidFormBody,
  jsonError,
  notFound,
} from './discord-errors.js';
import { type FaultPlan, faultResponse, type RequestSummary } from './faults.js';
import { gatewayPaths } from './gateway.js';
import {
  checkCallbackLimits,
  checkCommandLimits,
  checkCommandListLimits,
  checkMessageLimits,
} from './limits.js';
import type { ObservedList } from './observed-list.js';
import { type RouteEnvironment, routes } from './rest-routes.js';
import type { OperationIndex } from './spec.js';
import type { SpecValidator } from './validate.js';
import type { UploadedFile } from './world.js';

/** One REST call as Discord would have received it, and what the emulator answered. */
export interface RecordedCall {
  /** Arrival order, from 1. */
  seq: number;
  /** Arrival time (ms since the epoch). */
  at: number;
  /** When the answer was sent (after any scripted delay). */
  answeredAt: number;
  method: string;
  /** The path without `/api/v10` and without the query, e.g. `/interactions/123/tok/callback`. */
  path: string;
  query: Record<string, string>;
  /** Request headers, lower-cased names. */
  headers: Record<string, string>;
  /** The JSON body (for multipart requests, the parsed `payload_json`), or null. */
  body: unknown;
  /** Files of a multipart request. */
  files: UploadedFile[];
  /** Discord's operationId of an emulated route (`create_interaction_response`), else null. */
  operationId: string | null;
  /** Path parameters by the spec's names (`channel_id`, `interaction_token`, ...). */
  params: Record<string, string>;
  status: number;
  /** The JSON body sent back, or null for 204. */
  response: unknown;
  /** For refused bodies (50035): Discord's nested field errors. */
  errors?: FormErrorTree;
  /** True when a scripted fault answered instead of the emulator. */
  injected: boolean;
  /** False when the emulator does not implement the route (answered 404). */
  emulated: boolean;
  /** Discord's route, e.g. `/channels/{channel_id}/messages`, or null when Discord has no such route. */
  route: string | null;
}

/** What the REST pipeline needs from the emulator. */
export interface RestPipelineOptions {
  token: string;
  /** Status for a missing or wrong bot token; 403 unless a test asks for Discord's real 401. */
  wrongTokenStatus: 401 | 403;
  operations: OperationIndex;
  validator: SpecValidator;
  faults: FaultPlan;
  env: RouteEnvironment;
  calls: ObservedList<RecordedCall>;
  onUpgrade: (request: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => void;
}

const apiPrefix = '/api/v10';

/** Limit checks beyond the schema, by operation. */
const limitChecks: Record<string, (body: unknown) => ReturnType<typeof checkMessageLimits>> = {
  create_interaction_response: checkCallbackLimits,
  execute_webhook: (body) => checkMessageLimits(body),
  update_original_webhook_message: (body) => checkMessageLimits(body),
  update_webhook_message: (body) => checkMessageLimits(body),
  create_message: (body) => checkMessageLimits(body),
  update_message: (body) => checkMessageLimits(body),
  bulk_set_application_commands: checkCommandListLimits,
  bulk_set_guild_application_commands: checkCommandListLimits,
  create_application_command: (body) => checkCommandLimits(body),
  create_guild_application_command: (body) => checkCommandLimits(body),
};

/** Rate-limit headers for a successful answer: a generous bucket that never makes the client wait. */
function rateLimitHeaders(bucket: string): Record<string, string> {
  return {
    'x-ratelimit-limit': '5',
    'x-ratelimit-remaining': '4',
    'x-ratelimit-reset': ((Date.now() + 1000) / 1000).toFixed(3),
    'x-ratelimit-reset-after': '1.000',
    'x-ratelimit-bucket': bucket,
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses a JSON or multipart body; multipart uses the platform's FormData parser. */
async function parseBody(
  raw: Buffer,
  contentType: string,
): Promise<{ body: unknown; files: UploadedFile[] }> {
  if (raw.length === 0) return { body: null, files: [] };
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const files: UploadedFile[] = [];
    let body: unknown = null;
    const fields: Record<string, unknown> = {};
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
        else fields[field] = value;
      } else {
        files.push({ field, filename: value.name, contentType: value.type, size: value.size });
      }
    }
    return { body: body ?? fields, files };
  }
  return { body: JSON.parse(raw.toString('utf8')), files: [] };
}

export class EmulatorServer {
  private readonly server: Server;
  private seq = 0;

  constructor(private readonly options: RestPipelineOptions) {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        response.statusCode = 500;
        response.end(JSON.stringify({ message: `Emulator failure: ${String(error)}`, code: 0 }));
      });
    });
    this.server.on('upgrade', (request, socket, head) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (path === gatewayPaths.connect || path === gatewayPaths.resume)
        options.onUpgrade(request, socket, head);
      else socket.destroy();
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = Date.now();
    const seq = ++this.seq;
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = (request.method ?? 'GET').toUpperCase();
    const rawPath = url.pathname.startsWith(`${apiPrefix}/`)
      ? url.pathname.slice(apiPrefix.length)
      : url.pathname;
    // Recorded decoded, so tests can match `/messages/@original` (discord.js sends `%40original`).
    const path = rawPath.split('/').map(safeDecode).join('/');
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
    );
    const query = Object.fromEntries(url.searchParams.entries());
    const raw = await readBody(request);
    const matched = url.pathname.startsWith(`${apiPrefix}/`)
      ? this.options.operations.match(method, rawPath)
      : null;
    const operation = matched?.operation ?? null;
    const operationId = operation?.operationId ?? null;
    const bucket = createHash('sha1')
      .update(`${method} ${matched?.template ?? path}`)
      .digest('hex')
      .slice(0, 16);
    const call: RecordedCall = {
      seq,
      at,
      answeredAt: 0,
      method,
      path,
      query,
      headers,
      body: null,
      files: [],
      operationId,
      params: matched?.params ?? {},
      status: 0,
      response: null,
      injected: false,
      emulated: operationId !== null && operationId in routes,
      route: matched?.template ?? null,
    };
    const send = (status: number, body: unknown, extraHeaders: Record<string, string> = {}): void => {
      call.status = status;
      call.answeredAt = Date.now();
      call.response = body ?? null;
      if (isErrorBody(body) && body.errors) call.errors = body.errors;
      response.writeHead(status, {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...extraHeaders,
      });
      response.end(body === undefined ? undefined : JSON.stringify(body));
      this.options.calls.push(call);
    };
    const fail = (error: DiscordHttpError): void => send(error.status, error.body, rateLimitHeaders(bucket));

    try {
      const parsed = await parseBody(raw, headers['content-type'] ?? '');
      call.body = parsed.body;
      call.files = parsed.files;
    } catch {
      call.body = raw.toString('utf8');
      fail(jsonError(400, ErrorCode.InvalidJson, 'The request body contains invalid JSON.'));
      return;
    }

    const summary: RequestSummary = { method, path, query, operationId };
    const delay = this.options.faults.takeDelay(summary);
    if (delay !== undefined) await sleep(delay);
    const fault = this.options.faults.takeFault(summary);
    if (fault) {
      call.injected = true;
      const answer = faultResponse(fault, bucket);
      send(answer.status, answer.body, answer.headers);
      return;
    }

    if (!matched || !operation || !call.emulated) {
      fail(notFound());
      return;
    }
    if (operation.requiresBotToken && headers.authorization !== `Bot ${this.options.token}`) {
      const status = this.options.wrongTokenStatus;
      fail(
        jsonError(
          status,
          status === 401 ? ErrorCode.General : ErrorCode.Unauthorized,
          status === 401 ? '401: Unauthorized' : 'Unauthorized. Provide a valid token and try again',
        ),
      );
      return;
    }
    if (operation.body && (method === 'POST' || method === 'PUT' || method === 'PATCH')) {
      const problems = distinct([
        ...this.options.validator.validateRequestBody(method, operation.template, call.body),
        ...(limitChecks[operation.operationId]?.(call.body) ?? []),
      ]);
      if (problems.length > 0) {
        fail(invalidFormBody(problems));
        return;
      }
    }
    const handler = routes[operation.operationId];
    if (!handler) {
      fail(notFound());
      return;
    }
    try {
      const result = handler(
        { method, path, params: matched.params, query: url.searchParams, body: call.body, files: call.files },
        this.options.env,
      );
      send(result.status, result.body, rateLimitHeaders(bucket));
    } catch (error) {
      if (error instanceof DiscordHttpError) fail(error);
      else send(500, { message: `Emulator failure: ${String(error)}`, code: 0 });
    }
  }
}

/** Problems without repeats: a limit the schema also states is reported once, as Discord does. */
function distinct(problems: readonly FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = JSON.stringify([problem.path, problem.code, problem.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function isErrorBody(body: unknown): body is DiscordErrorBody {
  return typeof body === 'object' && body !== null && 'code' in body && 'message' in body;
}
