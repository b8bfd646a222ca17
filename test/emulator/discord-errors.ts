/**
 * Error bodies in the shapes Discord answers with: `{ code, message }` for plain JSON errors and
 * `{ code: 50035, message: 'Invalid Form Body', errors }` for refused request bodies, where `errors`
 * nests one level per path segment and ends in `_errors: [{ code, message }]`.
 */

/** One problem with one field of a request body. `path` is the field's location (`['embeds', 0, 'title']`). */
export interface FieldProblem {
  path: readonly (string | number)[];
  /** Discord's symbolic error code, e.g. `BASE_TYPE_MAX_LENGTH`. */
  code: string;
  message: string;
}

/** A node of Discord's nested form-error object. */
export interface FormErrorTree {
  _errors?: { code: string; message: string }[];
  [segment: string]: FormErrorTree | { code: string; message: string }[] | undefined;
}

/** The JSON body Discord sends with an error status. */
export interface DiscordErrorBody {
  code: number;
  message: string;
  errors?: FormErrorTree;
}

/** Numeric JSON error codes the emulator answers with (names as in Discord's documentation). */
export const ErrorCode = {
  General: 0,
  UnknownChannel: 10003,
  UnknownMessage: 10008,
  UnknownWebhook: 10015,
  UnknownApplicationCommand: 10063,
  UnknownInteraction: 10062,
  MaxApplicationCommands: 30032,
  MaxPins: 30003,
  Unauthorized: 40001,
  InteractionAlreadyAcknowledged: 40060,
  MaxFollowUps: 40094,
  MissingAccess: 50001,
  EmptyMessage: 50006,
  MissingPermissions: 50013,
  InvalidWebhookToken: 50027,
  InvalidFormBody: 50035,
  InvalidJson: 50109,
} as const;

/** An error answer a route handler throws; the server turns it into the HTTP response. */
export class DiscordHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: DiscordErrorBody,
  ) {
    super(`${status} ${body.code}: ${body.message}`);
  }
}

export function jsonError(status: number, code: number, message: string): DiscordHttpError {
  return new DiscordHttpError(status, { code, message });
}

export const notFound = (): DiscordHttpError => jsonError(404, ErrorCode.General, '404: Not Found');
export const unknownMessage = (): DiscordHttpError =>
  jsonError(404, ErrorCode.UnknownMessage, 'Unknown Message');
export const unknownChannel = (): DiscordHttpError =>
  jsonError(404, ErrorCode.UnknownChannel, 'Unknown Channel');
export const unknownWebhook = (): DiscordHttpError =>
  jsonError(404, ErrorCode.UnknownWebhook, 'Unknown Webhook');
export const unknownInteraction = (): DiscordHttpError =>
  jsonError(404, ErrorCode.UnknownInteraction, 'Unknown interaction');
export const missingAccess = (): DiscordHttpError =>
  jsonError(403, ErrorCode.MissingAccess, 'Missing Access');
export const missingPermissions = (): DiscordHttpError =>
  jsonError(403, ErrorCode.MissingPermissions, 'Missing Permissions');
export const emptyMessage = (): DiscordHttpError =>
  jsonError(400, ErrorCode.EmptyMessage, 'Cannot send an empty message');

/** Folds field problems into Discord's nested error object, keeping each distinct problem once. */
export function formErrorTree(problems: readonly FieldProblem[]): FormErrorTree {
  const root: FormErrorTree = {};
  for (const problem of problems) {
    let node = root;
    for (const segment of problem.path) {
      const key = String(segment);
      const next = node[key];
      if (next === undefined || Array.isArray(next)) {
        const created: FormErrorTree = {};
        node[key] = created;
        node = created;
      } else {
        node = next;
      }
    }
    node._errors ??= [];
    const list = node._errors;
    if (!list.some((e) => e.code === problem.code && e.message === problem.message)) {
      list.push({ code: problem.code, message: problem.message });
    }
  }
  return root;
}

export function invalidFormBody(problems: readonly FieldProblem[]): DiscordHttpError {
  return new DiscordHttpError(400, {
    code: ErrorCode.InvalidFormBody,
    message: 'Invalid Form Body',
    errors: formErrorTree(problems),
  });
}
