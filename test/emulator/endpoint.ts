/**
 * Discord's side of an Interactions Endpoint URL: requests signed with an Ed25519 key (the app
 * is given the public half as its public key), sent as Discord sends them, and the reply read
 * back as the interaction's callback.
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

/** Signs request bodies the way Discord does: Ed25519 over the timestamp followed by the body. */
export class InteractionSigner {
  /** The public key as the Developer Portal shows it: 64 hex characters. */
  readonly publicKey: string;
  private readonly privateKey: KeyObject;

  constructor(pair: { publicKey: KeyObject; privateKey: KeyObject } = generateKeyPairSync('ed25519')) {
    const jwk = pair.publicKey.export({ format: 'jwk' });
    this.publicKey = Buffer.from(jwk.x ?? '', 'base64url').toString('hex');
    this.privateKey = pair.privateKey;
  }

  /** `X-Signature-Ed25519` and `X-Signature-Timestamp` for `body`; the timestamp is in seconds. */
  headers(
    body: string | Buffer,
    timestamp = Math.floor(Date.now() / 1000),
  ): { 'x-signature-ed25519': string; 'x-signature-timestamp': string } {
    const stamp = String(timestamp);
    const signature = sign(null, Buffer.concat([Buffer.from(stamp), Buffer.from(body)]), this.privateKey);
    return { 'x-signature-ed25519': signature.toString('hex'), 'x-signature-timestamp': stamp };
  }
}

/** What an endpoint answered to one request. */
export interface EndpointReply {
  status: number;
  /** Response headers, lower-cased names. */
  headers: Record<string, string>;
  /** The body exactly as received. */
  text: string;
  /** The body parsed as JSON, or null when it is not JSON. */
  body: unknown;
  /** Milliseconds from sending the request to having the whole response. */
  elapsedMs: number;
}

/** POSTs `body` to `url` with Discord's headers and reads the whole reply. */
export async function postSigned(
  url: string,
  body: string,
  signer: InteractionSigner,
): Promise<EndpointReply> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Discord-Interactions/1.0 (+https://discord.com)',
      ...signer.headers(body),
    },
    body,
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers.entries()),
    text,
    body: parsed,
    elapsedMs: performance.now() - started,
  };
}
