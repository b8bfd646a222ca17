/**
 * Configuration: the environment (and `.env`, loaded once) read into a typed, validated
 * object. Every problem is one plain line; secret values never appear in them.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultPackDir } from './paths.js';

/** How the process serves. */
export type RunMode = 'console' | 'gateway' | 'http';

/**
 * How a setting's text is read: its value, or {@link INVALID}, or (for a list) the entries that
 * are not valid. The rules are a few comparisons each, written out rather than built with a
 * schema library: reading the configuration is on every start's path, and evaluating such a
 * library there cost more than a tenth of a start.
 */
type Rule = (text: string) => unknown;

/** What a rule returns for a value it does not accept. */
const INVALID = Symbol('invalid');

/** A list some of whose entries are not valid. */
class BadEntries {
  constructor(readonly entries: readonly string[]) {}
}

const matching =
  (pattern: RegExp): Rule =>
  (text) =>
    pattern.test(text) ? text : INVALID;
const oneOf =
  <T extends string>(...values: readonly T[]): Rule =>
  (text) =>
    (values as readonly string[]).includes(text) ? text : INVALID;
/** A whole number within bounds, written as JavaScript's `Number` reads it. */
const whole =
  (min: number, max: number): Rule =>
  (text) => {
    const value = Number(text);
    return Number.isSafeInteger(value) && value >= min && value <= max ? value : INVALID;
  };
/** An http(s) address with a host, as typed less surrounding spaces. */
const httpUrl: Rule = (text) => {
  const url = text.trim();
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) return INVALID;
  return new URL(url).hostname !== '' ? url : INVALID;
};
const flag: Rule = (text) =>
  ['true', '1', 'yes'].includes(text) ? true : ['false', '0', 'no'].includes(text) ? false : INVALID;
const nonEmpty: Rule = (text) => (text.length > 0 ? text : INVALID);
const SNOWFLAKE = /^\d{17,20}$/;
const snowflake = matching(SNOWFLAKE);

/** Every setting read, with its rule. An empty setting is as good as unset. */
const rules = {
  DISCORD_TOKEN: matching(/^[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}$/),
  DISCORD_APPLICATION_ID: snowflake,
  DISCORD_PUBLIC_KEY: matching(/^[0-9a-fA-F]{64}$/),
  DISCORD_GUILD_ID: snowflake,
  DISCORD_API_BASE: httpUrl,
  RECEIPTS_MODE: oneOf('console', 'gateway', 'http'),
  HOST: nonEmpty,
  PORT: whole(0, 65535),
  SHARDS: (text: string) => (text === 'auto' ? text : whole(1, 1024)(text)),
  KNOWLEDGE_DIR: nonEmpty,
  KNOWLEDGE_WATCH: flag,
  FACTCHECK_CHANNEL_IDS: (text: string) => {
    const ids = text.split(/[\s,]+/).filter(Boolean);
    const bad = ids.filter((id) => !SNOWFLAKE.test(id));
    return bad.length > 0 ? new BadEntries(bad) : ids;
  },
  PUBLIC_COOLDOWN_SECONDS: whole(0, 3600),
  LOG_LEVEL: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'),
  STORE: oneOf('on', 'off'),
  DATA_DIR: nonEmpty,
  DATABASE_URL: matching(/^postgres(ql)?:\/\/\S+$/),
  STORE_SECRET: (text: string) => (text.length >= 16 ? text : INVALID),
  RECORD_QUESTIONS: flag,
  RETENTION_DAYS: whole(1, 3650),
  STORE_QUEUE_SIZE: whole(1, 1_000_000),
  SITE: flag,
  PUBLIC_URL: httpUrl,
} satisfies Record<string, Rule>;

type Key = keyof typeof rules;

