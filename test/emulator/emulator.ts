/**
 * The emulator: one local HTTP server that serves Discord's REST API (v10) and gateway to a real
 * discord.js client, validates what the bot sends the way Discord does, records it for assertions,
 * and lets tests drive interactions and faults.
 */
import {
  type APIApplicationCommand,
  type APIInteraction,
  type APIMessage,
  type APIUser,
  GatewayDispatchEvents,
  GatewayIntentBits,
} from 'discord.js';
import type { FieldProblem } from './discord-errors.js';
import { type EndpointReply, InteractionSigner, postSigned } from './endpoint.js';
import { type CallMatcher, type FaultHandle, FaultPlan, type RestFault } from './faults.js';
import {
  type DisconnectHow,
  Gateway,
  type GatewayFrame,
  type GatewaySessionInfo,
  gatewayPaths,
} from './gateway.js';
import { ObservedList } from './observed-list.js';
import { InteractionPayloads, userObject } from './payloads.js';
import { EmulatorServer, type RecordedCall } from './server.js';
import { guildIdOnShard } from './snowflakes.js';
import { OperationIndex } from './spec.js';
import { SpecValidator } from './validate.js';
import {
  defaultBotPermissions,
  defaultMemberPermissions,
  type EmulatorClock,
  type GuildSeed,
  type InteractionState,
  type StoredMessage,
  World,
} from './world.js';

/** Start-up options; every one has a default. */
export interface EmulatorOptions {
  /** The bot token the client must use (REST `Authorization: Bot <token>` and gateway IDENTIFY). */
  token?: string;
  /** The application id, also the bot user's id unless `botUser.id` says otherwise. */
  applicationId?: string;
  /** `application.flags` in READY and `/applications/@me`. Default 0. */
  applicationFlags?: number;
  /** Fields of the bot user (default username `Receipts`). */
  botUser?: Partial<APIUser>;
  /** Guilds the bot is in: ids or seeds. Default: one guild on shard 0 with one text channel. */
  guilds?: (string | GuildSeed)[];
  /** `shards` reported by `GET /gateway/bot`. Default 1. */
  shardCount?: number;
  /**
   * `session_start_limit.max_concurrency`. Default 1, as for most bots; note that discord.js then
   * waits about 5 s between IDENTIFYs of shards of one client (and before re-identifying within 5 s).
   */
  maxConcurrency?: number;
  /** HELLO's `heartbeat_interval`. Default 1000 ms (Discord: about 41 s). */
  heartbeatIntervalMs?: number;
  /** Permissions of the bot's role in every guild. Default: view, send, embed, attach, history, reactions, pin. */
  botPermissions?: bigint | string;
  /** `member.permissions` of users triggering interactions in guilds, unless a context overrides it. */
  memberPermissions?: bigint | string;
  /** Time the bot has for the first interaction response (default 3000 ms, as on Discord). */
  responseDeadlineMs?: number;
  /**
   * The clock `responseDeadlineMs` and `interactionTokenTtlMs` are measured on; default the
   * system's. A test that owns the clock decides when an answer is late, whatever the machine's speed.
   */
  clock?: EmulatorClock;
  /** Lifetime of an interaction token for follow-ups and edits (default 15 minutes). */
  interactionTokenTtlMs?: number;
  /**
   * Status for a missing or wrong bot token on bot-authenticated routes. Default 403, because a 401
   * makes @discordjs/rest drop its token for good; set 401 to test exactly that.
   */
  wrongTokenStatus?: 401 | 403;
}

/** A guild of the emulator, as tests need it. */
export interface EmulatedGuild {
  id: string;
  name: string;
  /** Text channel ids; the first is where interactions happen by default. */
  textChannelIds: string[];
}

/** Built once per process and shared by every emulator: Discord's routes and schemas do not change. */
let specTools: { operations: OperationIndex; validator: SpecValidator } | null = null;

