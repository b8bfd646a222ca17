/**
 * Discord's REST routes as the emulator knows them. Every route Discord has comes from the
 * `discord-api-spec` package (generated from Discord's official OpenAPI document); for the routes
 * the emulator implements, the table below adds what a request needs there: Discord's operation
 * id, whether a bot token is required, and which schema the body must match.
 */

/** Every route of Discord's REST API (v10), by lower-case method, as Discord writes it. */
export type RouteList = Readonly<Record<'get' | 'put' | 'post' | 'patch' | 'delete', readonly string[]>>;

// The package's types are a .ts file that TypeScript reads as CommonJS under this project's
// settings, and refuses; loading it by a name TypeScript does not follow keeps them out.
const packageName = 'discord-api-spec';
const { pathsList } = (await import(packageName)) as { pathsList: RouteList };

/** The request bodies the emulated routes take; `validate.ts` holds the schema of each. */
export type RequestBodyName =
  | 'InteractionCallback'
  | 'ExecuteWebhook'
  | 'WebhookMessageEdit'
  | 'MessageCreate'
  | 'MessageEdit'
  | 'ApplicationCommandList'
  | 'ApplicationCommandCreate';

/** An operation the emulator implements. */
export interface SpecOperation {
  /** Discord's name for it, e.g. `create_interaction_response`. */
  readonly operationId: string;
  readonly method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  /** The route as Discord writes it, e.g. `/channels/{channel_id}/messages/{message_id}`. */
  readonly template: string;
  /**
   * False where Discord also accepts a request without `Authorization` (interaction callbacks and
   * webhooks carry their own token; `/gateway` is public).
   */
  readonly requiresBotToken: boolean;
  /** The body's schema, for routes that take one. */
  readonly body: RequestBodyName | null;
}

const op = (
  operationId: string,
  method: SpecOperation['method'],
  template: string,
  requiresBotToken: boolean,
  body: RequestBodyName | null = null,
): SpecOperation => ({ operationId, method, template, requiresBotToken, body });

const commands = '/applications/{application_id}/commands';
const guildCommands = '/applications/{application_id}/guilds/{guild_id}/commands';
const webhook = '/webhooks/{webhook_id}/{webhook_token}';
const message = '/channels/{channel_id}/messages/{message_id}';

/** The operations the emulator implements, as Discord's OpenAPI document defines them. */
export const emulatedOperations: readonly SpecOperation[] = [
  op('get_gateway', 'GET', '/gateway', false),
  op('get_bot_gateway', 'GET', '/gateway/bot', true),
  op('get_my_user', 'GET', '/users/@me', true),
  op('get_my_application', 'GET', '/applications/@me', true),

  op('list_application_commands', 'GET', commands, true),
  op('bulk_set_application_commands', 'PUT', commands, true, 'ApplicationCommandList'),
  op('create_application_command', 'POST', commands, true, 'ApplicationCommandCreate'),
  op('get_application_command', 'GET', `${commands}/{command_id}`, true),
  op('delete_application_command', 'DELETE', `${commands}/{command_id}`, true),
  op('list_guild_application_commands', 'GET', guildCommands, true),
  op('bulk_set_guild_application_commands', 'PUT', guildCommands, true, 'ApplicationCommandList'),
  op('create_guild_application_command', 'POST', guildCommands, true, 'ApplicationCommandCreate'),
  op('get_guild_application_command', 'GET', `${guildCommands}/{command_id}`, true),
  op('delete_guild_application_command', 'DELETE', `${guildCommands}/{command_id}`, true),

  op(
    'create_interaction_response',
    'POST',
    '/interactions/{interaction_id}/{interaction_token}/callback',
    false,
    'InteractionCallback',
  ),
  op('execute_webhook', 'POST', webhook, false, 'ExecuteWebhook'),
  op('get_original_webhook_message', 'GET', `${webhook}/messages/@original`, false),
  op(
    'update_original_webhook_message',
    'PATCH',
    `${webhook}/messages/@original`,
    false,
    'WebhookMessageEdit',
  ),
  op('delete_original_webhook_message', 'DELETE', `${webhook}/messages/@original`, false),
  op('get_webhook_message', 'GET', `${webhook}/messages/{message_id}`, false),
  op('update_webhook_message', 'PATCH', `${webhook}/messages/{message_id}`, false, 'WebhookMessageEdit'),
  op('delete_webhook_message', 'DELETE', `${webhook}/messages/{message_id}`, false),

  op('create_message', 'POST', '/channels/{channel_id}/messages', true, 'MessageCreate'),
  op('get_message', 'GET', message, true),
  op('update_message', 'PATCH', message, true, 'MessageEdit'),
  op('delete_message', 'DELETE', message, true),
  op('list_pins', 'GET', '/channels/{channel_id}/messages/pins', true),
  op('create_pin', 'PUT', '/channels/{channel_id}/messages/pins/{message_id}', true),
  op('delete_pin', 'DELETE', '/channels/{channel_id}/messages/pins/{message_id}', true),
  op('deprecated_list_pins', 'GET', '/channels/{channel_id}/pins', true),
  op('deprecated_create_pin', 'PUT', '/channels/{channel_id}/pins/{message_id}', true),
  op('deprecated_delete_pin', 'DELETE', '/channels/{channel_id}/pins/{message_id}', true),
];