/** The settings as read: each one set and valid, of the type its rule gives. */
interface Settings {
  readonly DISCORD_TOKEN?: string;
  readonly DISCORD_APPLICATION_ID?: string;
  readonly DISCORD_PUBLIC_KEY?: string;
  readonly DISCORD_GUILD_ID?: string;
  readonly DISCORD_API_BASE?: string;
  readonly RECEIPTS_MODE?: RunMode;
  readonly HOST?: string;
  readonly PORT?: number;
  readonly SHARDS?: 'auto' | number;
  readonly KNOWLEDGE_DIR?: string;
  readonly KNOWLEDGE_WATCH?: boolean;
  readonly FACTCHECK_CHANNEL_IDS?: readonly string[];
  readonly PUBLIC_COOLDOWN_SECONDS?: number;
  readonly LOG_LEVEL?: string;
  readonly STORE?: 'on' | 'off';
  readonly DATA_DIR?: string;
  readonly DATABASE_URL?: string;
  readonly STORE_SECRET?: string;
  readonly RECORD_QUESTIONS?: boolean;
  readonly RETENTION_DAYS?: number;
  readonly STORE_QUEUE_SIZE?: number;
  readonly SITE?: boolean;
  readonly PUBLIC_URL?: string;
}

/** What each setting must be, in people's words, for the line that says it is not. */
const expected: Record<Key, string> = {
  DISCORD_TOKEN: 'is not a bot token (three dot-separated parts)',
  DISCORD_APPLICATION_ID: 'must be a Discord id of 17 to 20 digits',
  DISCORD_PUBLIC_KEY: 'must be 64 hex characters',
  DISCORD_GUILD_ID: 'must be a Discord id of 17 to 20 digits',
  DISCORD_API_BASE: 'must be an http(s) URL',
  RECEIPTS_MODE: 'must be console, gateway or http',
  HOST: 'must not be empty',
  PORT: 'must be a number from 0 to 65535',
  SHARDS: 'must be "auto" or a whole number from 1 to 1024',
  KNOWLEDGE_DIR: 'must not be empty',
  KNOWLEDGE_WATCH: 'must be true or false',
  FACTCHECK_CHANNEL_IDS: 'must be a Discord id of 17 to 20 digits',
  PUBLIC_COOLDOWN_SECONDS: 'must be a whole number of seconds from 0 to 3600',
  LOG_LEVEL: 'must be fatal, error, warn, info, debug, trace or silent',
  STORE: 'must be on or off',
  DATA_DIR: 'must not be empty',
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

function chooseMode(env: NodeJS.ProcessEnv, argv: readonly string[]): [RunMode, Config['modeFrom']] {
  if (argv.includes('--deploy')) return ['gateway', 'flag'];
  if (argv.includes('--http')) return ['http', 'flag'];
  if (argv.includes('--console')) return ['console', 'flag'];
  const named = env.RECEIPTS_MODE;
  if (named === 'console' || named === 'gateway' || named === 'http') return [named, 'setting'];
  return [env.DISCORD_TOKEN ? 'gateway' : 'console', 'default'];
}

/** The lines for a setting that did not parse: one per wrong list entry, else one for the setting. */
function describeProblem(key: Key, text: string, bad: unknown): string[] {
  // A list's entries are named by their value: channel ids are not secret.
  if (bad instanceof BadEntries) return bad.entries.map((entry) => `${key}: "${entry}" ${expected[key]}`);
  return [secretKeys.has(key) ? `${key} ${expected[key]}` : `${key} ${expected[key]} (got "${text}")`];
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
  for (const [key, rule] of Object.entries(rules) as [Key, Rule][]) {
    const text = own[key];
    if (text === undefined || text === '') continue;
    const value = rule(text);
    if (value !== INVALID && !(value instanceof BadEntries)) values[key] = value;
    // The console runs whatever the Discord settings hold.
    else if (!(mode === 'console' && discordKeys.has(key)))
      problems.push(...describeProblem(key, text, value));
  }
  const e = values as Settings;
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
