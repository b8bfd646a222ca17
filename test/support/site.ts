/**
 * The web record for tests: built in this process from the shipped pack, parsed with linkedom
 * where no browser is needed, or served the way users serve it (`node dist/src/main.js --http`
 * with SITE=true), with a real Ed25519 key so interactions can be signed as Discord signs them.
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { parseHTML } from 'linkedom';
import type { AnswerContext } from '../../src/answers/answer.js';
import { openContext } from '../../src/answers/context.js';
import { buildSite, type SiteFiles } from '../../src/site/build.js';
import { type BotProcess, startMain } from './bot.js';
import { shippedPack } from './pack.js';

/** The shipped pack, opened. */
export async function shippedContext(): Promise<AnswerContext> {
  const opened = await openContext(shippedPack);
  if (!opened.ok) throw new Error(`test setup: the pack does not load:\n${opened.problems.join('\n')}`);
  return opened.context;
}

/** The site of the shipped pack, built in this process. */
export async function shippedSite(
  publicUrl: string | null = null,
): Promise<{ context: AnswerContext; files: SiteFiles }> {
  const context = await shippedContext();
  return { context, files: await buildSite(context, { publicUrl }) };
}

/** A parsed page. */
export type PageDocument = ReturnType<typeof parseHTML>['document'];

/** An element of a parsed page. */
export type PageElement = NonNullable<ReturnType<PageDocument['querySelector']>>;

/** A page's document, parsed as a browser would (without running scripts). */
export function parsePage(html: string): PageDocument {
  return parseHTML(html).document;
}

/** The text of an element as a reader sees it, white space folded. */
export function textOf(element: PageElement | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** An application's Ed25519 key pair; the public half as the Developer Portal shows it (hex). */
export interface AppKey {
  readonly publicKeyHex: string;
  /** The headers Discord sends with a body: signature over timestamp + body. */
  signatureHeaders(body: string): Record<string, string>;
}

export function appKey(): AppKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' }) as { x: string };
  return {
    publicKeyHex: Buffer.from(jwk.x, 'base64url').toString('hex'),
    signatureHeaders(body) {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = sign(null, Buffer.from(timestamp + body), privateKey as KeyObject).toString('hex');
      return {
        'content-type': 'application/json',
        'x-signature-ed25519': signature,
        'x-signature-timestamp': timestamp,
      };
    },
  };
}

/** The HTTP mode serving the web record, and where. */
export interface SiteServer extends BotProcess {
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  readonly key: AppKey;
}

/** Starts `node dist/src/main.js --http` with SITE=true on a free port of 127.0.0.1. */
export async function startSiteServer(env: Record<string, string> = {}): Promise<SiteServer> {
  const key = appKey();
  const server = await startMain(
    {
      DISCORD_PUBLIC_KEY: key.publicKeyHex,
      DISCORD_APPLICATION_ID: '1300000000000000001',
      HOST: '127.0.0.1',
      PORT: '0',
      SITE: 'true',
      ...env,
    },
    ['--http'],
  );
  const ready = await server.waitForLog((record) => record.msg === 'ready');
  return Object.assign(server, { origin: `http://127.0.0.1:${String(ready.port)}`, key });
}
