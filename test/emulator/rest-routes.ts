/**
 * The REST operations the emulator implements, keyed by the spec's operationId. Bodies arrive here
 * already validated (schema and documented limits); handlers apply Discord's semantic rules
 * (unknown ids, permissions, acknowledgement, pins) and keep the world up to date.
 */
import { createHash } from 'node:crypto';
import {
  type APIApplicationCommand,
  type APIMessage,
  ApplicationCommandType,
  InteractionType,
  MessageType,
  PermissionFlagsBits,
} from 'discord.js';
import {
  ErrorCode,
  emptyMessage,
  invalidFormBody,
  jsonError,
  missingAccess,
  missingPermissions,
  unknownChannel,
  unknownInteraction,
  unknownMessage,
  unknownWebhook,
} from './discord-errors.js';
import { Limits, MessageFlag } from './limits.js';
import { snowflake } from './snowflakes.js';
import {
  type InteractionState,
  isEmptyMessage,
  type StoredMessage,
  type UploadedFile,
  type World,
} from './world.js';

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A request as route handlers see it. */
export interface RouteRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  files: UploadedFile[];
}

/** A handler's answer; `body` undefined means no content. */
export interface RouteResult {
  status: number;
  body?: unknown;
}

/** What handlers need beyond the world. */
export interface RouteEnvironment {
  world: World;
  gatewayUrl: () => string;
  shardCount: number;
  maxConcurrency: number;
  /** Identifies so far, for `session_start_limit.remaining`. */
  identifyCount: () => number;
  responseDeadlineMs: number;
  interactionTokenTtlMs: number;
  /** Called after a pin or unpin, e.g. to emit gateway events. */
  onPinsChanged?: (channelId: string) => void;
}

export type RouteHandler = (request: RouteRequest, env: RouteEnvironment) => RouteResult;

const ok = (body: unknown): RouteResult => ({ status: 200, body });
const noContent: RouteResult = { status: 204 };

/** Callback types Discord accepts for each interaction type. */
const allowedCallbacks: Record<number, number[]> = {
  [InteractionType.Ping]: [1],
  [InteractionType.ApplicationCommand]: [4, 5, 9, 12],
  [InteractionType.MessageComponent]: [4, 5, 6, 7, 9, 12],
  [InteractionType.ApplicationCommandAutocomplete]: [8],
  [InteractionType.ModalSubmit]: [4, 5, 6, 7],
};

// ---- access and permissions ---------------------------------------------------------------

/** Throws the error Discord gives unless the bot can see the channel and holds `needed` there. */
function requireChannelAccess(env: RouteEnvironment, channelId: string, needed: bigint[]): void {
  const channel = env.world.channels.get(channelId);
  if (!channel) throw unknownChannel();
  if (channel.access === 'none') throw missingAccess();
  if (channel.access === 'dm' || channel.guildId === null) return;
  const permissions = env.world.botPermissionsIn(channel.guildId);
  if (!(permissions & PermissionFlagsBits.ViewChannel)) throw missingAccess();
  for (const permission of needed) if (!(permissions & permission)) throw missingPermissions();
}

function visibleMessage(env: RouteEnvironment, channelId: string, messageId: string): StoredMessage {
  const stored = env.world.messages.get(messageId);
  if (!stored || stored.ephemeral || stored.message.channel_id !== channelId) throw unknownMessage();
  return stored;
}

function requireApplication(env: RouteEnvironment, applicationId: string | undefined): void {
  if (applicationId !== env.world.applicationId) {
    throw jsonError(403, 20012, 'You are not authorized to perform this action on this application');
  }
}

function requireGuild(env: RouteEnvironment, guildId: string | undefined): void {
  if (!guildId || !env.world.guilds.has(guildId)) throw missingAccess();
}

// ---- interactions ---------------------------------------------------------------------------

function messageTypeFor(interaction: InteractionState): MessageType {
  if (interaction.type !== InteractionType.ApplicationCommand) return MessageType.Default;
  const commandType = (interaction.payload.data as Obj | undefined)?.type;
  return commandType === ApplicationCommandType.ChatInput
    ? MessageType.ChatInputCommand
    : MessageType.ContextMenuCommand;
}

