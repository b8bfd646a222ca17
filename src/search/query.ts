/**
 * Query analysis: what someone typed becomes slots, one per word or alias phrase they meant.
 * Each slot lists the ways an item can satisfy it (the words themselves, the topic it names,
 * that topic's name or one-word aliases, a typo's correction, a prefix for a word still being
 * typed) and a weight for how telling it is.
 */
import { fold, stem, type Token, tokenize } from './analyze.js';
import { type Commonness, commonness } from './english.js';
import {
  type Lexicon,
  type PhraseEntry,
  PhrasesIn,
  phraseOf,
  rarity,
  topicTerm,
  type WordFacts,
  wordBook,
} from './lexicon.js';
import { deedWords, defaultReading, type Intent, type QuestionReading, readQuestion } from './question.js';
import { findPeriod, type Period } from './when.js';

/** One way a slot can be satisfied: every term must match. */
export interface Alternative {
  readonly terms: readonly string[];
  /**
   * typed: the words themselves; topic: the topic they name; corrected: a typo's fix; prefix: a
   * partial word; phrasing: the topics and items that carry the words as a phrasing.
   */
  readonly kind: 'typed' | 'topic' | 'corrected' | 'prefix' | 'phrasing';
  /** How much a match on this alternative counts against a match on the typed words. */
  readonly factor: number;
}

/** A word or phrase of the query. */
export interface Slot {
  /** As typed (lower-case). */
  readonly text: string;
  readonly alternatives: readonly Alternative[];
  /** How telling the slot is; a word the pack never uses weighs by how rare it is in English. */
  readonly weight: number;
  /**
   * False for a word the pack never uses that is common in English ("guy", "job"): likely how
   * the question is asked rather than what it asks about.
   */
  readonly telling: boolean;
  /**
   * True for a word the pack never uses that is rare in English and reads as no typo: most
   * likely a name or subject the pack does not hold ("tiktok", "shadowbanning").
   */
  readonly foreign: boolean;
  /**
   * True for a name: a word the pack always capitalises ("Netflix", "Musk"), a name or alias of a
   * topic that is a name ("Inbox API", "zuck"), or a foreign word. A question's other words that
   * tell something are its predicate: what it asks about whatever it names.
   */
  readonly name: boolean;
  /** True for a word of the question's predicate (see {@link Slot.name}). */
  readonly predicate: boolean;
}

/** An analysed query. */
export interface Query {
  readonly text: string;
  readonly slots: readonly Slot[];
  /** A year or month named in the query, when periods are read (the timeline). */
  readonly period: Period | null;
  /** Typos read as other words. */
  readonly corrections: readonly { readonly from: string; readonly to: string }[];
  /** What kind of answer the question asks for ("when", "who", "how much", "is it true"). */
  readonly intents: ReadonlySet<Intent>;
}

/** Options for reading a query. */
export interface AnalyzeOptions {
  /** Read years and months as a period rather than as words. Default false. */
  readonly periods?: boolean;
  /** The most slots kept from a long text (a whole message). Default 24. */
  readonly maxSlots?: number;
  /** Filler, question words and glue. Default {@link defaultReading}. */
  readonly reading?: QuestionReading;
}

/** How the words of a query are weighed. */
export interface QueryWeights {
  /** How much a match on each kind of alternative counts against a match on the typed words. */
  readonly factor: { readonly [K in Alternative['kind']]: number };
  /**
   * The weight of a word the pack never uses, as a share of the rarest word's, by how common it
   * is in English: a common word ("help", "paid") is likely how the question is asked, a rare
   * one or a name ("buyout", "tiktok") what it is about, so it counts against a match in full.
   */
  readonly unknown: { readonly [C in Commonness]: number };
}

/** Default weights. */
export const defaultWeights = {
  factor: { typed: 1, topic: 0.5, corrected: 0.75, prefix: 0.6, phrasing: 0.45 },
  unknown: { common: 0.3, everyday: 0.45, rare: 1 },
} as const satisfies QueryWeights;

/**
 * The pack word a typo most likely meant. Short words are left alone: "best" is one edit from
 * "rest" and "reset" from "rest", and neither is a typo. So are words that would need another
 * first letter: people seldom mistype the first one, and names often differ from a word there.
 */
function correct(word: string, lexicon: Lexicon): string | null {
  if (word.length < 5 || /\d/.test(word)) return null;
  return remembered(corrections, lexicon, word, () => nearest(word, lexicon));
}

/** How many words' readings (a typo's fix, a misspelt stop word) a pack's lexicon remembers. */
export const rememberedWords = 4096;

type Remembered<V> = WeakMap<Lexicon, Map<string, V>>;
const corrections: Remembered<string | null> = new WeakMap();
const stopSpellings: Remembered<boolean> = new WeakMap();

