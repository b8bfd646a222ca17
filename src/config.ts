/**
 * Configuration: the environment (and `.env`, loaded once) read into a typed, validated
 * object. Every problem is one plain line; secret values never appear in them.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod';
import { defaultPackDir } from './paths.js';

/** How the process serves. */
export type RunMode = 'console' | 'gateway' | 'http';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id of 17 to 20 digits');
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const envSchema = z.object({
  DISCORD_TOKEN: optional(
    z.string().regex(/^[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}$/, 'is not a bot token (three dot-separated parts)'),
  ),
  DISCORD_APPLICATION_ID: optional(snowflake),
  DISCORD_PUBLIC_KEY: optional(z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters')),
  DISCORD_GUILD_ID: optional(snowflake),
  DISCORD_API_BASE: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  RECEIPTS_MODE: optional(z.enum(['console', 'gateway', 'http'])),
  HOST: optional(z.string().min(1)),
  PORT: optional(z.coerce.number().int().min(0).max(65535)),
  SHARDS: optional(z.union([z.literal('auto'), z.coerce.number().int().min(1).max(1024)])),
  KNOWLEDGE_DIR: optional(z.string().min(1)),
  KNOWLEDGE_WATCH: optional(flag),
  FACTCHECK_CHANNEL_IDS: optional(
    z
      .string()
      .transform((value) => value.split(/[\s,]+/).filter(Boolean))
      .pipe(z.array(snowflake)),
  ),
  PUBLIC_COOLDOWN_SECONDS: optional(z.coerce.number().int().min(0).max(3600)),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
  STORE: optional(z.enum(['on', 'off'])),
  DATA_DIR: optional(z.string().min(1)),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\/\S+$/)),
  STORE_SECRET: optional(z.string().min(16)),
  RECORD_QUESTIONS: optional(flag),
  RETENTION_DAYS: optional(z.coerce.number().int().min(1).max(3650)),
  STORE_QUEUE_SIZE: optional(z.coerce.number().int().min(1).max(1_000_000)),
  SITE: optional(flag),
  PUBLIC_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
});

/** What each setting must be, in people's words, for the line that says it is not. */
const expected: Partial<Record<keyof typeof envSchema.shape, string>> = {
  DISCORD_TOKEN: 'is not a bot token (three dot-separated parts)',
  DISCORD_APPLICATION_ID: 'must be a Discord id of 17 to 20 digits',
  DISCORD_PUBLIC_KEY: 'must be 64 hex characters',
  DISCORD_GUILD_ID: 'must be a Discord id of 17 to 20 digits',
  DISCORD_API_BASE: 'must be an http(s) URL',
  RECEIPTS_MODE: 'must be console, gateway or http',
  PORT: 'must be a number from 0 to 65535',
  SHARDS: 'must be "auto" or a whole number from 1 to 1024',
  KNOWLEDGE_WATCH: 'must be true or false',
  PUBLIC_COOLDOWN_SECONDS: 'must be a whole number of seconds from 0 to 3600',
  LOG_LEVEL: 'must be fatal, error, warn, info, debug, trace or silent',
  STORE: 'must be on or off',
  DATABASE_URL: 'must be a postgres:// or postgresql:// URL',
  STORE_SECRET: 'must be at least 16 characters',
  RECORD_QUESTIONS: 'must be true or false',
  RETENTION_DAYS: 'must be a whole number of days from 1 to 3650',
  STORE_QUEUE_SIZE: 'must be a whole number from 1 to 1000000',
  SITE: 'must be true or false',
  PUBLIC_URL: 'must be an http(s) URL',
};

/** Settings whose values a problem never repeats (a URL may carry a password). */
const secretKeys = new Set([
  'DISCORD_TOKEN',
  'DISCORD_PUBLIC_KEY',
  'DISCORD_API_BASE',
  'DATABASE_URL',
  'STORE_SECRET',
]);

