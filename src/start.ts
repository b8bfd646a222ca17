/**
 * Starting the app: reads the configuration, loads the pack, and serves in the mode the
 * configuration picks — the local console with no credentials, the gateway with a token
 * (sharded with SHARDS), HTTP interactions with `--http`. `main.ts` calls it for users.
 */
import { openContext } from './answers/context.js';
import { buildId } from './build.js';
import { consoleBanner, historyPath, runConsole } from './cli/console.js';
import { exitQuietlyWhenReaderGoes } from './cli/pipe.js';
import { DEFAULT_WIDTH } from './cli/render.js';
import { type Config, readConfig } from './config.js';
import type { Command } from './discord/command.js';
import { tuneGatewayHeap } from './heap.js';
import { fixedPack, type LivePack, livePack } from './knowledge/watch.js';
import { onSignal, refuse } from './lifecycle.js';
import type { Logger, LogOptions } from './log.js';

/** What a start is given. */
export interface StartOptions {
  /** The command-line arguments after the script's name. */
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /**
   * The commands to serve: the app's own list unless a test passes its own (for example,
   * commands that wait, to test what happens while answers are on their way).
   */
  readonly commands?: readonly Command[];
}

/** The command-line options of `npm start`. */
const flags = ['--console', '--http', '--help'] as const;

const flagList = 'the options are --console, --http and --help';

/** What `npm start -- --help` prints. */
export const startUsage = [
  'Usage: npm start [-- --console | --http]',
  '  (none)     the bot on Discord when DISCORD_TOKEN is set, else the console',
  '  --console  the local console, even when DISCORD_TOKEN is set',
  '  --http     HTTP interactions (needs DISCORD_PUBLIC_KEY, DISCORD_APPLICATION_ID)',
  '  --help     this text',
  'Settings come from the environment and .env; .env.example lists them.',
].join('\n');

/** One line per argument `npm start` does not take. */
function argumentProblems(argv: readonly string[]): string[] {
  const problems = argv
    .filter((arg) => !(flags as readonly string[]).includes(arg))
    .map((arg) =>
      arg.startsWith('-')
        ? `unknown option ${arg} (${flagList})`
        : `unexpected argument "${arg}" (${flagList})`,
    );
  if (argv.includes('--console') && argv.includes('--http'))
    problems.push('choose one of --console and --http');
  return problems;
}

async function appCommands(options: StartOptions): Promise<readonly Command[]> {
  return options.commands ?? (await import('../commands/index.js')).commands;
}

async function serveGateway(
  config: Config,
  pack: LivePack,
  log: Logger,
  commands: readonly Command[],
): Promise<void> {
  const { startGateway } = await import('./discord/gateway.js');
  const { startStoreRuntime } = await import('./discord/store-runtime.js');
  const managed = process.env.SHARDING_MANAGER === 'true';
  const store = startStoreRuntime(config.store, config.publicCooldownSeconds, log);
  try {
    const gateway = await startGateway({
      token: config.token as string,
      apiBase: config.apiBase,
      log,
      managed,
      onGuildRemoved: (guildId) => store.forgetGuild(guildId),
      router: {
        commands,
        answers: pack.current,
        factCheckChannels: config.factCheckChannels,
        cooldown: store.cooldown,
        ...(store.recorder ? { recorder: store.recorder } : {}),
        ...(store.reports ? { reports: store.reports } : {}),
        log,
        publicUrl: config.publicUrl,
      },
    });
    store.startCorrections({
      rest: gateway.client.rest,
      botToken: true,
      pack: () => pack.current().pack,
      publicUrl: config.publicUrl,
    });
    const shutdown = onSignal(log, async () => {
      pack.close();
      await gateway.stop();
      await store.close();
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

/** The store's secrets, for scrubbing: the database URL, its password, the member-key secret. */
function storeSecrets(config: Config): string[] {
  const store = config.store;
  if (!store) return [];
  let password: string | null = null;
  try {
    password = store.databaseUrl ? decodeURIComponent(new URL(store.databaseUrl).password) || null : null;
  } catch {
    password = null;
  }
  return [store.databaseUrl, password, store.secret].filter((value): value is string => Boolean(value));
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

/** Starts the app as the arguments and the environment say; resolves once it is serving (or refused). */
export async function start(options: StartOptions): Promise<void> {
  if (options.argv.includes('--help')) {
    console.log(startUsage);
    return;
  }
  const configured = readConfig(options.env, options.argv);
  const problems = [...argumentProblems(options.argv), ...(configured.ok ? [] : configured.problems)];
  // Started with no token and no terminal (a service, a pipe): the console has no one to talk
  // to, and the bot was meant to run.
  if (
    configured.ok &&
    configured.config.mode === 'console' &&
    configured.config.modeFrom === 'default' &&
    process.stdin.isTTY !== true
  ) {
    problems.push(
      'DISCORD_TOKEN is not set, and there is no terminal for the console (--console reads standard input)',
    );
  }
  if (!configured.ok || problems.length > 0) {
    refuse(problems.map((problem) => `Receipts cannot start: ${problem}.`));
    return;
  }
  const config = configured.config;
  if (config.mode === 'gateway') tuneGatewayHeap();
  // Every process checks the pack, the sharding manager too: a bad pack stops it before it
  // spawns shards that would fail and be respawned over and over.
  const opened = await openContext(config.knowledgeDir, { build: buildId });
  if (!opened.ok) {
    refuse(['Receipts cannot start: the knowledge pack is not valid.', ...opened.problems]);
    return;
  }
  const context = opened.context;
  // pino is loaded by the modes that log, not by the console.
  const logger = async (options: LogOptions) => (await import('./log.js')).createLogger(options);
  const log = () =>
    logger({
      level: config.logLevel,
      secrets: [config.token, config.publicKey, ...storeSecrets(config)],
      base: logBase(config),
    });
  const serving = (logger: Logger) =>
    livePack({ dir: config.knowledgeDir, initial: context, log: logger, watch: config.knowledgeWatch });
  switch (config.mode) {
    case 'console': {
      const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
      exitQuietlyWhenReaderGoes(process.stdout);
      const width = interactive ? (process.stdout.columns ?? DEFAULT_WIDTH) : DEFAULT_WIDTH;
      console.log(consoleBanner(context, { tokenSet: Boolean(options.env.DISCORD_TOKEN), width }));
      // Standard output is the conversation: reloads are logged to standard error.
      const pack = config.knowledgeWatch
        ? serving(await logger({ level: config.logLevel, fd: 2 }))
        : fixedPack(context);
      await runConsole({
        input: process.stdin,
        output: process.stdout,
        interactive,
        context: pack.current,
        historyFile: historyPath(options.env),
      });
      pack.close();
      return;
    }
    case 'gateway':
      if (config.shards !== null) {
        // Each shard process loads (and watches) the pack itself.
        await serveShards(config, await log());
      } else {
        const gatewayLog = await log();
        await serveGateway(config, serving(gatewayLog), gatewayLog, await appCommands(options));
      }
      return;
    case 'http': {
      const httpLog = await log();
      const { serveHttp } = await import('./http/serve.js');
      await serveHttp(config, serving(httpLog), httpLog, await appCommands(options));
      return;
    }
  }
}
