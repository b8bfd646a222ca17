/**
 * Answers kept as the bytes that were sent (the callback's JSON in UTF-8), so a request answered
 * before costs its signature check, a lookup and a write: nothing is rendered, serialised or
 * encoded again. Only answers that can be reused go in (see `src/discord/reuse.ts`); a new pack
 * (a reload) starts the cache afresh. The least recently used answers leave first once the
 * cache is full, and once it is full an answer goes in only when its request was made before:
 * most free questions are asked once, and keeping each of them (to push out another) cost more
 * than the rest of answering it, in memory the garbage collector had to go through, while a
 * stream of them pushed out the answers asked again and again.
 */
import type { AnswerRecords } from '../discord/recording.js';

/** Tuning of the answer cache. */
export interface AnswerCacheOptions {
  /** Most answers kept. Default 1,000. */
  readonly entries?: number;
  /** Most bytes kept, over all answers. Default 8,000,000. */
  readonly bytes?: number;
}

/** Defaults: a thousand answers, a few megabytes at most. */
export const answerCacheDefaults = {
  entries: 1_000,
  bytes: 8_000_000,
} as const satisfies Required<AnswerCacheOptions>;

/**
 * A kept answer: its body as sent, and what giving it records (null when it records nothing),
 * written again with each interaction it answers.
 */
export interface KeptAnswer {
  /** The callback's JSON text in UTF-8; its length is the Content-Length. */
  readonly body: Buffer;
  readonly records: AnswerRecords | null;
}

/** A body in UTF-8, in memory of its own (not a slice of Node's shared pool, which it would pin). */
export function utf8(text: string): Buffer {
  const bytes = encoder.encode(text);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const encoder = new TextEncoder();

/** Slots of the table of requests offered but not kept (a power of two). */
const OFFERED_SLOTS = 8192;

/** A 32-bit FNV-1a hash of a key's UTF-16 code units, never 0 (an empty slot). */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash | 1;
}

/** Answers of one pack, by key; see {@link answerCacheDefaults} for the limits. */
export class AnswerCache {
  private readonly entries: number;
  private readonly bytes: number;
  private readonly kept = new Map<string, KeptAnswer>();
  /**
   * Requests offered while the cache was full and not kept, by the hash of their key, each in
   * the slot its hash names: a later request may take an earlier one's slot (it is then new
   * again), and two keys of one hash let the second in at once; neither changes an answer.
   */
  private readonly offered = new Int32Array(OFFERED_SLOTS);
  /**
   * The keys from the least recently used, read on as answers leave: a Map iterates in insertion
   * order and a use moves its key to the end, so this is the order in which they go. One
   * iterator kept, rather than a new one each time, so the places of answers gone are passed
   * over once, not on every eviction.
   */
  private oldest: IterableIterator<string> | null = null;
  private size = 0;
  private owner: object | null = null;

  constructor(options: AnswerCacheOptions = {}) {
    this.entries = options.entries ?? answerCacheDefaults.entries;
    this.bytes = options.bytes ?? answerCacheDefaults.bytes;
  }

  /** The answer kept for `key` from the pack `owner`, or undefined. */
  get(owner: object, key: string): KeptAnswer | undefined {
    if (owner !== this.owner) return undefined;
    const found = this.kept.get(key);
    if (found !== undefined) {
      // Most recently used last.
      this.kept.delete(key);
      this.kept.set(key, found);
    }
    return found;
  }

  /**
   * Keeps an answer given from the pack `owner`; a new owner clears what was kept. Once the
   * cache is full, the answer is kept only if its key was offered before (and not kept then).
   */
  set(owner: object, key: string, body: Buffer, records: AnswerRecords | null = null): void {
    if (body.length > this.bytes) return;
    if (owner !== this.owner) {
      this.kept.clear();
      this.offered.fill(0);
      this.oldest = null;
      this.size = 0;
      this.owner = owner;
    }
    if (this.kept.size >= this.entries || this.size + body.length > this.bytes) {
      const hash = hashOf(key);
      const slot = hash & (OFFERED_SLOTS - 1);
      if (this.offered[slot] !== hash) {
        this.offered[slot] = hash;
        return;
      }
      this.offered[slot] = 0;
    }
    const previous = this.kept.get(key);
    if (previous !== undefined) {
      this.kept.delete(key);
      this.size -= previous.body.length;
    }
    this.kept.set(key, { body, records });
    this.size += body.length;
    while (this.kept.size > this.entries || this.size > this.bytes) {
      let next = this.oldest?.next();
      if (next === undefined || next.done) {
        // Read to its end (a finished iterator stays finished): start again from the oldest.
        this.oldest = this.kept.keys();
        next = this.oldest.next();
      }
      const gone = next.value as string;
      this.size -= (this.kept.get(gone) as KeptAnswer).body.length;
      this.kept.delete(gone);
    }
  }

  /** How many answers are kept. */
  get count(): number {
    return this.kept.size;
  }
}
