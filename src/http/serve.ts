/**
 * `npm start -- --http` (or RECEIPTS_MODE=http): serves the Interactions Endpoint URL until
 * SIGTERM or SIGINT, then drains: no new connections, answers in flight are finished.
 */
import { REST } from '@discordjs/rest';
import { commands } from '../../commands/index.js';
import type { AnswerContext } from '../answers/answer.js';
import type { Config } from '../config.js';
import { restActions } from '../discord/actions.js';
import { Cooldown } from '../discord/cooldown.js';
import { onSignal, refuse } from '../lifecycle.js';
import type { Logger } from '../log.js';
import { createInteractionEndpoint, listen, webhookEditor } from './server.js';

/** Starts the HTTP endpoint with the configuration's key, host and port. */
export async function serveHttp(config: Config, answers: () => AnswerContext, log: Logger): Promise<void> {
  // Deferred answers are completed through webhook routes, which need no bot token; pins do.
  const rest = new REST({ api: config.apiBase });
  if (config.token) rest.setToken(config.token);
  else log.warn('DISCORD_TOKEN is not set: answers work, but the Pin button cannot pin');
  const endpoint = createInteractionEndpoint({
    publicKey: config.publicKey as string,
    log,
    editOriginal: webhookEditor(rest),
    router: {
      commands,
      answers,
      factCheckChannels: config.factCheckChannels,
      cooldown: new Cooldown(config.publicCooldownSeconds),
      actions: restActions(rest, { canPin: config.token !== null }),
      log,
      delayMs: config.searchDelayMs,
    },
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
    return;
  }
  const { meta } = answers().pack;
  log.info({ host: config.host, port: listening.port, pack: `${meta.id} ${meta.version}` }, 'ready');
  onSignal(log, () => listening.close());
}