/** Default ids, fixed so that test output is stable, and how long waits last. */
export const defaults = {
  token: 'emulator-bot-token',
  applicationId: '1300000000000000001',
  guildOwnerId: '1300000000000000099',
  /**
   * How long `waitFor…` waits before it rejects: long, since it only stops a test that would
   * never finish, and a busy machine may take its time.
   */
  waitMs: 120_000,
} as const;

export class Emulator {
  /** Base URL for discord.js's `rest.api` option: `http://127.0.0.1:PORT/api`. */
  readonly apiBase: string;
  /** The gateway URL `GET /gateway/bot` reports. */
  readonly gatewayUrl: string;
  readonly port: number;
  readonly token: string;
  readonly applicationId: string;
  /** Builders for INTERACTION_CREATE payloads placed in this emulator's guilds and channels. */
  readonly payloads: InteractionPayloads;

  private readonly callLog: ObservedList<RecordedCall>;
  private readonly signer = new InteractionSigner();

  /** @internal Use {@link startEmulator}. */
  constructor(
    private readonly world: World,
    private readonly server: EmulatorServer,
    private readonly gateway: Gateway,
    private readonly faults: FaultPlan,
    private readonly validator: SpecValidator,
    callLog: ObservedList<RecordedCall>,
    port: number,
    token: string,
    memberPermissions: bigint,
  ) {
    this.port = port;
    this.apiBase = `http://127.0.0.1:${port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${port}${gatewayPaths.connect}`;
    this.token = token;
    this.applicationId = world.applicationId;
    this.callLog = callLog;
    this.payloads = new InteractionPayloads(world, memberPermissions);
  }

  // ---- what Discord received ----------------------------------------------------------------

  /** Every REST call so far, in the order answers were sent (`seq` gives arrival order). */
  get calls(): readonly RecordedCall[] {
    return this.callLog.all;
  }

  /** The first call (already made, or still to come) matching `predicate`. */
  waitForCall(
    predicate: (call: RecordedCall) => boolean,
    timeoutMs: number = defaults.waitMs,
  ): Promise<RecordedCall> {
    return this.callLog.waitFor(
      predicate,
      timeoutMs,
      () => `a REST call; calls so far:\n${this.describeCalls()}`,
    );
  }

  /**
   * The body of the first accepted callback (`POST /interactions/{id}/{token}/callback`, 2xx) for an
   * interaction, e.g. `{ type: 4, data: { content: 'hi' } }`. Follow-ups and edits: use {@link waitForCall}.
   */
  async waitForResponse(
    interactionId: string,
    timeoutMs: number = defaults.waitMs,
  ): Promise<{ type: number; data?: Record<string, unknown> }> {
    const call = await this.waitForCall(
      (c) =>
        c.operationId === 'create_interaction_response' &&
        c.params.interaction_id === interactionId &&
        c.status < 300,
      timeoutMs,
    );
    return call.body as { type: number; data?: Record<string, unknown> };
  }

  /** One line per call: method, path, status, and the errors of refused calls. */
  describeCalls(): string {
    return this.calls
      .map((c) => `  ${c.method} ${c.path} -> ${c.status}${c.errors ? ` ${JSON.stringify(c.errors)}` : ''}`)
      .join('\n');
  }

  // ---- driving the bot ------------------------------------------------------------------------

  /**
   * Sends INTERACTION_CREATE to the shard that owns the interaction's guild (shard 0 for DMs) and
   * returns its id. If that shard is disconnected the event waits in its session and is replayed on
   * RESUME, as Discord does. Throws if no shard has identified for the guild.
   */
  dispatchInteraction(interaction: APIInteraction): string {
    this.world.registerInteraction(interaction);
    this.gateway.dispatchTo(
      interaction.guild_id ?? null,
      GatewayDispatchEvents.InteractionCreate,
      interaction,
    );
    return interaction.id;
  }

