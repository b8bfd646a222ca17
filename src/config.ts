/**
 * Configuration: the environment (and `.env`, loaded once) read into a typed, validated
 * object. Every problem is one plain line; secret values never appear in them.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { defaultPackDir } from './paths.js';

/** How the process serves. */
export type RunMode = 'console' | 'gateway' | 'http';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');
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
  SEARCH_DELAY_MS: optional(z.coerce.number().int().min(0).max(60_000)),
  SITE: optional(flag),
  PUBLIC_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
});

/** The validated configuration. */
export interface Config {
  readonly mode: RunMode;
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
  /** Delays every search by this much; for exercising the deadline path in tests. */
  readonly searchDelayMs: number;
  /** The HTTP mode also serves the web record at `/`. */
  readonly site: boolean;
  /** Where the web record is published (`https://example.org/receipts/`); answers link to it. */
  readonly publicUrl: string | null;
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

function chooseMode(env: NodeJS.ProcessEnv, argv: readonly string[]): RunMode {
  if (argv.includes('--deploy')) return 'gateway';
  if (argv.includes('--http')) return 'http';
  if (argv.includes('--console')) return 'console';
  const named = env.RECEIPTS_MODE;
  if (named === 'console' || named === 'gateway' || named === 'http') return named;
  return env.DISCORD_TOKEN ? 'gateway' : 'console';
}

/** Reads configuration from an environment and command-line flags (`--http`, `--console`). */
export function readConfig(env: NodeJS.ProcessEnv, argv: readonly string[] = []): ConfigResult {
  const mode = chooseMode(env, argv);
  // A process started by discord.js's ShardingManager gets SHARDS set to its shard ids;
  // that is the manager's business, not a setting.
  const own = env.SHARDING_MANAGER ? { ...env, SHARDS: undefined } : env;
  const parsed = envSchema.safeParse(own);
  const problems: string[] = [];
  let e: z.output<typeof envSchema> = {};
  if (parsed.success) {
    e = parsed.data;
  } else {
    // Zod messages name the rule; the value itself (perhaps a token) is never echoed.
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      if (mode === 'console' && discordKeys.has(key)) continue;
      // A list's entries are named by their value (channel ids are not secret); other values never are.
      const entry = issue.path.length > 1 ? listEntry(own[key], issue.path[1]) : null;
      problems.push(entry === null ? `${key} ${issue.message}` : `${key}: "${entry}" ${issue.message}`);
    }
    if (problems.length === 0) {
      const lenient = Object.fromEntries(Object.entries(own).filter(([key]) => !discordKeys.has(key)));
      e = envSchema.parse(lenient);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  if (mode === 'gateway') {
    if (!e.DISCORD_TOKEN) problems.push('DISCORD_TOKEN is required to connect to Discord');
    if (!e.DISCORD_APPLICATION_ID) problems.push('DISCORD_APPLICATION_ID is required to connect to Discord');
  }
  if (mode === 'http') {
    if (!e.DISCORD_PUBLIC_KEY) problems.push('DISCORD_PUBLIC_KEY is required for HTTP interactions');
    if (!e.DISCORD_APPLICATION_ID) problems.push('DISCORD_APPLICATION_ID is required for HTTP interactions');
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      mode,
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
      searchDelayMs: e.SEARCH_DELAY_MS ?? 0,
      site: e.SITE ?? false,
      publicUrl: e.PUBLIC_URL ?? null,
    },
  };
}
