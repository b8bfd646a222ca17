/**
 * Sharded gateway (`SHARDS=auto|N`): discord.js's ShardingManager runs the same entry
 * (`dist/src/main.js`) once per shard, each a child process that is an ordinary gateway
 * process with its own copy of the pack. The manager itself answers nothing: it spawns the
 * shards (one every 5.5 s, Discord's identify pace), respawns any that dies, logs both, and
 * passes a stop on to every shard so they drain before it exits.
 */
import { join } from 'node:path';
import type { Shard, ShardingManager } from 'discord.js';
import { type RESTGetAPIGatewayBotResult, Routes } from 'discord-api-types/v10';
import type { Logger } from '../log.js';
import { projectRoot } from '../paths.js';

/** What the manager needs. */
export interface ShardingOptions {
  /** The bot token; shards get it through their environment, as discord.js passes it. */
  readonly token: string;
  /** REST base without the version; shards inherit it as DISCORD_API_BASE. */
  readonly apiBase: string;
  /** A shard count, or `auto` for Discord's recommendation. */
  readonly shards: 'auto' | number;
  readonly log: Logger;
  /** The script each shard runs; default this app's entry. */
  readonly file?: string;
  /** How long a stopping shard has to drain before it is killed; default 15 s. */
  readonly stopTimeoutMs?: number;
}

/** The running manager. */
export interface Sharding {
  readonly manager: ShardingManager;
  /** Stops respawning, sends SIGTERM to every shard and waits for each to exit. */
  stop(): Promise<void>;
}

/** The entry every shard runs: this app's built main module. */
export const entryFile = join(projectRoot, 'dist/src/main.js');

/**
 * Discord's recommended shard count, asked of the configured REST base. discord.js's own
 * `fetchRecommendedShardCount` (used by ShardingManager for `totalShards: 'auto'`) always asks
 * discord.com, so the count is resolved here and the manager is given a number.
 */
export async function recommendedShardCount(apiBase: string, token: string): Promise<number> {
  const { REST } = await import('@discordjs/rest');
  const rest = new REST({ api: apiBase, retries: 1 }).setToken(token);
  const gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  return Math.max(1, gateway.shards);
}

function watch(shard: Shard, log: Logger, stopping: () => boolean): void {
  shard.on('spawn', (child) =>
    log.info({ shard: shard.id, pid: 'pid' in child ? child.pid : undefined }, 'shard process started'),
  );
  shard.on('ready', () => log.info({ shard: shard.id }, 'shard process ready'));
  shard.on('death', (child) => {
    const exit =
      'exitCode' in child ? { pid: child.pid, code: child.exitCode, signal: child.signalCode } : {};
    if (stopping()) log.info({ shard: shard.id, ...exit }, 'shard stopped');
    else log.warn({ shard: shard.id, ...exit }, 'shard process exited; respawning');
  });
  shard.on('error', (error) => log.error({ shard: shard.id, err: error }, 'shard failed'));
}

function exitOf(shard: Shard, timeoutMs: number): Promise<void> {
  const child = shard.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Spawns every shard and resolves once all are ready (rejects if one cannot start). */
export async function startSharding(options: ShardingOptions): Promise<Sharding> {
  const { log } = options;
  const totalShards =
    options.shards === 'auto' ? await recommendedShardCount(options.apiBase, options.token) : options.shards;
  // Shards inherit this process's environment; the REST base goes with it.
  process.env.DISCORD_API_BASE = options.apiBase;
  const { ShardingManager } = await import('discord.js');
  const manager = new ShardingManager(options.file ?? entryFile, {
    token: options.token,
    totalShards,
    respawn: true,
    mode: 'process',
    execArgv: process.execArgv,
  });
  let stopping = false;
  manager.on('shardCreate', (shard) => watch(shard, log, () => stopping));
  const stop = async () => {
    stopping = true;
    manager.respawn = false;
    await Promise.all(manager.shards.map((shard) => exitOf(shard, options.stopTimeoutMs ?? 15_000)));
  };
  log.info({ shards: totalShards, requested: options.shards }, 'spawning shards');
  try {
    await manager.spawn();
  } catch (error) {
    await stop();
    throw error;
  }
  return { manager, stop };
}
