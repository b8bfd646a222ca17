/**
 * Discord signs every request to an Interactions Endpoint URL with the application's Ed25519
 * key: `X-Signature-Ed25519` (hex) over `X-Signature-Timestamp` followed by the raw body. Node
 * verifies Ed25519 itself, so no dependency is needed. A request that fails any check is
 * refused before anything else reads it.
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';

/** How far (in seconds) a request's timestamp may be from this machine's clock, either way. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

/** Why a request was refused; never includes the signature itself. */
export type SignatureProblem =
  | 'missing signature'
  | 'missing timestamp'
  | 'malformed signature'
  | 'malformed timestamp'
  | 'stale timestamp'
  | 'future timestamp'
  | 'wrong signature';

/** Options for {@link createAsyncSignatureCheck}. */
export interface SignatureCheckOptions {
  /** The clock, in milliseconds since the epoch (tests move it). */
  readonly now?: () => number;
  /** Allowed distance between the timestamp and the clock; default {@link MAX_CLOCK_SKEW_SECONDS}. */
  readonly maxSkewSeconds?: number;
}

/** The application's public key (64 hex characters, as the Developer Portal shows it) as a key object. */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('an Ed25519 public key is 64 hex characters');
  const x = Buffer.from(hex, 'hex').toString('base64url');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
}

/** What is wrong with the headers before any signature is checked, or null. */
function malformed(signature: string | undefined, timestamp: string | undefined): SignatureProblem | null {
  if (!signature) return 'missing signature';
  if (!timestamp) return 'missing timestamp';
  // 64 bytes of signature; Buffer.from(…, 'hex') would silently drop what is not hex.
  if (!/^[0-9a-fA-F]{128}$/.test(signature)) return 'malformed signature';
  if (!/^\d{1,12}$/.test(timestamp)) return 'malformed timestamp';
  return null;
}

/** The problem with a request whose signature was checked, or null when it passes. */
function judged(ok: boolean, timestamp: string, now: () => number, maxSkew: number): SignatureProblem | null {
  if (!ok) return 'wrong signature';
  // Checked after the signature, so the answer says nothing about the clock to a forger.
  const age = Math.floor(now() / 1000) - Number(timestamp);
  if (age > maxSkew) return 'stale timestamp';
  if (age < -maxSkew) return 'future timestamp';
  return null;
}

/** What Discord signs: the timestamp followed by the raw body. */
function signedBytes(timestamp: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(timestamp, 'latin1'), body]);
}

/**
 * Checks the signature headers of one request, answering once the signature was verified on
 * libuv's thread pool: null for a good request, or what is wrong with it.
 */
export type AsyncSignatureCheck = (
  signature: string | undefined,
  timestamp: string | undefined,
  body: Buffer,
) => Promise<SignatureProblem | null>;

/**
 * Builds the check once per process (the key is parsed here, not per request). The Ed25519
 * verification runs on libuv's thread pool rather than on the thread that answers: the event
 * loop goes on with other requests while a signature is checked. Nothing reads the body before
 * the promise resolves with null.
 */
export function createAsyncSignatureCheck(
  publicKeyHex: string,
  options: SignatureCheckOptions = {},
): AsyncSignatureCheck {
  const key = publicKeyFromHex(publicKeyHex);
  const now = options.now ?? Date.now;
  const maxSkew = options.maxSkewSeconds ?? MAX_CLOCK_SKEW_SECONDS;
  return (signature, timestamp, body) => {
    const problem = malformed(signature, timestamp);
    if (problem) return Promise.resolve(problem);
    return new Promise((resolve) => {
      verify(
        null,
        signedBytes(timestamp as string, body),
        key,
        Buffer.from(signature as string, 'hex'),
        (error, ok) => resolve(judged(error === null && ok, timestamp as string, now, maxSkew)),
      );
    });
  };
}
