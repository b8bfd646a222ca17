/**
 * Logs never hold a secret: not the bot token, not the public key, not the interaction or
 * webhook tokens inside Discord URLs — whether they arrive in a message, a nested object or an
 * error. Each test also checks what is kept, so that dropping a whole field cannot pass for
 * redacting it.
 */
import { describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../src/log.js';

/** Shaped like a bot token; made up, and built here so no scanner trips on it. */
const TOKEN = `${'M'.repeat(24)}.${'G'.repeat(6)}.${'x'.repeat(27)}`;
const PUBLIC_KEY = 'c0ffee'.repeat(10) + 'c0de';
/** Interaction tokens are long opaque strings, unknown to the logger in advance. */
const INTERACTION_TOKEN = `aW50ZXJhY3Rpb246${'q'.repeat(40)}Zz9`;
const WEBHOOK_TOKEN = `wh_${'k'.repeat(60)}`;
const ID = '123456789012345678';
const CALLBACK_URL = `https://discord.com/api/v10/interactions/${ID}/${INTERACTION_TOKEN}/callback`;
const WEBHOOK_URL = `https://discord.com/api/v10/webhooks/${ID}/${WEBHOOK_TOKEN}/messages/@original`;
const SECRETS = [TOKEN, PUBLIC_KEY, INTERACTION_TOKEN, WEBHOOK_TOKEN];

function capture(secrets: readonly string[] = [TOKEN, PUBLIC_KEY]): {
  logger: Logger;
  text: () => string;
  records: () => Record<string, unknown>[];
} {
  const chunks: string[] = [];
  const logger = createLogger({
    stream: { write: (chunk: string) => chunks.push(chunk) },
    secrets,
    level: 'info',
  });
  const text = () => chunks.join('');
  return {
    logger,
    text,
    records: () =>
      text()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

function expectNoSecret(text: string): void {
  expect(text.length).toBeGreaterThan(0);
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('createLogger: secrets in messages', () => {
  it('GIVEN the bot token and public key in a message THEN both are replaced, the rest is kept', () => {
    const { logger, text, records } = capture();
    logger.info(`logging in with ${TOKEN}`);
    logger.warn('verifying with key %s', PUBLIC_KEY);
    expectNoSecret(text());
    expect(records().map((record) => record.msg)).toEqual([
      'logging in with [redacted]',
      'verifying with key [redacted]',
    ]);
  });

  it('GIVEN interaction and webhook URLs in a message THEN their tokens are replaced, the ids kept', () => {
    const { logger, text, records } = capture();
    logger.info(`POST ${CALLBACK_URL} took long`);
    logger.info(`PATCH ${WEBHOOK_URL}`);
    expectNoSecret(text());
    expect(records().map((record) => record.msg)).toEqual([
      `POST https://discord.com/api/v10/interactions/${ID}/[redacted]/callback took long`,
      `PATCH https://discord.com/api/v10/webhooks/${ID}/[redacted]/messages/@original`,
    ]);
  });

  it('GIVEN "Bot <token>" in a message THEN it is replaced even when the logger was not told the token', () => {
    const { logger, text, records } = capture([]);
    logger.info(`Authorization: Bot ${TOKEN}`);
    expectNoSecret(text());
    expect(records()[0]?.msg).toBe('Authorization: Bot [redacted]');
  });

  it('GIVEN an object interpolated into a message with %j THEN the URL token in it is replaced', () => {
    const { logger, text } = capture();
    logger.info('calling %j', { method: 'POST', url: CALLBACK_URL });
    expectNoSecret(text());
  });
});

describe('createLogger: secrets in objects', () => {
  it('GIVEN URLs with tokens in nested objects and arrays THEN the tokens are replaced, the URLs kept', () => {
    const { logger, text, records } = capture();
    logger.info({ request: { method: 'POST', url: CALLBACK_URL, retries: [WEBHOOK_URL] } }, 'sending');
    logger.info({ a: { b: { c: { note: `token ${TOKEN} key ${PUBLIC_KEY}` } } } }, 'deep');
    expectNoSecret(text());
    const [first, second] = records();
    expect(first?.request).toEqual({
      method: 'POST',
      url: `https://discord.com/api/v10/interactions/${ID}/[redacted]/callback`,
      retries: [`https://discord.com/api/v10/webhooks/${ID}/[redacted]/messages/@original`],
    });
    expect(second?.a).toEqual({ b: { c: { note: 'token [redacted] key [redacted]' } } });
  });

  it('GIVEN headers.authorization THEN its value is [redacted], at the top and one level down', () => {
    const { logger, text, records } = capture([]);
    logger.info({ headers: { authorization: 'Bearer opaque-oauth-value', accept: 'application/json' } });
    logger.info({ req: { headers: { authorization: `Bot ${TOKEN}` } } });
    expectNoSecret(text());
    expect(text()).not.toContain('opaque-oauth-value');
    const [first, second] = records();
    expect(first?.headers).toEqual({ authorization: '[redacted]', accept: 'application/json' });
    expect(second?.req).toEqual({ headers: { authorization: '[redacted]' } });
  });

  it('GIVEN token and publicKey fields THEN their values are [redacted]', () => {
    const { logger, text, records } = capture([]);
    logger.info({ token: INTERACTION_TOKEN, interaction: { id: ID, token: INTERACTION_TOKEN } });
    logger.info({ publicKey: PUBLIC_KEY });
    expectNoSecret(text());
    const [first, second] = records();
    expect(first?.token).toBe('[redacted]');
    expect(first?.interaction).toEqual({ id: ID, token: '[redacted]' });
    expect(second?.publicKey).toBe('[redacted]');
  });

  it('GIVEN the bot token eight levels deep THEN it is still not written', () => {
    const { logger, text } = capture();
    logger.info({ l1: { l2: { l3: { l4: { l5: { l6: { l7: { l8: `Bot ${TOKEN}` } } } } } } } }, 'deep');
    expectNoSecret(text());
  });
});

describe('createLogger: secrets in errors', () => {
  const failure = () => {
    const error = new Error(`POST ${CALLBACK_URL} failed for ${TOKEN}`) as Error & { url?: string };
    error.url = WEBHOOK_URL;
    return error;
  };

  it('GIVEN an error logged under err with a message THEN no secret is written', () => {
    const { logger, text } = capture();
    logger.error({ err: failure() }, 'request failed');
    expectNoSecret(text());
  });

  it('GIVEN an error logged under err THEN its type, message and stack are kept, scrubbed', () => {
    const { logger, text, records } = capture();
    logger.error({ err: failure() }, 'request failed');
    expectNoSecret(text());
    const err = records()[0]?.err as Record<string, unknown> | undefined;
    expect(err?.type).toBe('Error');
    expect(err?.message).toBe(
      `POST https://discord.com/api/v10/interactions/${ID}/[redacted]/callback failed for [redacted]`,
    );
    expect(String(err?.stack)).toMatch(/^Error: POST .*\/\[redacted\]\/callback failed for \[redacted\]/);
    expect(err?.url).toBe(`https://discord.com/api/v10/webhooks/${ID}/[redacted]/messages/@original`);
  });

  it('GIVEN an error logged as logger.error(err) or logger.error({ err }) THEN the message line holds no secret', () => {
    const { logger, text } = capture();
    logger.error(failure());
    logger.error({ err: failure() });
    expectNoSecret(text());
  });

  it('GIVEN an error whose cause holds a secret THEN the cause is kept, scrubbed', () => {
    const { logger, text, records } = capture();
    logger.error({ err: new Error('reply failed', { cause: failure() }) }, 'reply failed');
    expectNoSecret(text());
    const err = records()[0]?.err as Record<string, unknown> | undefined;
    expect(String(err?.message)).toMatch(/^reply failed/);
    expect(JSON.stringify(err)).toContain('[redacted]');
  });
});
