/**
 * The WebSocket gateway (v10, JSON, no compression): HELLO, heartbeats, IDENTIFY with shards, READY
 * and GUILD_CREATE, RESUME with replay of missed dispatches, and the faults tests script (abnormal
 * closes, RECONNECT, INVALID_SESSION, unacknowledged heartbeats).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GatewayCloseCodes, GatewayDispatchEvents, GatewayOpcodes } from 'discord.js';
import { type WebSocket, WebSocketServer } from 'ws';
import { ObservedList } from './observed-list.js';
import { guildCreateData } from './payloads.js';
import { shardForGuild } from './snowflakes.js';
import type { World } from './world.js';

/** One gateway frame, in either direction, as recorded for assertions. */
export interface GatewayFrame {
  at: number;
  direction: 'sent' | 'received';
  connectionId: number;
  sessionId: string | null;
  shardId: number | null;
  op: number;
  t: string | null;
  s: number | null;
  d: unknown;
}

/** A gateway session as tests see it. */
export interface GatewaySessionInfo {
  sessionId: string;
  shardId: number;
  shardCount: number;
  intents: number;
  /** True while a connection is attached and READY or RESUMED has been sent on it. */
  connected: boolean;
  /** False once the session can no longer be resumed. */
  resumable: boolean;
  /** The last sequence number used. */
  seq: number;
  resumes: number;
}

/** How to drop a shard's connection: a close frame with `code`, or `terminate` (no close frame, the client sees 1006). */
export type DisconnectHow = { code?: number; reason?: string } | { terminate: true };

interface StoredDispatch {
  s: number;
  t: string;
  d: unknown;
}

class Session {
  seq = 0;
  readonly events: StoredDispatch[] = [];
  connection: Connection | null = null;
  resumable = true;
  resumes = 0;
  readonly identifiedAt = Date.now();
  constructor(
    readonly id: string,
    readonly shardId: number,
    readonly shardCount: number,
    readonly intents: number,
  ) {}
}

class Connection {
  session: Session | null = null;
  /** READY or RESUMED has been sent on this connection: dispatches may flow. */
  live = false;
  acknowledgeHeartbeats = true;
  closed = false;
  constructor(
    readonly id: number,
    readonly socket: WebSocket,
  ) {}
}

export interface GatewayOptions {
  token: string;
  heartbeatIntervalMs: number;
  /** `ws://host:port` of the server, for the resume URL sent in READY. */
  baseUrl: () => string;
  /** The owner id written into GUILD_CREATE. */
  guildOwnerId: string;
  /** Called when a dispatch actually goes out on a socket (e.g. to start an interaction's 3 s clock). */
  onDelivered: (t: string, d: unknown) => void;
}

/** Paths the gateway answers on: the URL from `/gateway/bot`, and the `resume_gateway_url` from READY. */
export const gatewayPaths = { connect: '/gateway', resume: '/gateway-resume' } as const;

export class Gateway {
  readonly frames = new ObservedList<GatewayFrame>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private readonly connections = new Set<Connection>();
  private nextConnectionId = 1;
  private readonly readyWaiters = new ObservedList<{
    shardId: number;
    sessionId: string;
    resumed: boolean;
  }>();

  constructor(
    private readonly world: World,
    private readonly options: GatewayOptions,
  ) {}