/**
 * What `work` gives for a word, worked out once per lexicon: a fuzzy search over the pack's words
 * costs more than the rest of reading a question. Past {@link rememberedWords} the lexicon
 * forgets them all (typed text is unbounded).
 */
function remembered<V>(kept: Remembered<V>, lexicon: Lexicon, word: string, work: () => V): V {
  let words = kept.get(lexicon);
  if (!words) {
    words = new Map();
    kept.set(lexicon, words);
  }
  if (words.has(word)) return words.get(word) as V;
  const value = work();
  if (words.size >= rememberedWords) words.clear();
  words.set(word, value);
  return value;
}

/** The nearest pack word to `word`, as {@link correct} chooses it. */
function nearest(word: string, lexicon: Lexicon): string | null {
  const distance = word.length >= 8 ? 2 : 1;
  let best: { word: string; distance: number; count: number } | null = null;
  for (const [candidate, [count, d]] of lexicon.words.fuzzyGet(word, distance)) {
    if (d === 0) return null;
    // Typos keep their first letter: "imessages" is not "messages", nor "gmail" "email".
    if (candidate.length < 5 || candidate[0] !== word[0]) continue;
    if (!best || d < best.distance || (d === best.distance && count > best.count)) {
      best = { word: candidate, distance: d, count };
    }
  }
  return best?.word ?? null;
}

/** True when a word is one edit from a stop word, and long enough for that to be a typo. */
function misspeltStopWord(word: string, lexicon: Lexicon): boolean {
  return (
    word.length >= 6 &&
    !/\d/.test(word) &&
    remembered(stopSpellings, lexicon, word, () => lexicon.stopSpellings.fuzzyGet(word, 1).size > 0)
  );
}

/** The key that tells an alternative's terms apart from another's: its terms, in any order. */
function termsKey(terms: readonly string[]): string {
  return terms.length === 1 ? (terms[0] as string) : [...terms].sort().join(' ');
}

/** An alternative with the key that tells it apart: its terms, in any order. */
interface KeyedAlternative {
  readonly key: string;
  readonly alternative: Alternative;
}

/**
 * One object for each way of meeting words (its kind and terms, in order), shared by every query:
 * an index keeps the matches it found for each object, so words asked again are not looked up
 * again. Past {@link rememberedWords} of a kind they are all forgotten (typed text is unbounded).
 */
const sharedAlternatives: { readonly [K in Alternative['kind']]: Map<string, KeyedAlternative> } = {
  typed: new Map(),
  topic: new Map(),
  corrected: new Map(),
  prefix: new Map(),
  phrasing: new Map(),
};

function keyed(terms: readonly string[], kind: Alternative['kind']): KeyedAlternative {
  const shared = sharedAlternatives[kind];
  const exact = terms.length === 1 ? (terms[0] as string) : terms.join(' ');
  const kept = shared.get(exact);
  if (kept) return kept;
  const made = {
    key: termsKey(terms),
    alternative: { terms, kind, factor: defaultWeights.factor[kind] },
  };
  if (shared.size >= rememberedWords) shared.clear();
  shared.set(exact, made);
  return made;
}

/** A slot's alternatives, each set of terms once (the first way it was added wins). */
class SlotBuilder {
  private readonly keys: string[] = [];
  private readonly alternatives: Alternative[] = [];
  add(terms: readonly string[], kind: Alternative['kind']): void {
    if (terms.length > 0) this.addKeyed([keyed(terms, kind)]);
  }
  addKeyed(list: readonly KeyedAlternative[]): void {
    for (const { key, alternative } of list) {
      if (this.keys.includes(key)) continue;
      this.keys.push(key);
      this.alternatives.push(alternative);
    }
  }
  build(
    text: string,
    weight: number,
    kind: { telling?: boolean; foreign?: boolean; name?: boolean; predicate?: boolean } = {},
  ): Slot {
    const { telling = true, foreign = false, name = false } = kind;
    const predicate = kind.predicate ?? (telling && !name);
    return {
      text,
      alternatives: this.alternatives,
      weight,
      telling,
      foreign,
      name,
      predicate,
    };
  }
}

const YEAR = /^(?:19|20)\d\d$/;

/** What a name or alias of the pack says of its topics, the same for every query. */
interface PhraseFacts {
  /** The most telling of its topics' terms the pack uses, or null when it uses none. */
  readonly topicWeight: number | null;
  /** True when one of its topics is written in capitals throughout ("Inbox API", "Elon Musk"). */
  readonly topicNamed: boolean;
  /** True when one of its topics' names is more than one word. */
  readonly topicParty: boolean;
  /** Its topics' terms, sorted and joined: two names of the same topics share it. */
  readonly topicsKey: string;
  /** The ways its topics are met: their terms, their names' words, their one-word names. */
  readonly alternatives: readonly KeyedAlternative[];
}

