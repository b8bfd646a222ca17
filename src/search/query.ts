/**
 * Query analysis: what someone typed becomes slots, one per word or alias phrase they meant.
 * Each slot lists the ways an item can satisfy it (the words themselves, the topic it names,
 * that topic's name or one-word aliases, a typo's correction, a prefix for a word still being
 * typed) and a weight for how telling it is.
 */
import { fold, stem, type Token, tokenize } from './analyze.js';
import { type Lexicon, rarity, topicTerm } from './lexicon.js';
import { findPeriod, type Period } from './when.js';

/** One way a slot can be satisfied: every term must match. */
export interface Alternative {
  readonly terms: readonly string[];
  /** typed: the words themselves; topic: the topic they name; corrected: a typo's fix; prefix: a partial word. */
  readonly kind: 'typed' | 'topic' | 'corrected' | 'prefix';
  /** How much a match on this alternative counts against a match on the typed words. */
  readonly factor: number;
}

/** A word or phrase of the query. */
export interface Slot {
  /** As typed (lower-case). */
  readonly text: string;
  readonly alternatives: readonly Alternative[];
  /** How telling the slot is; unknown words weigh as much as the rarest known word. */
  readonly weight: number;
}

/** An analysed query. */
export interface Query {
  readonly text: string;
  readonly slots: readonly Slot[];
  /** A year or month named in the query, when periods are read (the timeline). */
  readonly period: Period | null;
  /** Typos read as other words. */
  readonly corrections: readonly { readonly from: string; readonly to: string }[];
}

/** Options for reading a query. */
export interface AnalyzeOptions {
  /** Read years and months as a period rather than as words. Default false. */
  readonly periods?: boolean;
  /** The most slots kept from a long text (a whole message). Default 24. */
  readonly maxSlots?: number;
}

const FACTOR = { typed: 1, topic: 0.5, corrected: 0.75, prefix: 0.6 } as const;

/** The weight of a word the pack never uses, as a share of the rarest word's. */
const UNKNOWN_WORD = 0.35;

/**
 * The pack word a typo most likely meant. Short words are left alone: "best" is one edit from
 * "rest" and "reset" from "rest", and neither is a typo.
 */
function correct(word: string, lexicon: Lexicon): string | null {
  if (word.length < 5 || /\d/.test(word)) return null;
  const distance = word.length >= 8 ? 2 : 1;
  let best: { word: string; distance: number; count: number } | null = null;
  for (const [candidate, [count, d]] of lexicon.words.fuzzyGet(word, distance)) {
    if (d === 0) return null;
    if (candidate.length < 5) continue;
    if (!best || d < best.distance || (d === best.distance && count > best.count)) {
      best = { word: candidate, distance: d, count };
    }
  }
  return best?.word ?? null;
}

class SlotBuilder {
  private readonly alternatives = new Map<string, Alternative>();
  add(terms: readonly string[], kind: Alternative['kind']): void {
    if (terms.length === 0) return;
    const key = [...terms].sort().join(' ');
    if (!this.alternatives.has(key)) this.alternatives.set(key, { terms, kind, factor: FACTOR[kind] });
  }
  build(text: string, weight: number): Slot {
    return { text, alternatives: [...this.alternatives.values()], weight };
  }
}

/** Reads a query against the pack's lexicon. */
export function analyzeQuery(text: string, lexicon: Lexicon, options: AnalyzeOptions = {}): Query {
  const maxSlots = options.maxSlots ?? 24;
  const all = tokenize(text);
  const period = options.periods ? findPeriod(all, fold(text)) : null;
  const tokens: Token[] = period ? all.filter((token) => !period.tokens.includes(token)) : all;
  const rarest = rarity(lexicon, '\u0000');
  // A word the pack never uses counts against a match, but less than a rare word the pack
  // does use: questions carry words of their own ("involved", "stop") that the sources need not.
  const unknown = rarest * UNKNOWN_WORD;
  const known = (s: string) => lexicon.documentFrequency.has(s);
  const slots: Slot[] = [];
  const corrections: { from: string; to: string }[] = [];
  const seen = new Set<string>();

  for (let i = 0; i < tokens.length && slots.length < maxSlots; ) {
    // The longest alias phrase starting here names a topic.
    let matched = 0;
    for (let length = Math.min(lexicon.longestAlias, tokens.length - i); length >= 1; length--) {
      const words = tokens.slice(i, i + length).map((token) => token.word);
      const key = words.join(' ');
      const entry = lexicon.aliases.get(key);
      if (!entry) continue;
      matched = length;
      if (seen.has(key)) break;
      seen.add(key);
      const own = words.filter((word) => !lexicon.stop.has(word)).map(stem);
      const slot = new SlotBuilder();
      slot.add(own, 'typed');
      for (const topic of entry.topics) slot.add([topicTerm(topic)], 'topic');
      for (const name of entry.names) slot.add(name, 'topic');
      for (const word of entry.words) slot.add([word], 'topic');
      // The phrase weighs as its most telling typed word the pack uses, else as the topic it names.
      const ownWeights = own.filter(known).map((s) => rarity(lexicon, s));
      const weights =
        ownWeights.length > 0
          ? ownWeights
          : entry.topics
              .map(topicTerm)
              .filter(known)
              .map((term) => rarity(lexicon, term));
      slots.push(slot.build(key, weights.length > 0 ? Math.max(...weights) : unknown));
      break;
    }
    if (matched > 0) {
      i += matched;
      continue;
    }

    const token = tokens[i] as Token;
    const last = i === tokens.length - 1;
    i += 1;
    if (lexicon.stop.has(token.word) || seen.has(token.word)) continue;
    seen.add(token.word);
    const typed = stem(token.word);
    const slot = new SlotBuilder();
    slot.add([typed], 'typed');
    let weight = rarity(lexicon, typed);
    if (!known(typed)) {
      weight = unknown;
      const fixed = correct(token.word, lexicon);
      if (fixed) {
        const fixedStem = stem(fixed);
        slot.add([fixedStem], 'corrected');
        corrections.push({ from: token.word, to: fixed });
        weight = rarity(lexicon, fixedStem);
        // A typo of an alias ("zuckerburg") also stands for the alias's topic.
        const entry = lexicon.aliases.get(fixed);
        for (const topic of entry?.topics ?? []) slot.add([topicTerm(topic)], 'topic');
      } else if (last && token.word.length >= 3 && /^[a-z]+$/.test(token.word)) {
        slot.add([token.word], 'prefix');
      }
    }
    slots.push(slot.build(token.word, weight));
  }
  return { text, slots, period, corrections };
}
