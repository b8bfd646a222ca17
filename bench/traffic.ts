/**
 * What the HTTP load test sends: signed slash-command interactions, one per request, drawn from
 * the eval queries. Two kinds of stream:
 *
 * - **distinct**: no (command, query) is ever sent twice to the same server. Each eval query
 *   comes back with its letters in another case ("Inbox API", "iNbox api", …): the same words
 *   for search, the same results, but a different query as typed (it is echoed in the answer
 *   and carried in its buttons), so nothing a server keeps from an earlier request answers it.
 * - **repeating**: a given share of the requests repeat one of the eval queries exactly as
 *   written (drawn uniformly), the rest are distinct as above.
 *
 * Every body is signed with a real Ed25519 key before the load starts (signing takes about as
 * long as verifying, and the load generator shares the machine with the server).
 */
import { type KeyObject, sign } from 'node:crypto';
import type { Request } from 'autocannon';
import type { BenchQuery } from './engines.js';
import { interactionBodies, slashInteraction } from './interactions.js';
import { seededRandom, seedOf } from './stats.js';

/** One signed request, ready to send. */
export interface SignedBody {
  /** `mode\0query`: what a server could recognise as asked before. */
  readonly key: string;
  readonly body: Buffer;
  readonly signature: string;
  readonly timestamp: string;
}

/** How many distinct case variants a text has (2 to the number of its letters, capped). */
function variantCount(text: string): number {
  const letters = text.replace(/[^a-z]/gi, '').length;
  return 2 ** Math.min(letters, 24);
}

/** The text with the case of its letters flipped where the bits of `n` say (n = 0: as written). */
export function caseVariant(text: string, n: number): string {
  let bit = 0;
  let out = '';
  for (const char of text) {
    if (/[a-z]/i.test(char)) {
      const flip = Math.floor(n / 2 ** bit) % 2 === 1;
      bit++;
      out += flip ? (char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase()) : char;
    } else out += char;
  }
  return out;
}

/**
 * Signed interactions: the eval queries as written (`popular`), and `distinct` of their case
 * variants, the queries taken in turn (a query with few letters runs out of variants and drops
 * out of the turns).
 */
export class SignedPool {
  readonly popular: readonly SignedBody[];
  readonly distinct: readonly SignedBody[];
  /** When the bodies were signed (ms since the epoch): servers refuse timestamps over 5 minutes old. */
  readonly signedAt: number;

  constructor(queries: readonly BenchQuery[], distinctCount: number, privateKey: KeyObject) {
    this.signedAt = Date.now();
    const timestamp = String(Math.floor(this.signedAt / 1000));
    const signed = (key: string, text: string): SignedBody => {
      const body = Buffer.from(text);
      const signature = sign(null, Buffer.concat([Buffer.from(timestamp), body]), privateKey).toString('hex');
      return { key, body, signature, timestamp };
    };
    const slash = interactionBodies(queries).map(({ query }) => query);
    this.popular = slash.map((query, n) =>
      signed(`${query.mode}\0${query.text}`, JSON.stringify(slashInteraction(query.mode, query.text, n))),
    );
    const distinct: SignedBody[] = [];
    let id = slash.length;
    for (let round = 1; distinct.length < distinctCount; round++) {
      const open = slash.filter((query) => round < variantCount(query.text));
      if (open.length === 0) break;
      for (const query of open) {
        if (distinct.length >= distinctCount) break;
        const text = caseVariant(query.text, round);
        distinct.push(
          signed(`${query.mode}\0${text}`, JSON.stringify(slashInteraction(query.mode, text, id++))),
        );
      }
    }
    this.distinct = distinct;
  }
}

/** What a stream has sent so far. */
export interface StreamCounts {
  readonly sent: number;
  /** Requests whose (command, query) this stream had sent before. */
  readonly repeated: number;
}

/**
 * One server's stream of requests: `repeatShare` of them (0–1) repeat a popular query, the rest
 * take the next distinct body. Its state carries over from warm-up to the timed runs, as the
 * server's does.
 */
export class RequestStream {
  private readonly random: () => number;
  private readonly seen = new Set<string>();
  private cursor = 0;
  private sent = 0;
  private repeated = 0;

  constructor(
    private readonly pool: SignedPool,
    readonly repeatShare: number,
    seed: string,
  ) {
    this.random = seededRandom(seedOf(seed));
  }

  /** The next body to send. */
  next(): SignedBody {
    const { popular, distinct } = this.pool;
    const body =
      this.random() < this.repeatShare
        ? (popular[Math.floor(this.random() * popular.length)] as SignedBody)
        : (distinct[this.cursor++ % distinct.length] as SignedBody);
    this.sent++;
    if (this.seen.has(body.key)) this.repeated++;
    else this.seen.add(body.key);
    return body;
  }

  counts(): StreamCounts {
    return { sent: this.sent, repeated: this.repeated };
  }

  /** autocannon's request list: one entry that takes the next body each time. */
  requests(): Request[] {
    return [
      {
        method: 'POST',
        path: '/interactions',
        setupRequest: (request) => {
          const next = this.next();
          return {
            ...request,
            headers: {
              'content-type': 'application/json',
              'x-signature-ed25519': next.signature,
              'x-signature-timestamp': next.timestamp,
            },
            body: next.body,
          };
        },
      },
    ];
  }
}
