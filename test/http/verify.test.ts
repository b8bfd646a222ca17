/**
 * The signature check Discord's requests must pass: Ed25519 over the timestamp and the raw
 * body, with real key pairs, and a timestamp no more than five minutes from the clock.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createAsyncSignatureCheck, publicKeyFromHex } from '../../src/http/verify.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const publicHex = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('hex');
const stranger = generateKeyPairSync('ed25519').privateKey;

/** A fixed clock: 2024-04-02T12:00:00Z. */
const NOW_S = 1_712_059_200;
const clock = { now: () => NOW_S * 1000 };
const body = Buffer.from('{"type":1,"id":"1","application_id":"2","token":"t","version":1}');

function signature(timestamp: string, payload: Buffer = body, key = privateKey): string {
  return sign(null, Buffer.concat([Buffer.from(timestamp), payload]), key).toString('hex');
}

/** The check, verifying on the thread pool, as a promise of its answer. */
const checks = [['on the thread pool', (hex: string) => createAsyncSignatureCheck(hex, clock)]] as const;

describe.each(checks)('GIVEN the public key of a freshly generated Ed25519 pair, checked %s', (_, make) => {
  const check = make(publicHex);

  it('THEN a request signed with its private key now passes, in lower or upper case hex', async () => {
    const ts = String(NOW_S);
    expect(await check(signature(ts), ts, body)).toBeNull();
    expect(await check(signature(ts).toUpperCase(), ts, body)).toBeNull();
    expect(await make(publicHex.toUpperCase())(signature(ts), ts, body)).toBeNull();
  });

  it('THEN missing headers are refused by name', async () => {
    const ts = String(NOW_S);
    expect(await check(undefined, ts, body)).toBe('missing signature');
    expect(await check('', ts, body)).toBe('missing signature');
    expect(await check(signature(ts), undefined, body)).toBe('missing timestamp');
  });

  it('THEN a signature that is not 128 hex characters is malformed, not half-read', async () => {
    const ts = String(NOW_S);
    const good = signature(ts);
    expect(await check(good.slice(0, 126), ts, body)).toBe('malformed signature');
    expect(await check(`${good}00`, ts, body)).toBe('malformed signature');
    // Buffer.from(…, 'hex') stops at the first non-hex pair; the check must not.
    expect(await check(`${good.slice(0, 126)}zz`, ts, body)).toBe('malformed signature');
    expect(await check(good, 'yesterday', body)).toBe('malformed timestamp');
  });

  it('THEN a changed body, a changed timestamp or another key is a wrong signature', async () => {
    const ts = String(NOW_S);
    const tampered = Buffer.from(body.toString().replace('"type":1', '"type":2'));
    expect(await check(signature(ts), ts, tampered)).toBe('wrong signature');
    expect(await check(signature(ts), String(NOW_S - 1), body)).toBe('wrong signature');
    expect(await check(signature(ts, body, stranger), ts, body)).toBe('wrong signature');
  });

  it('THEN a timestamp up to five minutes either way passes, and beyond is stale or from the future', async () => {
    for (const offset of [-300, -1, 1, 300]) {
      const ts = String(NOW_S + offset);
      expect(await check(signature(ts), ts, body), `offset ${offset}`).toBeNull();
    }
    const old = String(NOW_S - 301);
    expect(await check(signature(old), old, body)).toBe('stale timestamp');
    const ahead = String(NOW_S + 301);
    expect(await check(signature(ahead), ahead, body)).toBe('future timestamp');
  });

  it('THEN a key that is not 64 hex characters is refused when the check is built', () => {
    expect(() => publicKeyFromHex(publicHex.slice(2))).toThrow(/64 hex characters/);
    expect(() => publicKeyFromHex(`${publicHex.slice(2)}zz`)).toThrow(/64 hex characters/);
  });
});
