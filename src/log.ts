/**
 * Logging: pino, JSON by default, pretty only when writing to a terminal. Secrets are kept
 * out twice over: known fields are redacted by path, and every finished line is scrubbed of
 * the bot token, the public key and interaction or webhook tokens inside URLs.
 */
import { createRequire } from 'node:module';
import { type DestinationStream, type Logger, pino, stdSerializers } from 'pino';
import type { PrettyOptions } from 'pino-pretty';

export type { Logger } from 'pino';

/** Options for the logger. */
export interface LogOptions {
  /** pino level; default `info`. */
  readonly level?: string;
  /** File descriptor to write to: 1 (stdout, default) or 2 (stderr, for the console modes). */
  readonly fd?: 1 | 2;
  /** Literal secrets to scrub wherever they appear (the bot token, the public key). */
  readonly secrets?: readonly (string | null)[];
  /** Base fields on every line, e.g. `{ shard: 0 }`. */
  readonly base?: Record<string, unknown>;
  /** Write here instead of a file descriptor (tests capture logs this way). */
  readonly stream?: DestinationStream;
}

const REDACTED = '[redacted]';

/** Field paths that hold secrets in the objects the bot logs. */
const redactPaths = [
  'token',
  '*.token',
  '*.*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers["x-signature-ed25519"]',
  'publicKey',
  '*.publicKey',
];

/** Replaces interaction and webhook tokens in Discord URLs, and literal secrets, in a string. */
export function scrub(text: string, secrets: readonly string[] = []): string {
  let out = text
    .replace(/(\/interactions\/\d+\/)[^/?\s"']+/g, `$1${REDACTED}`)
    .replace(/(\/webhooks\/\d+\/)[^/?\s"']+/g, `$1${REDACTED}`)
    .replace(/\bBot [\w-]+\.[\w-]+\.[\w-]+/g, `Bot ${REDACTED}`);
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join(REDACTED);
  return out;
}

/**
 * Wraps a destination so every finished log line is scrubbed before it is written: messages,
 * serialized errors and nested fields alike, at any depth.
 */
function scrubbing(target: DestinationStream, secrets: readonly string[]): DestinationStream {
  const wrapped = target as DestinationStream & { flushSync?: () => void; end?: () => void };
  return Object.assign(Object.create(null) as object, {
    write: (line: string) => wrapped.write(scrub(line, secrets)),
    flushSync: () => wrapped.flushSync?.(),
    end: () => wrapped.end?.(),
  }) as DestinationStream;
}

/**
 * Readable lines for a terminal, formatted in this thread. pino-pretty is loaded only here, when
 * a person is watching: servers write JSON.
 */
function prettyStream(fd: 1 | 2): DestinationStream {
  const build = createRequire(import.meta.url)('pino-pretty') as (
    options: PrettyOptions,
  ) => DestinationStream;
  return build({ destination: fd, colorize: true });
}

/** Creates the process's logger. */
export function createLogger(options: LogOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((secret): secret is string => typeof secret === 'string');
  const fd = options.fd ?? 1;
  const pretty = !options.stream && (fd === 1 ? process.stdout.isTTY : process.stderr.isTTY);
  const destination =
    options.stream ?? (pretty ? prettyStream(fd) : pino.destination({ fd, sync: fd === 2 }));
  return pino(
    {
      level: options.level ?? 'info',
      base: options.base ?? {},
      redact: { paths: redactPaths, censor: REDACTED },
      serializers: { err: stdSerializers.err },
    },
    scrubbing(destination, secrets),
  );
}
