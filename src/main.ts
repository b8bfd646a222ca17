/**
 * The entry point: reads the configuration, loads the pack, and serves in the mode the
 * configuration picks — the local console with no credentials, the gateway with a token
 * (sharded with SHARDS), HTTP interactions with `--http`.
 */
import { config as loadDotenv } from 'dotenv';
import { openContext } from './answers/context.js';
import { consoleBanner, runConsole } from './cli/console.js';
import { type Config, readConfig } from './config.js';
import { fixedPack, type LivePack, livePack } from './knowledge/watch.js';
import { onSignal, refuse } from './lifecycle.js';
import { createLogger, type Logger } from './log.js';

loadDotenv({ quiet: true });

async function serveGateway(config: Config, pack: LivePack, log: Logger): Promise<void> {
  const { commands } = await import('../commands/index.js');
  const { Cooldown } = await import('./discord/cooldown.js');
  const { startGateway } = await import('./discord/gateway.js');
  const managed = process.env.SHARDING_MANAGER === 'true';
  try {
    const gateway = await startGateway({
      token: config.token as string,
      apiBase: config.apiBase,
      log,
      managed,
      router: {
        commands,
        answers: pack.current,
        factCheckChannels: config.factCheckChannels,
        cooldown: new Cooldown(config.publicCooldownSeconds),
        log,
        delayMs: config.searchDelayMs,
        publicUrl: config.publicUrl,
      },
    });
    const shutdown = onSignal(log, async () => {
      pack.close();
      await gateway.stop();
    });
    // A shard whose manager is gone stops too, rather than run on unsupervised.
    if (managed) process.once('disconnect', () => shutdown('manager gone'));
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

async function serveShards(config: Config, log: Logger): Promise<void> {
  const { startSharding } = await import('./discord/sharding.js');
  try {
    const sharding = await startSharding({
      token: config.token as string,
      apiBase: config.apiBase,
      shards: config.shards ?? 'auto',
      log,
    });
    log.info({ shards: sharding.manager.totalShards }, 'ready');
    onSignal(log, () => sharding.stop());
  } catch (error) {
    log.flush();
    refuse([`Receipts cannot start: the shards could not start: ${(error as Error).message}.`]);
    process.exit(1);
  }
}

/**
 * Base fields of every log line: the shard a managed gateway process runs, or `manager` in
 * the process that runs the shards, so the lines of one stream can be told apart.
 */
function logBase(config: Config): Record<string, unknown> {
  if (process.env.SHARDING_MANAGER === 'true') {
    const shard = process.env.SHARDS ?? '';
    return { shard: /^\d+$/.test(shard) ? Number(shard) : shard };
  }
  return config.mode === 'gateway' && config.shards !== null ? { manager: true } : {};
}

async function main(): Promise<void> {
  const configured = readConfig(process.env, process.argv.slice(2));
  if (!configured.ok) {
    refuse(configured.problems.map((problem) => `Receipts cannot start: ${problem}.`));
    return;
  }
  const config = configured.config;
  // Every process checks the pack, the sharding manager too: a bad pack stops it before it
  // spawns shards that would fail and be respawned over and over.
  const opened = await openContext(config.knowledgeDir);
  if (!opened.ok) {
    refuse(['Receipts cannot start: the knowledge pack is not valid.', ...opened.problems]);
    return;
  }
  const context = opened.context;
  const log = () =>
    createLogger({
      level: config.logLevel,
      secrets: [config.token, config.publicKey],
      base: logBase(config),
    });
  const serving = (logger: Logger) =>
    livePack({ dir: config.knowledgeDir, initial: context, log: logger, watch: config.knowledgeWatch });
  switch (config.mode) {
    case 'console': {
      const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
      console.log(consoleBanner(context));
      // Standard output is the conversation: reloads are logged to standard error.
      const pack = config.knowledgeWatch
        ? serving(createLogger({ level: config.logLevel, fd: 2 }))
        : fixedPack(context);
      await runConsole({ input: process.stdin, output: process.stdout, interactive, context: pack.current });
      pack.close();
      return;
    }
    case 'gateway':
      if (config.shards !== null) {
        // Each shard process loads (and watches) the pack itself.
        await serveShards(config, log());
      } else {
        const logger = log();
        await serveGateway(config, serving(logger), logger);
      }
      return;
    case 'http': {
      const logger = log();
      const { serveHttp } = await import('./http/serve.js');
      await serveHttp(config, serving(logger), logger);
      return;
    }
  }
}

await main();
