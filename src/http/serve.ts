/**
 * `npm start -- --http` (or RECEIPTS_MODE=http): serves the Interactions Endpoint URL until
 * SIGTERM or SIGINT, then drains: no new connections, answers in flight are finished.
 */
import type { REST } from '@discordjs/rest';
import type { Config } from '../config.js';
import { restActions } from '../discord/actions.js';
import type { Command } from '../discord/command.js';
import { startStoreRuntime } from '../discord/store-runtime.js';
import type { LivePack } from '../knowledge/watch.js';
import { onSignal, refuse } from '../lifecycle.js';
import type { Logger } from '../log.js';
import type { SiteHandler } from '../site/serve.js';
import {
  createInteractionEndpoint,
  listen,
  webhookDeleter,
  webhookEditor,
  webhookFollowUp,
} from './server.js';

/**
 * The REST client for the calls this mode makes besides answering: completing a deferred
 * answer (an edit, or a private follow-up in place of a public placeholder) and pinning. Most
 * answers are the HTTP response itself and never need it, and @discordjs/rest (with undici) is
 * the largest import of this mode, so it is loaded on first use.
 */
function lazyRest(config: Config): Pick<REST, 'get' | 'put' | 'patch' | 'post' | 'delete'> {
  let client: Promise<REST> | null = null;
  const rest = () => {
    client ??= import('@discordjs/rest').then(({ REST }) => {
      const made = new REST({ api: config.apiBase });
      if (config.token) made.setToken(config.token);
      return made;
    });
    return client;
  };
  return {
    get: async (...args) => (await rest()).get(...args),
    put: async (...args) => (await rest()).put(...args),
    patch: async (...args) => (await rest()).patch(...args),
    post: async (...args) => (await rest()).post(...args),
    delete: async (...args) => (await rest()).delete(...args),
  };
}

/** Starts the HTTP endpoint with the configuration's key, host and port. */
export async function serveHttp(
  config: Config,
  pack: LivePack,
  log: Logger,
  commands: readonly Command[],
): Promise<void> {
  const answers = pack.current;
  // Deferred answers are completed through webhook routes, which need no bot token; pins do.
  const rest = lazyRest(config);
  if (!config.token) log.warn('DISCORD_TOKEN is not set: answers work, but the Pin button cannot pin');
  let site: SiteHandler | undefined;
  if (config.site) {
    const { createSiteHandler } = await import('../site/serve.js');
    const handler = createSiteHandler(answers, { publicUrl: config.publicUrl });
    try {
      await handler.ready();
    } catch (error) {
      refuse([
        `Receipts cannot start: the web record could not be built (SITE=true): ${(error as Error).message}.`,
      ]);
      pack.close();
      return;
    }
    site = handler;
  }
  // The store opens once the web record is built, so a refusal above leaves nothing to close.
  const store = startStoreRuntime(config.store, config.publicCooldownSeconds, log);
  const endpoint = createInteractionEndpoint({
    publicKey: config.publicKey as string,
    log,
    health: () => ({ store: store.health() }),
    editOriginal: webhookEditor(rest),
    deleteOriginal: webhookDeleter(rest),
    followUp: webhookFollowUp(rest),
    router: {
      commands,
      answers,
      factCheckChannels: config.factCheckChannels,
      cooldown: store.cooldown,
      ...(store.recorder ? { recorder: store.recorder } : {}),
      ...(store.reports ? { reports: store.reports } : {}),
      actions: restActions(rest, { canPin: config.token !== null }),
      log,
      publicUrl: config.publicUrl,
    },
    ...(site ? { site } : {}),
  });
  let listening: Awaited<ReturnType<typeof listen>>;
  try {
    listening = await listen(endpoint, { host: config.host, port: config.port });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason =
      code === 'EADDRINUSE'
        ? `port ${config.port} on ${config.host} is already in use (PORT, HOST)`
        : `could not listen on ${config.host}:${config.port}: ${(error as Error).message}`;
    refuse([`Receipts cannot start: ${reason}.`]);
    pack.close();
    await store.close();
    return;
  }
  store.startCorrections({
    rest,
    botToken: config.token !== null,
    pack: () => answers().pack,
    publicUrl: config.publicUrl,
  });
  const { meta } = answers().pack;
  log.info(
    { host: config.host, port: listening.port, pack: `${meta.id} ${meta.version}`, site: config.site },
    'ready',
  );
  onSignal(log, async () => {
    pack.close();
    await listening.close();
    await store.close();
  });
}