/** The interaction behind a webhook route, or the error Discord answers with. */
function interactionForWebhook(env: RouteEnvironment, params: Record<string, string>): InteractionState {
  if (params.webhook_id !== env.world.applicationId) throw unknownWebhook();
  const interaction = env.world.interactionByToken(params.webhook_token ?? '');
  if (!interaction || interaction.callback === null || interaction.callback.type === 8)
    throw unknownWebhook();
  if (env.world.clock.now() - interaction.createdAt > env.interactionTokenTtlMs) {
    throw jsonError(401, ErrorCode.InvalidWebhookToken, 'Invalid Webhook Token');
  }
  return interaction;
}

/** A message reachable through an interaction's webhook: its original response or one of its follow-ups. */
function webhookMessage(
  env: RouteEnvironment,
  interaction: InteractionState,
  messageId: string,
): StoredMessage {
  const id = messageId === '@original' ? interaction.originalMessageId : messageId;
  const own = id !== null && (id === interaction.originalMessageId || interaction.followUpIds.includes(id));
  const stored = own ? env.world.messages.get(id) : undefined;
  if (!stored) throw unknownMessage();
  return stored;
}

function editForWebhook(request: RouteRequest, env: RouteEnvironment): RouteResult {
  const interaction = interactionForWebhook(env, request.params);
  const stored = webhookMessage(env, interaction, request.params.message_id ?? '@original');
  const body = isObj(request.body) ? request.body : {};
  const after = { ...stored.message, ...body };
  if (isEmptyMessage(after as Obj, request.files) && stored.message.attachments.length === 0)
    throw emptyMessage();
  env.world.editMessage(stored, body, request.files);
  return ok(stored.message);
}

function deleteForWebhook(request: RouteRequest, env: RouteEnvironment): RouteResult {
  const interaction = interactionForWebhook(env, request.params);
  const stored = webhookMessage(env, interaction, request.params.message_id ?? '@original');
  env.world.deleteMessage(stored.message.id);
  return noContent;
}

function interactionCallback(request: RouteRequest, env: RouteEnvironment): RouteResult {
  const interaction = env.world.interactions.get(request.params.interaction_id ?? '');
  if (!interaction || interaction.token !== request.params.interaction_token) throw unknownInteraction();
  const now = env.world.clock.now();
  if (interaction.deliveredAt === null || now - interaction.deliveredAt > env.responseDeadlineMs) {
    throw unknownInteraction();
  }
  if (interaction.callback !== null) {
    throw jsonError(
      400,
      ErrorCode.InteractionAlreadyAcknowledged,
      'Interaction has already been acknowledged.',
    );
  }
  const body = request.body as Obj;
  const type = body.type as number;
  const allowed = allowedCallbacks[interaction.type] ?? [];
  if (!allowed.includes(type)) {
    throw invalidFormBody([
      { path: ['type'], code: 'BASE_TYPE_CHOICES', message: `Value must be one of {${allowed.join(', ')}}.` },
    ]);
  }
  const data = isObj(body.data) ? body.data : {};
  const channelId = interaction.channelId ?? '';
  let message: APIMessage | null = null;
  switch (type) {
    case 4: {
      if (isEmptyMessage(data, request.files)) throw emptyMessage();
      const stored = env.world.createMessage({
        channelId,
        body: data,
        author: env.world.botUser,
        type: messageTypeFor(interaction),
        files: request.files,
        interaction,
      });
      interaction.originalMessageId = stored.message.id;
      message = stored.message;
      break;
    }
    case 5: {
      const stored = env.world.createMessage({
        channelId,
        body: { flags: typeof data.flags === 'number' ? data.flags : 0 },
        author: env.world.botUser,
        type: messageTypeFor(interaction),
        interaction,
        extraFlags: MessageFlag.Loading,
      });
      interaction.originalMessageId = stored.message.id;
      message = stored.message;
      break;
    }
    case 6:
    case 7: {
      const stored = interaction.componentMessageId
        ? env.world.messages.get(interaction.componentMessageId)
        : undefined;
      if (!stored) throw unknownMessage();
      if (type === 7) env.world.editMessage(stored, data, request.files);
      interaction.originalMessageId = stored.message.id;
      message = stored.message;
      break;
    }
    default:
      break;
  }
  interaction.callback = { type, body, at: now };
  if (request.query.get('with_response') !== 'true') return noContent;
  const ephemeral = message ? ((message.flags ?? 0) & MessageFlag.Ephemeral) !== 0 : undefined;
  return ok({
    interaction: {
      id: interaction.id,
      type: interaction.type,
      ...(message && type !== 6 ? { response_message_id: message.id } : {}),
      ...(message && type !== 6 ? { response_message_loading: type === 5 } : {}),
      ...(ephemeral !== undefined && type !== 6 ? { response_message_ephemeral: ephemeral } : {}),
      ...(interaction.channelId ? { channel_id: interaction.channelId } : {}),
      ...(interaction.guildId ? { guild_id: interaction.guildId } : {}),
    },
    ...(message && (type === 4 || type === 7) ? { resource: { type, message } } : {}),
  });
}

