/**
 * Gateway mode: the discord.js client with the Guilds intent only and caches trimmed to what
 * answering needs. Interactions are taken as raw gateway payloads and passed to the same
 * router the HTTP endpoint uses; answers go back through a REST client of their own.
 */

import type { Client } from 'discord.js';
import {
  type APIInteraction,
  type APIInteractionResponse,
  type APIInteractionResponseCallbackData,
  GatewayDispatchEvents,
  Routes,
} from 'discord-api-types/v10';
import type { Logger } from '../log.js';
import { restActions } from './actions.js';
import { Acknowledgements, type DeadlineClock, deferAfter, deliverInTime, Turns } from './deadline.js';
import { identifyInteraction, parseInteraction } from './interaction.js';
import { answerMalformed, deferralFor, describe, type RouterDeps, routeInteraction } from './router.js';

/** What the gateway client needs. */
export interface GatewayOptions {
  readonly token: string;
  /** REST base without the version, e.g. `https://discord.com/api`. */
  readonly apiBase: string;
  /**
   * Where lines go. In a managed process every line already names the process's shard (a base
   * field), so the gateway adds `shard` only when it runs unmanaged.
   */
  readonly log: Logger;
  /** The router's dependencies, less the Discord actions (the client's REST provides them). */
  readonly router: Omit<RouterDeps, 'actions'>;
  /**
   * True in a process spawned by discord.js's ShardingManager, which passes the shards to run
   * in the environment; otherwise this process is the only shard.
   */
  readonly managed?: boolean;
  /** Called when the bot is removed from a server (not when a server is only unavailable). */
  readonly onGuildRemoved?: (guildId: string) => void;
  /** The clock answers are deferred by; the process's timers unless a test passes its own. */
  readonly clock?: DeadlineClock;
}

/** How long stopping keeps the connection open for interactions that arrive meanwhile. */
export const STOP_DRAIN_MS = 10_000;

/** A running gateway client. */
export interface Gateway {
  readonly client: Client;
  /** Answers what is in flight (and what arrives meanwhile), then disconnects. */
  stop(): Promise<void>;
  /** Interactions being answered now. */
  inFlight(): number;
}

