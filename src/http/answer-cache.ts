/**
 * Answers kept as the JSON text that was sent, so a request answered before costs its
 * signature check and a lookup. Only answers that can be reused go in (see
 * `src/discord/reuse.ts`); a new pack (a reload) starts the cache afresh. The least recently
 * used answers leave first once the cache is full.
 */
import type { AnswerRecords } from '../discord/recording.js';

/** Tuning of the answer cache. */
export interface AnswerCacheOptions {
  /** Most answers kept. Default 1,000. */
  readonly entries?: number;
  /** Most characters kept, over all answers (two bytes each at most). Default 4,000,000. */
  readonly characters?: number;
}

/** Defaults: a thousand answers, a few megabytes at most. */
export const answerCacheDefaults = {
  entries: 1_000,
  characters: 4_000_000,
} as const satisfies Required<AnswerCacheOptions>;

/**
 * A kept answer: its JSON text, the text's length in bytes, and what giving it records (null
 * when it records nothing), written again with each interaction it answers.
 */
export interface KeptAnswer {
  readonly text: string;
  readonly bytes: number;
  readonly records: AnswerRecords | null;
}

/** Answers of one pack, by key; see {@link answerCacheDefaults} for the limits. */
export class AnswerCache {
  private readonly entries: number;
  private readonly characters: number;
  private readonly kept = new Map<string, KeptAnswer>();
  private size = 0;
  private owner: object | null = null;

  constructor(options: AnswerCacheOptions = {}) {
    this.entries = options.entries ?? answerCacheDefaults.entries;
    this.characters = options.characters ?? answerCacheDefaults.characters;
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

  /** Keeps an answer given from the pack `owner`; a new owner clears what was kept. */
  set(owner: object, key: string, text: string, records: AnswerRecords | null = null): void {
    if (text.length > this.characters) return;
    if (owner !== this.owner) {
      this.kept.clear();
      this.size = 0;
      this.owner = owner;
    }
    const previous = this.kept.get(key);
    if (previous !== undefined) {
      this.kept.delete(key);
      this.size -= previous.text.length;
    }
    this.kept.set(key, { text, bytes: Buffer.byteLength(text), records });
    this.size += text.length;
    for (const [oldest, answer] of this.kept) {
      if (this.kept.size <= this.entries && this.size <= this.characters) break;
      this.kept.delete(oldest);
      this.size -= answer.text.length;
    }
  }

  /** How many answers are kept. */
  get count(): number {
    return this.kept.size;
  }
}