function executeWebhook(request: RouteRequest, env: RouteEnvironment): RouteResult {
  const interaction = interactionForWebhook(env, request.params);
  const body = isObj(request.body) ? request.body : {};
  if (isEmptyMessage(body, request.files)) throw emptyMessage();
  if (!('0' in interaction.authorizingOwners) && interaction.followUpIds.length >= 5) {
    throw jsonError(
      400,
      ErrorCode.MaxFollowUps,
      'This interaction has hit the maximum number of follow up messages',
    );
  }
  const stored = env.world.createMessage({
    channelId: interaction.channelId ?? '',
    body,
    author: env.world.botUser,
    type: MessageType.Default,
    files: request.files,
    interaction,
  });
  interaction.followUpIds.push(stored.message.id);
  return request.query.get('wait') === 'true' ? ok(stored.message) : noContent;
}

// ---- commands --------------------------------------------------------------------------------

function storedCommand(
  env: RouteEnvironment,
  scope: string,
  body: Obj,
  existing?: APIApplicationCommand,
): APIApplicationCommand {
  const type = typeof body.type === 'number' ? body.type : ApplicationCommandType.ChatInput;
  const copy: Obj = {};
  for (const [key, value] of Object.entries(body))
    if (value !== undefined && value !== null) copy[key] = value;
  const permissions = body.default_member_permissions;
  return {
    ...copy,
    id: existing?.id ?? snowflake(),
    application_id: env.world.applicationId,
    version: snowflake(),
    type,
    name: String(body.name),
    description: typeof body.description === 'string' ? body.description : '',
    default_member_permissions:
      permissions === null || permissions === undefined ? null : String(permissions),
    nsfw: body.nsfw === true,
    contexts: Array.isArray(body.contexts) ? body.contexts : null,
    integration_types: Array.isArray(body.integration_types) ? body.integration_types : [0],
    ...(scope === 'global' ? {} : { guild_id: scope }),
  } as APIApplicationCommand;
}

function checkCommandCounts(commands: APIApplicationCommand[]): void {
  const counts = new Map<number, number>();
  for (const command of commands) counts.set(command.type, (counts.get(command.type) ?? 0) + 1);
  const limits: [number, number][] = [
    [ApplicationCommandType.ChatInput, Limits.chatInputCommands],
    [ApplicationCommandType.User, Limits.userCommands],
    [ApplicationCommandType.Message, Limits.messageCommands],
  ];
  for (const [type, limit] of limits) {
    if ((counts.get(type) ?? 0) > limit) {
      throw jsonError(
        400,
        ErrorCode.MaxApplicationCommands,
        `Maximum number of application commands reached (${limit})`,
      );
    }
  }
}

function commandScope(request: RouteRequest, env: RouteEnvironment): string {
  requireApplication(env, request.params.application_id);
  if (request.params.guild_id === undefined) return 'global';
  requireGuild(env, request.params.guild_id);
  return request.params.guild_id;
}

function listCommands(request: RouteRequest, env: RouteEnvironment): RouteResult {
  return ok(env.world.commands.get(commandScope(request, env)) ?? []);
}

function bulkSetCommands(request: RouteRequest, env: RouteEnvironment): RouteResult {
  const scope = commandScope(request, env);
  const previous = env.world.commands.get(scope) ?? [];
  const bodies = Array.isArray(request.body) ? (request.body as Obj[]) : [];
  const next = bodies.map((body) => {
    const type = typeof body.type === 'number' ? body.type : ApplicationCommandType.ChatInput;
    return storedCommand(
      env,
      scope,
      body,
      previous.find((c) => c.name === body.name && c.type === type),
    );
  });
  checkCommandCounts(next);
  env.world.commands.set(scope, next);
  return ok(next);
}