  /** Hands an HTTP upgrade request on a gateway path to the WebSocket server. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://localhost');
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, url));
  }

  private accept(socket: WebSocket, url: URL): void {
    const connection = new Connection(this.nextConnectionId++, socket);
    this.connections.add(connection);
    socket.on('message', (raw, isBinary) => this.receive(connection, raw.toString(), isBinary));
    socket.on('close', (code) => this.detach(connection, code));
    socket.on('error', () => this.detach(connection, 1006));
    if (url.searchParams.get('v') !== '10') {
      this.closeConnection(connection, GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version');
      return;
    }
    if ((url.searchParams.get('encoding') ?? 'json') !== 'json' || url.searchParams.has('compress')) {
      this.closeConnection(
        connection,
        GatewayCloseCodes.DecodeError,
        'Only JSON without compression is emulated',
      );
      return;
    }
    this.send(connection, {
      op: GatewayOpcodes.Hello,
      d: { heartbeat_interval: this.options.heartbeatIntervalMs },
    });
  }

  private receive(connection: Connection, text: string, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      payload = JSON.parse(text) as typeof payload;
      if (isBinary || typeof payload !== 'object' || payload === null) throw new Error('not a JSON object');
    } catch {
      this.closeConnection(connection, GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    const op = typeof payload.op === 'number' ? payload.op : -1;
    this.record(connection, 'received', { op, d: payload.d ?? null, t: null, s: null });
    switch (op) {
      case GatewayOpcodes.Heartbeat:
        if (connection.acknowledgeHeartbeats) this.send(connection, { op: GatewayOpcodes.HeartbeatAck });
        return;
      case GatewayOpcodes.Identify:
        this.identify(connection, payload.d as Record<string, unknown>);
        return;
      case GatewayOpcodes.Resume:
        this.resume(connection, payload.d as Record<string, unknown>);
        return;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestGuildMembers:
      case GatewayOpcodes.RequestSoundboardSounds:
        if (!connection.session)
          this.closeConnection(connection, GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
        return;
      default:
        this.closeConnection(connection, GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
  }

  private identify(connection: Connection, d: Record<string, unknown> | null): void {
    if (connection.session) {
      this.closeConnection(connection, GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    if (!d || d.token !== this.options.token) {
      this.closeConnection(connection, GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    const [shardId, shardCount] = Array.isArray(d.shard) ? (d.shard as number[]) : [0, 1];
    if (
      typeof shardId !== 'number' ||
      typeof shardCount !== 'number' ||
      shardCount < 1 ||
      shardId < 0 ||
      shardId >= shardCount
    ) {
      this.closeConnection(connection, GatewayCloseCodes.InvalidShard, 'Invalid shard.');
      return;
    }
    if (typeof d.intents !== 'number') {
      this.closeConnection(connection, GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).');
      return;
    }
    const session = new Session(randomBytes(16).toString('hex'), shardId, shardCount, d.intents);
    this.sessions.set(session.id, session);
    connection.session = session;
    session.connection = connection;
    const guilds = [...this.world.guilds.values()].filter((g) => shardForGuild(g.id, shardCount) === shardId);
    connection.live = true;
    this.dispatch(
      session,
      GatewayDispatchEvents.Ready,
      {
        v: 10,
        user: { ...this.world.botUser, verified: true, mfa_enabled: false, email: null },
        guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
        session_id: session.id,
        session_type: 'normal',
        resume_gateway_url: `${this.options.baseUrl()}${gatewayPaths.resume}`,
        shard: [shardId, shardCount],
        application: { id: this.world.applicationId, flags: this.world.applicationFlags },
        private_channels: [],
        relationships: [],
        presences: [],
        guild_join_requests: [],
        geo_ordered_rtc_regions: ['local'],
        user_settings: {},
        _trace: ['["discord-emulator",{"micros":0}]'],
      },
      false,
    );
    this.readyWaiters.push({ shardId, sessionId: session.id, resumed: false });
    // GUILD_CREATE needs the GUILDS intent; without it discord.js waits for guilds that never come, as with Discord.
    if (session.intents & 1) {
      for (const guild of guilds) {
        this.dispatch(
          session,
          GatewayDispatchEvents.GuildCreate,
          guildCreateData(this.world, guild, this.options.guildOwnerId),
        );
      }
    }
  }

  private resume(connection: Connection, d: Record<string, unknown> | null): void {
    if (!d || d.token !== this.options.token) {
      this.closeConnection(connection, GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    const session = typeof d.session_id === 'string' ? this.sessions.get(d.session_id) : undefined;
    const seq = typeof d.seq === 'number' ? d.seq : 0;
    if (!session?.resumable || seq > session.seq) {
      this.send(connection, { op: GatewayOpcodes.InvalidSession, d: false });
      return;
    }
    const previous = session.connection;
    if (previous && previous !== connection) {
      previous.session = null;
      this.closeConnection(previous, GatewayCloseCodes.SessionTimedOut, 'Session resumed elsewhere.');
    }
    connection.session = session;
    session.connection = connection;
    session.resumes++;
    for (const event of session.events) {
      if (event.s > seq) this.sendDispatch(connection, event);
    }
    connection.live = true;
    this.dispatch(
      session,
      GatewayDispatchEvents.Resumed,
      { _trace: ['["discord-emulator",{"micros":0}]'] },
      false,
    );
    this.readyWaiters.push({ shardId: session.shardId, sessionId: session.id, resumed: true });
  }

  /**
   * Sends a dispatch in a session. Replayable dispatches are kept for RESUME and, while the session
   * has no live connection, wait there (as Discord queues them for a resuming client).
   */
  private dispatch(session: Session, t: string, d: unknown, replayable = true): void {
    const event: StoredDispatch = { s: ++session.seq, t, d };
    if (replayable) session.events.push(event);
    const connection = session.connection;
    if (connection?.live && !connection.closed) this.sendDispatch(connection, event);
  }

