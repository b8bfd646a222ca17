/**
 * The entry point: reads the configuration, loads the pack, and serves in the mode the
 * configuration picks — the local console with no credentials, the gateway with a token,
 * HTTP interactions with `--http`.
 */
import { config as loadDotenv } from 'dotenv';
import { openContext } from './answers/context.js';
import { consoleBanner, runConsole } from './cli/console.js';
import { type Config, readConfig } from './config.js';
import { fixedPack, type LivePack, watchPack } from './knowledge/watch.js';
import { createLogger, type Logger } from './log.js';

loadDotenv({ quiet: true });

function refuse(lines: readonly string[]): void {
  for (const line of lines) console.error(line);
  process.exitCode = 1;
}

/** Stops cleanly on SIGINT or SIGTERM: finish what is in flight, then exit 0. */
function onSignal(log: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    stop().then(
      () => {
        log.flush();
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

async function serveGateway(config: Config, pack: LivePack, log: Logger): Promise<void> {
  const { commands } = await import('../commands/index.js');
  const { Cooldown } = await import('./discord/cooldown.js');
  const { startGateway } = await import('./discord/gateway.js');
  try {
    const gateway = await startGateway({
      token: config.token as string,
      apiBase: config.apiBase,
      log,
      managed: process.env.SHARDING_MANAGER === 'true',
      router: {
        commands,
        answers: pack.current,
        factCheckChannels: config.factCheckChannels,
        cooldown: new Cooldown(config.publicCooldownSeconds),
        log,
        delayMs: config.searchDelayMs,
      },
    });
    onSignal(log, async () => {
      pack.close();
      await gateway.stop();
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason =
      code === 'TokenInvalid'
        ? 'Discord refused the bot token (DISCORD_TOKEN); check it in the Developer Portal'
        : `could not connect to Discord: ${(error as Error).message}`;
    log.flush();
    refuse([`Receipts cannot start: ${reason}.`]);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const configured = readConfig(process.env, process.argv.slice(2));
  if (!configured.ok) {
    refuse(configured.problems.map((problem) => `Receipts cannot start: ${problem}.`));
    return;
  }
  const config = configured.config;
  const opened = await openContext(config.knowledgeDir);
  if (!opened.ok) {
    refuse(['Receipts cannot start: the knowledge pack is not valid.', ...opened.problems]);
    return;
  }
  const context = opened.context;
  // The console's standard output is its conversation: it logs (pack reloads) to standard
  // error, and only when it has something to log.
  const quiet = config.mode === 'console' && !config.knowledgeWatch;
  const log = createLogger({
    level: quiet ? 'silent' : config.logLevel,
    secrets: [config.token, config.publicKey],
    ...(config.mode === 'console' ? { fd: 2 as const } : {}),
    ...(quiet ? { stream: { write: () => {} } } : {}),
  });
  const pack = config.knowledgeWatch
    ? watchPack({ dir: config.knowledgeDir, initial: context, log })
    : fixedPack(context);
  switch (config.mode) {
    case 'console': {
      const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
      console.log(consoleBanner(context));
      await runConsole({ input: process.stdin, output: process.stdout, interactive, context: pack.current });
      pack.close();
      return;
    }
    case 'gateway':
      await serveGateway(config, pack, log);
      return;
    case 'http':
      pack.close();
      refuse(['Receipts cannot start: the http mode is not available yet.']);
      return;
  }
}

await main();