const phraseFactsKept = new WeakMap<PhraseEntry, PhraseFacts>();

function phraseFacts(entry: PhraseEntry, lexicon: Lexicon): PhraseFacts {
  const kept = phraseFactsKept.get(entry);
  if (kept) return kept;
  const weights = entry.topics
    .map(topicTerm)
    .filter((term) => lexicon.documentFrequency.has(term))
    .map((term) => rarity(lexicon, term));
  const facts: PhraseFacts = {
    topicWeight: weights.length > 0 ? Math.max(...weights) : null,
    topicNamed: entry.topics.some((topic) => /^(?:\p{Lu}[\p{L}\d.]*\s*)+(?:\(.*\))?$/u.test(topic.name)),
    topicParty: entry.topics.some((topic) => topic.name.includes(' ')),
    topicsKey: [...new Set(entry.topics.map(topicTerm))].sort().join(' '),
    alternatives: [
      ...entry.topics.map((topic) => keyed([topicTerm(topic)], 'topic')),
      ...entry.names.filter((name) => name.length > 0).map((name) => keyed(name, 'topic')),
      ...entry.words.map((word) => keyed([word], 'topic')),
    ],
  };
  phraseFactsKept.set(entry, facts);
  return facts;
}

/** True for a slot that is a year: it says when, not what. */
export function isYear(slot: Slot): boolean {
  return YEAR.test(slot.text);
}