  private sendDispatch(connection: Connection, event: StoredDispatch): void {
    this.send(connection, { op: GatewayOpcodes.Dispatch, t: event.t, s: event.s, d: event.d });
    this.options.onDelivered(event.t, event.d);
  }

  private send(connection: Connection, payload: { op: number; d?: unknown; t?: string; s?: number }): void {
    if (connection.closed) return;
    const frame = { op: payload.op, d: payload.d ?? null, s: payload.s ?? null, t: payload.t ?? null };
    this.record(connection, 'sent', frame);
    connection.socket.send(JSON.stringify(frame));
  }

  private record(
    connection: Connection,
    direction: GatewayFrame['direction'],
    frame: { op: number; d: unknown; t: string | null; s: number | null },
  ): void {
    this.frames.push({
      at: Date.now(),
      direction,
      connectionId: connection.id,
      sessionId: connection.session?.id ?? null,
      shardId: connection.session?.shardId ?? null,
      ...frame,
    });
  }

  private closeConnection(connection: Connection, code: number, reason: string): void {
    this.detach(connection, code);
    connection.socket.close(code, reason);
  }

  /** Forgets a connection. A normal close (1000/1001) by the client ends its session, as on Discord. */
  private detach(connection: Connection, code: number): void {
    if (connection.closed) return;
    connection.closed = true;
    connection.live = false;
    this.connections.delete(connection);
    const session = connection.session;
    if (session && session.connection === connection) {
      session.connection = null;
      if (code === 1000 || code === 1001) session.resumable = false;
    }
  }

  /** The session a shard's events go to: the newest resumable one for that shard id. */
  private sessionForShard(shardId: number): Session | undefined {
    return [...this.sessions.values()]
      .filter((s) => s.resumable && s.shardId === shardId)
      .sort((a, b) => b.identifiedAt - a.identifiedAt)[0];
  }

  /** The session that owns a guild (by each session's own shard count), or shard 0's for DMs. */
  sessionFor(guildId: string | null): Session | undefined {
    if (guildId === null) return this.sessionForShard(0);
    return [...this.sessions.values()]
      .filter((s) => s.resumable && shardForGuild(guildId, s.shardCount) === s.shardId)
      .sort((a, b) => b.identifiedAt - a.identifiedAt)[0];
  }