/** The validated configuration. */
export interface Config {
  readonly mode: RunMode;
  /** What chose the mode: a flag, RECEIPTS_MODE, or the default (a token or not). */
  readonly modeFrom: 'flag' | 'setting' | 'default';
  /** Bot token; present in gateway mode. Never logged. */
  readonly token: string | null;
  readonly applicationId: string | null;
  /** Ed25519 public key (hex) for HTTP interactions. */
  readonly publicKey: string | null;
  /** Guild for development registration; global registration when null. */
  readonly guildId: string | null;
  /** Discord REST base, without the version: `https://discord.com/api` by default. */
  readonly apiBase: string;
  readonly host: string;
  readonly port: number;
  /** `auto`, a shard count, or null to run one unsharded client. */
  readonly shards: 'auto' | number | null;
  readonly knowledgeDir: string;
  /** Reload the pack when its files change. */
  readonly knowledgeWatch: boolean;
  /** Channels where answers are public unless asked otherwise. */
  readonly factCheckChannels: ReadonlySet<string>;
  /** Seconds between public answers by one member in one channel. */
  readonly publicCooldownSeconds: number;
  readonly logLevel: string;
  /** The store: off, or where it is (SQLite under `dataDir`, or PostgreSQL at `databaseUrl`). */
  readonly store: StoreConfig | null;
  /** The HTTP mode also serves the web record at `/`. */
  readonly site: boolean;
  /** Where the web record is published (`https://example.org/receipts/`); answers link to it. */
  readonly publicUrl: string | null;
}

/** Where and how the store keeps what the bot records. */
export interface StoreConfig {
  /** Folder of the SQLite file. */
  readonly dataDir: string;
  /** PostgreSQL instead of SQLite. Never logged (it may hold a password). */
  readonly databaseUrl: string | null;
  /** Secret for member keys; null keeps one made at random in the store. Never logged. */
  readonly secret: string | null;
  /** Record questions the pack could not answer, or answered weakly. */
  readonly recordQuestions: boolean;
  /** Days records are kept. */
  readonly retentionDays: number;
  /** Records held in memory at most while the store is away; more are dropped (and counted). */
  readonly queueSize: number;
}

/** The outcome of reading the configuration. */
export type ConfigResult =
  | { readonly ok: true; readonly config: Config }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Keys only the Discord modes read; the console runs whatever they hold. */
const discordKeys = new Set([
  'DISCORD_TOKEN',
  'DISCORD_APPLICATION_ID',
  'DISCORD_PUBLIC_KEY',
  'DISCORD_GUILD_ID',
  'DISCORD_API_BASE',
  'SHARDS',
]);

function listEntry(value: string | undefined, index: PropertyKey | undefined): string | null {
  if (value === undefined || typeof index !== 'number') return null;
  return value.split(/[\s,]+/).filter(Boolean)[index] ?? null;
}

function chooseMode(env: NodeJS.ProcessEnv, argv: readonly string[]): [RunMode, Config['modeFrom']] {
  if (argv.includes('--deploy')) return ['gateway', 'flag'];
  if (argv.includes('--http')) return ['http', 'flag'];
  if (argv.includes('--console')) return ['console', 'flag'];
  const named = env.RECEIPTS_MODE;
  if (named === 'console' || named === 'gateway' || named === 'http') return [named, 'setting'];
  return [env.DISCORD_TOKEN ? 'gateway' : 'console', 'default'];
}

/** The lines for a setting that did not parse: one per wrong list entry, else one for the setting. */
function describeProblem(
  key: string,
  value: string | undefined,
  issues: readonly z.core.$ZodIssue[],
): string[] {
  const entries = issues.filter((issue) => typeof issue.path[0] === 'number');
  if (entries.length > 0) {
    // A list's entries are named by their value: channel ids are not secret.
    return entries.map((issue) => `${key}: "${listEntry(value, issue.path[0]) ?? ''}" ${issue.message}`);
  }
  const rule = expected[key as keyof typeof expected] ?? issues[0]?.message ?? 'is not valid';
  return [secretKeys.has(key) ? `${key} ${rule}` : `${key} ${rule} (got "${value ?? ''}")`];
}

