/**
 * The signature check Discord's requests must pass: Ed25519 over the timestamp and the raw
 * body, with real key pairs, and a timestamp no more than five minutes from the clock.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSignatureCheck, publicKeyFromHex } from '../../src/http/verify.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const publicHex = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('hex');
const stranger = generateKeyPairSync('ed25519').privateKey;

/** A fixed clock: 2024-04-02T12:00:00Z. */
const NOW_S = 1_712_059_200;
const check = createSignatureCheck(publicHex, { now: () => NOW_S * 1000 });
const body = Buffer.from('{"type":1,"id":"1","application_id":"2","token":"t","version":1}');

function signature(timestamp: string, payload: Buffer = body, key = privateKey): string {
  return sign(null, Buffer.concat([Buffer.from(timestamp), payload]), key).toString('hex');
}

describe('GIVEN the public key of a freshly generated Ed25519 pair', () => {
  it('THEN a request signed with its private key now passes, in lower or upper case hex', () => {
    const ts = String(NOW_S);
    expect(check(signature(ts), ts, body)).toBeNull();
    expect(check(signature(ts).toUpperCase(), ts, body)).toBeNull();
    expect(
      createSignatureCheck(publicHex.toUpperCase(), { now: () => NOW_S * 1000 })(signature(ts), ts, body),
    ).toBeNull();
  });

  it('THEN missing headers are refused by name', () => {
    const ts = String(NOW_S);
    expect(check(undefined, ts, body)).toBe('missing signature');
    expect(check('', ts, body)).toBe('missing signature');
    expect(check(signature(ts), undefined, body)).toBe('missing timestamp');
  });

  it('THEN a signature that is not 128 hex characters is malformed, not half-read', () => {
    const ts = String(NOW_S);
    const good = signature(ts);
    expect(check(good.slice(0, 126), ts, body)).toBe('malformed signature');
    expect(check(`${good}00`, ts, body)).toBe('malformed signature');
    // Buffer.from(…, 'hex') stops at the first non-hex pair; the check must not.
    expect(check(`${good.slice(0, 126)}zz`, ts, body)).toBe('malformed signature');
    expect(check(good, 'yesterday', body)).toBe('malformed timestamp');
  });

  it('THEN a changed body, a changed timestamp or another key is a wrong signature', () => {
    const ts = String(NOW_S);
    const tampered = Buffer.from(body.toString().replace('"type":1', '"type":2'));
    expect(check(signature(ts), ts, tampered)).toBe('wrong signature');
    expect(check(signature(ts), String(NOW_S - 1), body)).toBe('wrong signature');
    expect(check(signature(ts, body, stranger), ts, body)).toBe('wrong signature');
  });

  it('THEN a timestamp up to five minutes either way passes, and beyond is stale or from the future', () => {
    for (const offset of [-300, -1, 1, 300]) {
      const ts = String(NOW_S + offset);
      expect(check(signature(ts), ts, body), `offset ${offset}`).toBeNull();
    }
    const old = String(NOW_S - 301);
    expect(check(signature(old), old, body)).toBe('stale timestamp');
    const ahead = String(NOW_S + 301);
    expect(check(signature(ahead), ahead, body)).toBe('future timestamp');
  });

  it('THEN a key that is not 64 hex characters is refused when the check is built', () => {
    expect(() => publicKeyFromHex(publicHex.slice(2))).toThrow(/64 hex characters/);
    expect(() => publicKeyFromHex(`${publicHex.slice(2)}zz`)).toThrow(/64 hex characters/);
  });
});