function createCommand(request: RouteRequest, env: RouteEnvironment): RouteResult {
  const scope = commandScope(request, env);
  const body = request.body as Obj;
  const type = typeof body.type === 'number' ? body.type : ApplicationCommandType.ChatInput;
  const list = env.world.commands.get(scope) ?? [];
  const existing = list.find((c) => c.name === body.name && c.type === type);
  const command = storedCommand(env, scope, body, existing);
  const next = existing ? list.map((c) => (c === existing ? command : c)) : [...list, command];
  checkCommandCounts(next);
  env.world.commands.set(scope, next);
  return { status: existing ? 200 : 201, body: command };
}

function findCommand(request: RouteRequest, env: RouteEnvironment): [string, APIApplicationCommand] {
  const scope = commandScope(request, env);
  const command = env.world.commands.get(scope)?.find((c) => c.id === request.params.command_id);
  if (!command) throw jsonError(404, ErrorCode.UnknownApplicationCommand, 'Unknown application command');
  return [scope, command];
}

// ---- channels, messages, pins ------------------------------------------------------------------

function createChannelMessage(request: RouteRequest, env: RouteEnvironment): RouteResult {
  const channelId = request.params.channel_id ?? '';
  requireChannelAccess(env, channelId, [PermissionFlagsBits.SendMessages]);
  const body = isObj(request.body) ? request.body : {};
  if (isEmptyMessage(body, request.files)) throw emptyMessage();
  const reference = isObj(body.message_reference) ? body.message_reference : null;
  if (reference && typeof reference.message_id === 'string')
    visibleMessage(env, channelId, reference.message_id);
  const stored = env.world.createMessage({
    channelId,
    body,
    author: env.world.botUser,
    type: reference ? MessageType.Reply : MessageType.Default,
    files: request.files,
  });
  return ok(stored.message);
}

function getChannelMessage(request: RouteRequest, env: RouteEnvironment): RouteResult {
  const channelId = request.params.channel_id ?? '';
  requireChannelAccess(env, channelId, [PermissionFlagsBits.ReadMessageHistory]);
  return ok(visibleMessage(env, channelId, request.params.message_id ?? '').message);
}

function updateChannelMessage(request: RouteRequest, env: RouteEnvironment): RouteResult {
  const channelId = request.params.channel_id ?? '';
  requireChannelAccess(env, channelId, []);
  const stored = visibleMessage(env, channelId, request.params.message_id ?? '');
  if (stored.message.author.id !== env.world.botUser.id) {
    throw jsonError(403, 50005, 'Cannot edit a message authored by another user');
  }
  env.world.editMessage(stored, isObj(request.body) ? request.body : {}, request.files);
  return ok(stored.message);
}

function deleteChannelMessage(request: RouteRequest, env: RouteEnvironment): RouteResult {
  const channelId = request.params.channel_id ?? '';
  requireChannelAccess(env, channelId, []);
  const stored = visibleMessage(env, channelId, request.params.message_id ?? '');
  if (stored.message.author.id !== env.world.botUser.id)
    requireChannelAccess(env, channelId, [PermissionFlagsBits.ManageMessages]);
  env.world.deleteMessage(stored.message.id);
  return noContent;
}

function pin(request: RouteRequest, env: RouteEnvironment): RouteResult {
  const channelId = request.params.channel_id ?? '';
  requireChannelAccess(env, channelId, [PermissionFlagsBits.PinMessages]);
  const stored = visibleMessage(env, channelId, request.params.message_id ?? '');
  if (stored.pinnedAt !== null) return noContent;
  const pins = env.world.pins.get(channelId) ?? [];
  if (pins.length >= 250) throw jsonError(400, ErrorCode.MaxPins, 'Maximum number of pins reached (250)');
  stored.pinnedAt = new Date().toISOString();
  stored.message.pinned = true;
  env.world.pins.set(channelId, [...pins, stored.message.id]);
  env.onPinsChanged?.(channelId);
  return noContent;
}

function unpin(request: RouteRequest, env: RouteEnvironment): RouteResult {
  const channelId = request.params.channel_id ?? '';
  requireChannelAccess(env, channelId, [PermissionFlagsBits.PinMessages]);
  const stored = visibleMessage(env, channelId, request.params.message_id ?? '');
  if (stored.pinnedAt === null) return noContent;
  stored.pinnedAt = null;
  stored.message.pinned = false;
  env.world.pins.set(
    channelId,
    (env.world.pins.get(channelId) ?? []).filter((id) => id !== stored.message.id),
  );
  env.onPinsChanged?.(channelId);
  return noContent;
}