/** Reads a query against the pack's lexicon. */
export function analyzeQuery(text: string, lexicon: Lexicon, options: AnalyzeOptions = {}): Query {
  const maxSlots = options.maxSlots ?? 24;
  const all = tokenize(text);
  const period = options.periods ? findPeriod(all, fold(text)) : null;
  const spoken: Token[] = period ? all.filter((token) => !period.tokens.includes(token)) : all;
  const book = wordBook(lexicon);
  const inSpoken = new PhrasesIn(lexicon, spoken);
  const read = readQuestion(
    spoken,
    {
      dated: period !== null,
      searchable: (token) => {
        const facts = book.of(token.word);
        return !facts.stop && !facts.glue;
      },
      inPhrase: (tokens, at) => {
        const found = tokens === spoken ? inSpoken : inSpoken.within(tokens);
        // A phrase that covers `at` begins at most a phrase's length before it, glue aside.
        const reach = 2 * Math.max(lexicon.longestPhrase, lexicon.longestPhrasing);
        for (let start = Math.max(0, at - reach); start <= at; start++) {
          const span = Math.max(found.phrase(start)?.span ?? 0, found.phrasing(start)?.span ?? 0);
          if (start + span > at) return true;
        }
        return false;
      },
    },
    options.reading ?? defaultReading,
  );
  const tokens = read.tokens;
  const found = tokens === spoken ? inSpoken : inSpoken.within(tokens);
  const deeds = deedWords(options.reading);
  /** Slots naming a subject rather than a party ("ads" of the topic "Advertising"). */
  const subjects = new Set<string>();
  const rarest = rarity(lexicon, '\u0000');
  const slots: Slot[] = [];
  const corrections: { from: string; to: string }[] = [];
  const seen = new Set<string>();
  /** Where the slot naming each set of topics stands. */
  const namedAt = new Map<string, number>();

  // A phrasing holding stop words ("come out") adds a slot of its own for what those words say;
  // its other words are searched as words.
  for (let i = 0; i < tokens.length && slots.length < maxSlots; i++) {
    const phrasing = found.phrasing(i);
    if (!phrasing || seen.has(phrasing.key)) continue;
    seen.add(phrasing.key);
    const slot = new SlotBuilder();
    for (const term of phrasing.entry.terms) slot.add([term], 'phrasing');
    slots.push(
      // Met only by the items that carry the phrasing, it adds to their share of the question but
      // is not one of the question's telling words: "come out" of "when did the times story come
      // out" says how it is asked of whatever is named.
      slot.build(phrasing.words.join(' '), phrasing.entry.stops * rarest * defaultWeights.unknown.common, {
        telling: false,
        predicate: false,
      }),
    );
  }

  for (let i = 0; i < tokens.length && slots.length < maxSlots; ) {
    // The longest name or alias of a topic starting here.
    const phrase = found.phrase(i);
    if (phrase) {
      i += phrase.span;
      const { key, entry } = phrase;
      if (seen.has(key)) continue;
      seen.add(key);
      const own: string[] = [];
      // The phrase weighs as its most telling typed word the pack uses, but no more than the topic
      // it names: "fb", seldom written in the pack, tells no more than "facebook".
      let ownWeight: number | null = null;
      let typedName = false;
      for (const word of phrase.words) {
        const facts = book.of(word);
        if (facts.name) typedName = true;
        if (facts.stop) continue;
        own.push(facts.stem);
        if (facts.known) ownWeight = ownWeight === null ? facts.rarity : Math.max(ownWeight, facts.rarity);
      }
      const facts = phraseFacts(entry, lexicon);
      const { topicWeight, topicNamed, topicParty, topicsKey } = facts;
      const slot = new SlotBuilder();
      slot.add(own, 'typed');
      slot.addKeyed(facts.alternatives);
      const weight =
        ownWeight !== null && topicWeight !== null
          ? Math.min(ownWeight, topicWeight)
          : (ownWeight ?? topicWeight ?? rarest);
      // A topic whose name is written in capitals throughout ("Inbox API", "Elon Musk") is a name.
      const named = typedName || topicNamed;
      // One capitalised word may only be a heading ("Advertising"): a subject, not a party.
      const party = typedName || topicParty;
      const text = phrase.words.join(' ');
      if (!named || !party) subjects.add(text);
      const built = slot.build(text, weight, { name: named });
      // Two names of the same topics ("twitter" and "x", "fb" and "facebook") are one thing asked
      // about: one slot, weighing as the more telling of them.
      const earlier = namedAt.get(topicsKey);
      if (earlier === undefined) {
        namedAt.set(topicsKey, slots.length);
        slots.push(built);
      } else {
        const first = slots[earlier] as Slot;
        // Each way of meeting it counts as much as either name makes it count.
        const alternatives = [...first.alternatives];
        for (const alternative of built.alternatives) {
          const key = termsKey(alternative.terms);
          const at = alternatives.findIndex((known) => termsKey(known.terms) === key);
          if (at < 0) alternatives.push(alternative);
          else if (alternative.factor > (alternatives[at] as Alternative).factor)
            alternatives[at] = alternative;
        }
        slots[earlier] = {
          ...first,
          text: `${first.text} ${built.text}`,
          alternatives,
          weight: Math.max(first.weight, built.weight),
        };
      }
      continue;
    }

    const token = tokens[i] as Token;
    const facts = found.words[i] as WordFacts;
    const last = i === tokens.length - 1;
    i += 1;
    if (deeds.has(token.word) && facts.stop && !seen.has(token.word)) {
      seen.add(token.word);
      const slot = new SlotBuilder();
      slot.add([facts.stem], 'typed');
      slots.push(slot.build(token.word, rarest * defaultWeights.unknown.everyday, { predicate: true }));
      continue;
    }
    if (facts.stop || facts.glue || seen.has(token.word)) continue;
    seen.add(token.word);
    const typed = facts.stem;
    const slot = new SlotBuilder();
    slot.add([typed], 'typed');
    let weight = facts.rarity;
    let telling = true;
    let foreign = false;
    let fixedWord: string | null = null;
    if (!facts.known) {
      const usage = commonness(token.word);
      // A common English word ("price", "recipe") is not a typo; only other words are read as one
      // of the pack's words, or, when one edit from a long stop word ("happend"), as that.
      const fixed = usage === 'rare' ? correct(token.word, lexicon) : null;
      if (!fixed && usage === 'rare' && misspeltStopWord(token.word, lexicon)) continue;
      // A word the pack never uses counts against a match, the more the rarer it is in English.
      weight = rarest * defaultWeights.unknown[usage];
      telling = usage !== 'common';
      foreign = usage === 'rare' && !fixed;
      if (fixed) {
        fixedWord = fixed;
        const fixedStem = stem(fixed);
        slot.add([fixedStem], 'corrected');
        corrections.push({ from: token.word, to: fixed });
        weight = rarity(lexicon, fixedStem);
        telling = true;
        // A typo of an alias ("zuckerburg") also stands for the alias's topic.
        const entry = phraseOf(lexicon, fixed);
        for (const topic of entry?.topics ?? []) slot.add([topicTerm(topic)], 'topic');
      } else if (last && token.word.length >= 3 && /^[a-z]+$/.test(token.word)) {
        slot.add([token.word], 'prefix');
      }
    }
    const name = foreign || (fixedWord === null ? facts.name : lexicon.names.has(fixedWord));
    slots.push(
      slot.build(token.word, weight, {
        telling,
        foreign,
        name,
        // A word the pack never uses already counts against every match; the predicate is what
        // a match could meet. A year says when, not what is asked of it.
        predicate: !name && telling && (facts.known || fixedWord !== null) && !YEAR.test(token.word),
      }),
    );
  }
  // A deed asked of parties ("when did musk buy twitter") is the question's predicate; asked of a
  // subject ("did netflix buy ads"), that subject is.
  const ofSubject = slots.some((slot) => subjects.has(slot.text));
  return {
    text,
    slots: ofSubject
      ? slots.map((slot) => (deeds.has(slot.text) ? { ...slot, predicate: false } : slot))
      : slots,
    period,
    corrections,
    intents: read.intents,
  };
}