/** Connects to Discord and answers interactions until stopped. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { log } = options;
  // Loaded here, not with this module: only the gateway needs discord.js.
  const [{ REST }, { Client, Events, GatewayIntentBits, Options }] = await Promise.all([
    import('@discordjs/rest'),
    import('discord.js'),
  ]);
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: options.apiBase },
    allowedMentions: { parse: [] },
    // discord.js reads SHARDS and SHARD_COUNT from the environment when not told; outside a
    // sharding manager those are this app's own settings, so say so explicitly.
    ...(options.managed ? {} : { shards: [0], shardCount: 1 }),
    // Answers come from the pack, not from Discord's state: keep only what discord.js itself needs.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      ApplicationCommandManager: 0,
      AutoModerationRuleManager: 0,
      BaseGuildEmojiManager: 0,
      DMMessageManager: 0,
      GuildBanManager: 0,
      GuildEmojiManager: 0,
      GuildForumThreadManager: 0,
      GuildInviteManager: 0,
      // discord.js keeps every member who ever used a command unless told otherwise; keep only
      // the bot's own member.
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
      GuildMessageManager: 0,
      GuildScheduledEventManager: 0,
      GuildStickerManager: 0,
      GuildTextThreadManager: 0,
      MessageManager: 0,
      PresenceManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      StageInstanceManager: 0,
      ThreadManager: 0,
      ThreadMemberManager: 0,
      UserManager: 0,
      VoiceStateManager: 0,
    }),
  });
  // discord.js builds an Interaction object of its own from every INTERACTION_CREATE, which this
  // bot never uses (it answers from the raw payload). A payload those constructors cannot read
  // throws out of the socket's message handler and ends the process; and building them costs
  // time under load. Keep that step out of the way.
  const internal = client as unknown as {
    actions?: { InteractionCreate?: { handle: (data: unknown) => void } };
  };
  if (internal.actions?.InteractionCreate) internal.actions.InteractionCreate.handle = () => {};
  const deps: RouterDeps = { ...options.router, actions: restActions(client.rest) };
  const pending = new Set<Promise<unknown>>();
  const turns = new Turns();
  const acknowledgements = new Acknowledgements();
  const at = (shardId: number) => (options.managed ? {} : { shard: shardId });
  let stopping = false;

  // Discord does not bind the interaction endpoints (callbacks, and edits of a response) to the
  // application's global rate limit; @discordjs/rest applies its 50 a second to every call it
  // makes, so they get a client of their own without it. Per-route limits still apply. Its
  // handlers are kept per interaction token: swept once the tokens' 15 minutes are over.
  const interactionRest = new REST({
    api: options.apiBase,
    globalRequestsPerSecond: Number.POSITIVE_INFINITY,
    handlerSweepInterval: 15 * 60_000,
  });
  const deliver = (interaction: Pick<APIInteraction, 'id' | 'application_id' | 'token'>) => ({
    async callback(body: APIInteractionResponse) {
      await acknowledgements.send(() =>
        interactionRest.post(Routes.interactionCallback(interaction.id, interaction.token), {
          body,
          auth: false,
          query: new URLSearchParams({ with_response: 'false' }),
        }),
      );
    },
    async editOriginal(data: APIInteractionResponseCallbackData) {
      await acknowledgements.giveWay();
      await interactionRest.patch(Routes.webhookMessage(interaction.application_id, interaction.token), {
        body: data,
        auth: false,
      });
    },
    async deleteOriginal() {
      await interactionRest.delete(Routes.webhookMessage(interaction.application_id, interaction.token), {
        auth: false,
      });
    },
    async followUp(data: APIInteractionResponseCallbackData) {
      await acknowledgements.giveWay();
      await interactionRest.post(Routes.webhook(interaction.application_id, interaction.token), {
        body: data,
        auth: false,
        query: new URLSearchParams({ wait: 'true' }),
      });
    },
  });

  const handle = async (raw: unknown, shardId: number) => {
    const parsed = parseInteraction(raw);
    if (!parsed.ok) {
      const known = identifyInteraction(raw);
      log.warn(
        { ...at(shardId), reason: parsed.reason, interactionId: known?.id, type: known?.type },
        'refused a malformed interaction',
      );
      const apology = known && answerMalformed(known.type);
      if (known && apology) {
        await deliver(known)
          .callback(apology)
          .catch((error: unknown) =>
            log.error({ ...at(shardId), interactionId: known.id, err: error }, 'could not deliver an answer'),
          );
      }
      return;
    }
    const { interaction } = parsed;
    const started = performance.now();
    try {
      const how = await deliverInTime(
        interaction,
        turns.take().then(() => routeInteraction(interaction, deps)),
        deliver(interaction),
        {
          deferral: () => deferralFor(interaction, deps),
          deferAfterMs: deferAfter(turns.expectedWaitMs()),
          ...(options.clock ? { clock: options.clock } : {}),
        },
      );
      log.info(
        { ...describe(interaction), ...at(shardId), how, latencyMs: Math.round(performance.now() - started) },
        'answered',
      );
    } catch (error) {
      log.error(
        {
          ...describe(interaction),
          ...at(shardId),
          latencyMs: Math.round(performance.now() - started),
          err: error,
        },
        'could not deliver an answer',
      );
    }
  };

  client.ws.on(GatewayDispatchEvents.InteractionCreate, (raw: unknown, shardId: number) => {
    const job = handle(raw, shardId);
    pending.add(job);
    void job.finally(() => pending.delete(job));
  });
  client.ws.on(GatewayDispatchEvents.GuildDelete, (data: { id: string; unavailable?: boolean }) => {
    if (data.unavailable !== true) options.onGuildRemoved?.(data.id);
  });
  client.on(Events.ShardReady, (shardId) => log.info(at(shardId), 'shard ready'));
  client.on(Events.ShardResume, (shardId, replayed) =>
    log.info({ ...at(shardId), replayed }, 'shard resumed'),
  );
  client.on(Events.ShardReconnecting, (shardId) => {
    // Destroying the client on stop reports its shards as reconnecting; that is no warning.
    if (!stopping) log.warn(at(shardId), 'shard reconnecting');
  });
  client.on(Events.Error, (error) => log.error({ err: error }, 'client error'));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(options.token);
  await ready;
  log.info(
    { user: client.user?.tag, guilds: client.guilds.cache.size, shards: client.ws.shards.map((s) => s.id) },
    'ready',
  );

  return {
    client,
    inFlight: () => pending.size,
    async stop() {
      // Discord delivers interactions until the connection closes: answer those that arrive
      // while the ones in flight finish (for up to STOP_DRAIN_MS), then close and finish the rest.
      const until = performance.now() + STOP_DRAIN_MS;
      while (pending.size > 0 && performance.now() < until) await Promise.allSettled([...pending]);
      stopping = true;
      await client.destroy();
      await Promise.allSettled([...pending]);
    },
  };
}