/** Pinned messages of a channel, newest pin first. */
function pinnedMessages(env: RouteEnvironment, channelId: string): StoredMessage[] {
  requireChannelAccess(env, channelId, [PermissionFlagsBits.ReadMessageHistory]);
  return (env.world.pins.get(channelId) ?? [])
    .map((id) => env.world.messages.get(id))
    .filter((m): m is StoredMessage => m !== undefined)
    .reverse();
}

function listPins(request: RouteRequest, env: RouteEnvironment): RouteResult {
  const limit = Math.min(50, Math.max(1, Number(request.query.get('limit') ?? 50) || 50));
  const before = request.query.get('before');
  const all = pinnedMessages(env, request.params.channel_id ?? '').filter(
    (m) => before === null || (m.pinnedAt ?? '') < new Date(before).toISOString(),
  );
  return ok({
    items: all.slice(0, limit).map((m) => ({ pinned_at: m.pinnedAt, message: m.message })),
    has_more: all.length > limit,
  });
}

// ---- the table -------------------------------------------------------------------------------

/** Handlers by operationId. Spec operations missing here answer 404 and are recorded as not emulated. */
export const routes: Record<string, RouteHandler> = {
  get_gateway: (_request, env) => ok({ url: env.gatewayUrl() }),
  get_bot_gateway: (_request, env) =>
    ok({
      url: env.gatewayUrl(),
      shards: env.shardCount,
      session_start_limit: {
        total: 1000,
        remaining: Math.max(1, 1000 - env.identifyCount()),
        reset_after: 14_400_000,
        max_concurrency: env.maxConcurrency,
      },
    }),
  get_my_user: (_request, env) =>
    ok({ ...env.world.botUser, verified: true, mfa_enabled: false, email: null, locale: 'en-US', bio: '' }),
  get_my_application: (_request, env) =>
    ok({
      id: env.world.applicationId,
      name: env.world.botUser.username,
      icon: null,
      description: '',
      summary: '',
      type: null,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: createHash('sha256').update(env.world.applicationId).digest('hex'),
      flags: env.world.applicationFlags,
      bot: env.world.botUser,
      owner: env.world.botUser,
      team: null,
      redirect_uris: [],
      interactions_endpoint_url: null,
      integration_types_config: { '0': {}, '1': {} },
      approximate_guild_count: env.world.guilds.size,
    }),

  list_application_commands: listCommands,
  list_guild_application_commands: listCommands,
  bulk_set_application_commands: bulkSetCommands,
  bulk_set_guild_application_commands: bulkSetCommands,
  create_application_command: createCommand,
  create_guild_application_command: createCommand,
  get_application_command: (request, env) => ok(findCommand(request, env)[1]),
  get_guild_application_command: (request, env) => ok(findCommand(request, env)[1]),
  delete_application_command: deleteCommand,
  delete_guild_application_command: deleteCommand,

  create_interaction_response: interactionCallback,
  execute_webhook: executeWebhook,
  get_original_webhook_message: (request, env) =>
    ok(webhookMessage(env, interactionForWebhook(env, request.params), '@original').message),
  update_original_webhook_message: editForWebhook,
  delete_original_webhook_message: deleteForWebhook,
  get_webhook_message: (request, env) =>
    ok(
      webhookMessage(env, interactionForWebhook(env, request.params), request.params.message_id ?? '')
        .message,
    ),
  update_webhook_message: editForWebhook,
  delete_webhook_message: deleteForWebhook,

  create_message: createChannelMessage,
  get_message: getChannelMessage,
  update_message: updateChannelMessage,
  delete_message: deleteChannelMessage,
  create_pin: pin,
  deprecated_create_pin: pin,
  delete_pin: unpin,
  deprecated_delete_pin: unpin,
  list_pins: listPins,
  deprecated_list_pins: (request, env) =>
    ok(pinnedMessages(env, request.params.channel_id ?? '').map((m) => m.message)),
};

function deleteCommand(request: RouteRequest, env: RouteEnvironment): RouteResult {
  const [scope, command] = findCommand(request, env);
  env.world.commands.set(
    scope,
    (env.world.commands.get(scope) ?? []).filter((c) => c !== command),
  );
  return noContent;
}