/** A request path resolved to one of Discord's routes, with the route's parameters filled in. */
export interface MatchedRoute {
  /** Discord's route, e.g. `/channels/{channel_id}/messages/{message_id}`. */
  template: string;
  params: Record<string, string>;
  /** The emulated operation on that route and method, or null when the emulator does not implement it. */
  operation: SpecOperation | null;
}

interface CompiledRoute {
  template: string;
  segments: string[];
  /** Literal segments count more than parameters, so `/messages/pins` beats `/messages/{message_id}`. */
  literalCount: number;
}

const httpMethods = ['get', 'put', 'post', 'patch', 'delete'] as const;

/** Finds Discord's route for a method and path (the part after `/api/v10`). */
export class OperationIndex {
  private readonly routes = new Map<string, CompiledRoute[]>();
  private readonly operations = new Map<string, SpecOperation>();

  constructor(routes: RouteList = pathsList, operations: readonly SpecOperation[] = emulatedOperations) {
    for (const method of httpMethods) {
      const compiled = routes[method].map((template) => {
        const segments = template.split('/').filter(Boolean);
        return { template, segments, literalCount: segments.filter((s) => !s.startsWith('{')).length };
      });
      compiled.sort((a, b) => b.literalCount - a.literalCount);
      this.routes.set(method.toUpperCase(), compiled);
    }
    for (const operation of operations) {
      const known = this.routes.get(operation.method)?.some((route) => route.template === operation.template);
      if (!known) {
        throw new Error(
          `${operation.operationId}: Discord has no route ${operation.method} ${operation.template}`,
        );
      }
      this.operations.set(`${operation.method} ${operation.template}`, operation);
    }
  }

  /** The emulated operation on a route, if any. */
  operation(method: string, template: string): SpecOperation | null {
    return this.operations.get(`${method.toUpperCase()} ${template}`) ?? null;
  }

  match(method: string, requestPath: string): MatchedRoute | null {
    const parts = requestPath
      .split('/')
      .filter(Boolean)
      .map((part) => {
        try {
          return decodeURIComponent(part);
        } catch {
          return part;
        }
      });
    const upper = method.toUpperCase();
    for (const route of this.routes.get(upper) ?? []) {
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      route.segments.forEach((segment, i) => {
        const part = parts[i] ?? '';
        if (segment.startsWith('{')) params[segment.slice(1, -1)] = part;
        else if (segment !== part) ok = false;
      });
      if (ok) return { template: route.template, params, operation: this.operation(upper, route.template) };
    }
    return null;
  }
}