  /** Sends a dispatch to the session owning `guildId` (shard 0 for null). Throws if no shard has identified for it. */
  dispatchTo(
    guildId: string | null,
    t: string,
    d: unknown,
  ): { shardId: number; sessionId: string; queued: boolean } {
    const session = this.sessionFor(guildId);
    if (!session) {
      throw new Error(
        `No gateway session owns ${guildId === null ? 'DMs (shard 0)' : `guild ${guildId}`}; has the client logged in?`,
      );
    }
    const queued = !session.connection?.live;
    this.dispatch(session, t, d);
    return { shardId: session.shardId, sessionId: session.id, queued };
  }

  /**
   * Sends a state-change dispatch (e.g. GUILD_ROLE_UPDATE) to the owning session if there is one and
   * it asked for `intent`; like Discord, nothing is sent to sessions without the intent.
   */
  notify(guildId: string | null, t: string, d: unknown, intent: number): void {
    const session = this.sessionFor(guildId);
    if (session && session.intents & intent) this.dispatch(session, t, d);
  }

  sessionInfos(): GatewaySessionInfo[] {
    return [...this.sessions.values()].map((s) => ({
      sessionId: s.id,
      shardId: s.shardId,
      shardCount: s.shardCount,
      intents: s.intents,
      connected: s.connection?.live === true,
      resumable: s.resumable,
      seq: s.seq,
      resumes: s.resumes,
    }));
  }

  /** Resolves when shard `shardId` next becomes ready (READY or RESUMED sent), or at once if it is connected now. */
  waitForShardReady(
    shardId: number,
    timeoutMs: number,
    options: { next?: boolean } = {},
  ): Promise<{ shardId: number; sessionId: string; resumed: boolean }> {
    const current = this.sessionForShard(shardId);
    if (!options.next && current?.connection?.live) {
      return Promise.resolve({ shardId, sessionId: current.id, resumed: current.resumes > 0 });
    }
    const from = this.readyWaiters.all.length;
    return this.readyWaiters.waitFor(
      (r) => r.shardId === shardId,
      timeoutMs,
      () => `shard ${shardId} to be ready`,
      from,
    );
  }

  private liveConnection(shardId: number): Connection {
    const connection = this.sessionForShard(shardId)?.connection;
    if (!connection || connection.closed) throw new Error(`Shard ${shardId} has no open connection`);
    return connection;
  }

  /** Drops shard `shardId`'s connection: close code 4000 by default (the client resumes). */
  disconnect(shardId: number, how: DisconnectHow = {}): void {
    const connection = this.liveConnection(shardId);
    if ('terminate' in how) {
      this.detach(connection, 1006);
      connection.socket.terminate();
    } else {
      this.closeConnection(
        connection,
        how.code ?? GatewayCloseCodes.UnknownError,
        how.reason ?? 'Unknown error.',
      );
    }
  }

  /** Sends op 7 RECONNECT: the client should reconnect to `resume_gateway_url` and RESUME. */
  requestReconnect(shardId: number): void {
    this.send(this.liveConnection(shardId), { op: GatewayOpcodes.Reconnect });
  }

  /** Sends op 9 INVALID_SESSION. When not resumable, the session is gone and the client must IDENTIFY anew. */
  invalidateSession(shardId: number, resumable: boolean): void {
    const connection = this.liveConnection(shardId);
    const session = connection.session;
    if (session && !resumable) session.resumable = false;
    connection.live = false;
    this.send(connection, { op: GatewayOpcodes.InvalidSession, d: resumable });
  }

  /** Stops acknowledging heartbeats on shard `shardId`'s current connection, so the client finds it a zombie. */
  stopHeartbeatAcks(shardId: number): void {
    this.liveConnection(shardId).acknowledgeHeartbeats = false;
  }

  async close(): Promise<void> {
    this.readyWaiters.rejectWaiters('The emulator was closed');
    this.frames.rejectWaiters('The emulator was closed');
    for (const connection of [...this.connections]) {
      this.detach(connection, 1001);
      connection.socket.terminate();
    }
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