  /**
   * The application's public key (64 hex characters) for HTTP interactions: give it to the app
   * (DISCORD_PUBLIC_KEY) so it accepts what {@link postInteraction} sends.
   */
  get publicKey(): string {
    return this.signer.publicKey;
  }

  /** The signature headers Discord would send with `body` (timestamp in seconds, default now). */
  signatureHeaders(
    body: string | Buffer,
    timestamp?: number,
  ): { 'x-signature-ed25519': string; 'x-signature-timestamp': string } {
    return this.signer.headers(body, timestamp);
  }

  /**
   * Delivers an interaction the way Discord does to an app's Interactions Endpoint URL: a signed
   * POST whose HTTP response is the interaction's callback. A 200 answer is then checked and
   * recorded exactly like `POST /interactions/{id}/{token}/callback` (with the header
   * `x-emulator-relay: interactions-endpoint`), so {@link waitForResponse}, edits of `@original`
   * and follow-ups work as for a gateway bot. Returns the endpoint's reply and that recorded call.
   */
  async postInteraction(
    url: string,
    interaction: APIInteraction,
  ): Promise<EndpointReply & { callback: RecordedCall | null }> {
    const state = this.world.registerInteraction(interaction);
    state.deliveredAt = this.world.clock.now();
    const reply = await postSigned(url, JSON.stringify(interaction), this.signer);
    if (reply.status !== 200) return { ...reply, callback: null };
    const path = `/interactions/${interaction.id}/${interaction.token}/callback`;
    await fetch(`${this.apiBase}/v10${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-emulator-relay': 'interactions-endpoint' },
      body: reply.text,
    });
    const callback =
      this.calls.findLast(
        (call) =>
          call.operationId === 'create_interaction_response' &&
          call.params.interaction_id === interaction.id &&
          call.headers['x-emulator-relay'] === 'interactions-endpoint',
      ) ?? null;
    return { ...reply, callback };
  }

  /** Stores a message written by someone else (e.g. from `payloads.userMessage`), so the bot can fetch or pin it. */
  seedMessage(message: APIMessage): APIMessage {
    this.world.messages.set(message.id, {
      message,
      ephemeral: false,
      pinnedAt: null,
      interactionToken: null,
    });
    return message;
  }

  /** Changes the bot role's permissions in a guild (default: every guild) and tells connected shards (GUILD_ROLE_UPDATE). */
  setBotPermissions(permissions: bigint | string, guildId?: string): void {
    for (const guild of this.world.guilds.values()) {
      if (guildId !== undefined && guild.id !== guildId) continue;
      guild.botRole.permissions = BigInt(permissions).toString();
      this.gateway.notify(
        guild.id,
        GatewayDispatchEvents.GuildRoleUpdate,
        { guild_id: guild.id, role: guild.botRole },
        GatewayIntentBits.Guilds,
      );
    }
  }

  /**
   * The bot is removed from a guild (kicked, or the guild deleted): the guild and its channels
   * are gone for the bot, and the shard that owned it gets GUILD_DELETE without `unavailable`.
   */
  removeGuild(guildId: string): void {
    const guild = this.world.guilds.get(guildId);
    if (!guild) throw new Error(`The emulator has no guild ${guildId}`);
    this.gateway.notify(
      guildId,
      GatewayDispatchEvents.GuildDelete,
      { id: guildId },
      GatewayIntentBits.Guilds,
    );
    for (const channelId of guild.channelIds) {
      const channel = this.world.channels.get(channelId);
      if (channel) channel.access = 'none';
    }
    this.world.guilds.delete(guildId);
  }

  /**
   * Ages interaction tokens past their 15 minutes (every token, or one interaction's): follow-ups
   * and edits through them then get 401 / 50027, as on Discord.
   */
  expireInteractionTokens(interactionId?: string): void {
    for (const interaction of this.world.interactions.values()) {
      if (interactionId === undefined || interaction.id === interactionId) interaction.createdAt = 0;
    }
  }

  // ---- the emulated world ---------------------------------------------------------------------

  get guilds(): EmulatedGuild[] {
    return [...this.world.guilds.values()].map((g) => ({
      id: g.id,
      name: g.name,
      textChannelIds: [...g.channelIds],
    }));
  }

  /** The bot user (READY's `user`). */
  get botUser(): APIUser {
    return this.world.botUser;
  }

  /** A stored message by id (including ephemeral ones), or undefined. */
  message(messageId: string): APIMessage | undefined {
    return this.world.messages.get(messageId)?.message;
  }

  /** Messages of a channel that channel routes can see (not ephemeral), oldest first. */
  channelMessages(channelId: string): APIMessage[] {
    return this.world.channelMessages(channelId).map((m) => m.message);
  }

  /** Pinned messages of a channel, oldest pin first. */
  pinnedMessages(channelId: string): APIMessage[] {
    return (this.world.pins.get(channelId) ?? [])
      .map((id) => this.world.messages.get(id))
      .filter((m): m is StoredMessage => m !== undefined)
      .map((m) => m.message);
  }

  /** Registered commands: global, or of one guild. */
  commands(guildId?: string): APIApplicationCommand[] {
    return this.world.commands.get(guildId ?? 'global') ?? [];
  }

  /** What the emulator knows about a dispatched interaction (callback, original message, follow-ups). */
  interaction(interactionId: string): Readonly<InteractionState> | undefined {
    return this.world.interactions.get(interactionId);
  }

  /** The message an interaction's response created or updated (`@original`), once there is one. */
  originalMessage(interactionId: string): APIMessage | undefined {
    const id = this.world.interactions.get(interactionId)?.originalMessageId;
    return id ? this.world.messages.get(id)?.message : undefined;
  }

  /** Validates a value against one of Discord's component schemas (e.g. `MessageResponse`). */
  validateSchema(schemaName: string, value: unknown): FieldProblem[] {
    return this.validator.validateSchema(schemaName, value);
  }

  // ---- gateway ----------------------------------------------------------------------------------

  /** Sessions in identify order. */
  get sessions(): GatewaySessionInfo[] {
    return this.gateway.sessionInfos();
  }

  /** Every gateway frame sent or received. */
  get gatewayFrames(): readonly GatewayFrame[] {
    return this.gateway.frames.all;
  }

  waitForGatewayFrame(
    predicate: (frame: GatewayFrame) => boolean,
    timeoutMs: number = defaults.waitMs,
  ): Promise<GatewayFrame> {
    return this.gateway.frames.waitFor(predicate, timeoutMs, () => 'a gateway frame');
  }

  /**
   * Resolves when the shard is ready (READY or RESUMED sent). Immediately if it is connected, unless
   * `next` asks for the next time it becomes ready.
   */
  waitForShardReady(
    shardId = 0,
    timeoutMs: number = defaults.waitMs,
    options: { next?: boolean } = {},
  ): Promise<{ shardId: number; sessionId: string; resumed: boolean }> {
    return this.gateway.waitForShardReady(shardId, timeoutMs, options);
  }

  /** Drops the shard's connection: close code 4000 by default, or `{ terminate: true }` for no close frame. */
  disconnectShard(shardId = 0, how: DisconnectHow = {}): void {
    this.gateway.disconnect(shardId, how);
  }

  /** Sends op 7 RECONNECT to the shard. */
  requestReconnect(shardId = 0): void {
    this.gateway.requestReconnect(shardId);
  }

  /** Sends op 9 INVALID_SESSION; `resumable: false` ends the session. */
  invalidateSession(shardId = 0, resumable = false): void {
    this.gateway.invalidateSession(shardId, resumable);
  }

  /** Stops acknowledging heartbeats on the shard's current connection. */
  stopHeartbeatAcks(shardId = 0): void {
    this.gateway.stopHeartbeatAcks(shardId);
  }

  // ---- REST faults -------------------------------------------------------------------------------

  /** Answers the next `times` matching calls with `fault` instead of handling them. */
  failNext(matcher: CallMatcher, fault: RestFault, times = 1): FaultHandle {
    return this.faults.failNext(matcher, fault, times);
  }

  /** Holds matching calls for `ms` before handling them (every matching call unless `times` is given). */
  delayRoute(matcher: CallMatcher, ms: number, times = Number.POSITIVE_INFINITY): FaultHandle {
    return this.faults.delay(matcher, ms, times);
  }

  /** Closes every connection and the server; pending waits reject. */
  async close(): Promise<void> {
    this.callLog.rejectWaiters('The emulator was closed');
    await this.gateway.close();
    await this.server.close();
  }
}

/** Starts an emulator on 127.0.0.1 with an ephemeral port. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const token = options.token ?? defaults.token;
  const applicationId = options.applicationId ?? defaults.applicationId;
  const shardCount = options.shardCount ?? 1;
  const botUser = userObject({
    username: 'Receipts',
    discriminator: '0000',
    bot: true,
    ...options.botUser,
    id: options.botUser?.id ?? applicationId,
  });
  const guilds = (options.guilds ?? [guildIdOnShard(0, shardCount)]).map((g) =>
    typeof g === 'string' ? { id: g } : g,
  );
  const world = new World({
    clock: options.clock ?? Date,
    applicationId,
    applicationFlags: options.applicationFlags ?? 0,
    botUser,
    guilds,
    botPermissions: BigInt(options.botPermissions ?? defaultBotPermissions),
  });
  specTools ??= { operations: new OperationIndex(), validator: new SpecValidator() };
  const { operations, validator } = specTools;
  const faults = new FaultPlan();
  const calls = new ObservedList<RecordedCall>();
  let baseWs = '';
  const gateway = new Gateway(world, {
    token,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 1000,
    baseUrl: () => baseWs,
    guildOwnerId: defaults.guildOwnerId,
    onDelivered: (t, d) => {
      if (t !== GatewayDispatchEvents.InteractionCreate) return;
      const state = world.interactions.get((d as { id: string }).id);
      if (state && state.deliveredAt === null) state.deliveredAt = world.clock.now();
    },
  });
  const server = new EmulatorServer({
    token,
    wrongTokenStatus: options.wrongTokenStatus ?? 403,
    operations,
    validator,
    faults,
    calls,
    onUpgrade: (request, socket, head) => gateway.handleUpgrade(request, socket, head),
    env: {
      world,
      gatewayUrl: () => `${baseWs}${gatewayPaths.connect}`,
      shardCount,
      maxConcurrency: options.maxConcurrency ?? 1,
      identifyCount: () => gateway.sessionInfos().length,
      onPinsChanged: (channelId) => {
        const channel = world.channels.get(channelId);
        const last = world.pins.get(channelId)?.at(-1);
        const pinnedAt = last ? (world.messages.get(last)?.pinnedAt ?? null) : null;
        const guildId = channel?.guildId ?? null;
        gateway.notify(
          guildId,
          GatewayDispatchEvents.ChannelPinsUpdate,
          { ...(guildId ? { guild_id: guildId } : {}), channel_id: channelId, last_pin_timestamp: pinnedAt },
          guildId ? GatewayIntentBits.Guilds : GatewayIntentBits.DirectMessages,
        );
      },
      responseDeadlineMs: options.responseDeadlineMs ?? 3000,
      interactionTokenTtlMs: options.interactionTokenTtlMs ?? 15 * 60_000,
    },
  });
  const port = await server.listen();
  baseWs = `ws://127.0.0.1:${port}`;
  return new Emulator(
    world,
    server,
    gateway,
    faults,
    validator,
    calls,
    port,
    token,
    BigInt(options.memberPermissions ?? defaultMemberPermissions),
  );
}