/** What is wrong with a pack folder as named (`/x does not exist`), or null when it is a folder. */
export function folderProblem(dir: string): string | null {
  const found = statSync(resolve(dir), { throwIfNoEntry: false });
  if (!found) return `${dir} does not exist`;
  return found.isDirectory() ? null : `${dir} is not a folder`;
}

/**
 * Reads configuration from an environment and command-line flags (`--http`, `--console`).
 * Every problem is found at once, one line each.
 */
export function readConfig(env: NodeJS.ProcessEnv, argv: readonly string[] = []): ConfigResult {
  const [mode, modeFrom] = chooseMode(env, argv);
  // A process started by discord.js's ShardingManager gets SHARDS set to its shard ids;
  // that is the manager's business, not a setting.
  const own = env.SHARDING_MANAGER ? { ...env, SHARDS: undefined } : env;
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(envSchema.shape)) {
    const parsed = schema.safeParse(own[key]);
    if (parsed.success) values[key] = parsed.data;
    // The console runs whatever the Discord settings hold.
    else if (!(mode === 'console' && discordKeys.has(key)))
      problems.push(...describeProblem(key, own[key], parsed.error.issues));
  }
  const e = values as z.output<typeof envSchema>;
  const missing = (key: string) => !own[key];
  if (mode === 'gateway') {
    if (missing('DISCORD_TOKEN')) problems.push('DISCORD_TOKEN is required to connect to Discord');
    if (missing('DISCORD_APPLICATION_ID'))
      problems.push('DISCORD_APPLICATION_ID is required to connect to Discord');
  }
  if (mode === 'http') {
    if (missing('DISCORD_PUBLIC_KEY')) problems.push('DISCORD_PUBLIC_KEY is required for HTTP interactions');
    if (missing('DISCORD_APPLICATION_ID'))
      problems.push('DISCORD_APPLICATION_ID is required for HTTP interactions');
  }
  const folder = e.KNOWLEDGE_DIR ? folderProblem(e.KNOWLEDGE_DIR) : null;
  if (folder) problems.push(`KNOWLEDGE_DIR ${folder}`);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      mode,
      modeFrom,
      token: e.DISCORD_TOKEN ?? null,
      applicationId: e.DISCORD_APPLICATION_ID ?? null,
      publicKey: e.DISCORD_PUBLIC_KEY?.toLowerCase() ?? null,
      guildId: e.DISCORD_GUILD_ID ?? null,
      apiBase: (e.DISCORD_API_BASE ?? 'https://discord.com/api').replace(/\/+$/, ''),
      host: e.HOST ?? '0.0.0.0',
      port: e.PORT ?? 8787,
      shards: e.SHARDS ?? null,
      knowledgeDir: resolve(e.KNOWLEDGE_DIR ?? defaultPackDir),
      knowledgeWatch: e.KNOWLEDGE_WATCH ?? false,
      factCheckChannels: new Set(e.FACTCHECK_CHANNEL_IDS ?? []),
      publicCooldownSeconds: e.PUBLIC_COOLDOWN_SECONDS ?? 30,
      logLevel: e.LOG_LEVEL ?? 'info',
      store:
        e.STORE === 'off'
          ? null
          : {
              dataDir: resolve(e.DATA_DIR ?? 'data'),
              databaseUrl: e.DATABASE_URL ?? null,
              secret: e.STORE_SECRET ?? null,
              recordQuestions: e.RECORD_QUESTIONS ?? true,
              retentionDays: e.RETENTION_DAYS ?? 30,
              queueSize: e.STORE_QUEUE_SIZE ?? 10_000,
            },
      site: e.SITE ?? false,
      publicUrl: e.PUBLIC_URL ?? null,
    },
  };
}
