/**
 * The HTTP interactions endpoint as users run it (`node dist/src/main.js --http`), pointed at
 * the emulator for the calls it makes (pins, edits of deferred answers), and plain HTTP
 * requests to it, signed or not.
 */
import { request as httpRequest } from 'node:http';
import type { Emulator } from '../emulator/index.js';
import { type BotEntry, type BotProcess, mainEntry, startBot } from './bot.js';

/** A running endpoint process and where it listens. */
export interface HttpBot extends BotProcess {
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** The Interactions Endpoint URL. */
  readonly url: string;
}

/**
 * Starts the endpoint on a free port of 127.0.0.1 with the emulator's public key, and reads the
 * port from its ready line.
 */
export async function startHttpBot(
  emulator: Emulator,
  env: Record<string, string> = {},
  entry: BotEntry = mainEntry,
): Promise<HttpBot> {
  const bot = await startBot(
    emulator,
    { DISCORD_PUBLIC_KEY: emulator.publicKey, HOST: '127.0.0.1', PORT: '0', ...env },
    ['--http'],
    entry,
  );
  const ready = await bot.waitForLog((record) => record.msg === 'ready');
  const origin = `http://127.0.0.1:${String(ready.port)}`;
  return Object.assign(bot, { origin, url: `${origin}/interactions` });
}

/** A response as a client sees it. */
export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/** Sends a request with node:http (so headers and bodies can be anything) and reads the reply. */
export function send(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: options.method ?? 'POST', headers: options.headers ?? {} });
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text }),
      );
    });
    request.on('error', reject);
    request.end(options.body);
  });
}
