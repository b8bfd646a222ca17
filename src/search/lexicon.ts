/**
 * What search knows of the pack's language: the words it uses (for typo correction), how rare
 * each stem is (for weighing query words), and the topics' names and aliases (for synonyms).
 * All of it comes from the pack, none from code.
 */
import SearchableMap from 'minisearch/SearchableMap';
import type { Pack, Topic } from '../knowledge/types.js';
import { stem, stopwords, tokenize } from './analyze.js';

/** An alias or topic name, and what else a query naming it searches for. */
export interface AliasEntry {
  /** The topics it names (a phrase may belong to more than one). */
  readonly topics: readonly Topic[];
  /** Each topic's name, as stems that must all match. */
  readonly names: readonly (readonly string[])[];
  /** The topics' one-word names and aliases, as stems: each alone is the topic. */
  readonly words: readonly string[];
}

/** The term under which items tagged with a topic are indexed. */
export function topicTerm(topic: Topic): string {
  return `#${topic.id}`;
}

/** The pack's vocabulary, built once per pack. */
export interface Lexicon {
  readonly stop: ReadonlySet<string>;
  /** Alias phrases (lower-case words joined by single spaces) to their topic. */
  readonly aliases: ReadonlyMap<string, AliasEntry>;
  /** The most words an alias phrase has. */
  readonly longestAlias: number;
  /** Every word the pack uses (not stop words), with how often, for typo correction. */
  readonly words: SearchableMap<number>;
  /** In how many searchable items each stem occurs. */
  readonly documentFrequency: ReadonlyMap<string, number>;
  /** How many searchable items there are. */
  readonly itemCount: number;
}

/** The words of a text that are searched for, as stems. */
export function stemsOf(text: string, stop: ReadonlySet<string>): string[] {
  return tokenize(text)
    .filter((token) => !stop.has(token.word))
    .map((token) => stem(token.word));
}

/** Builds the lexicon from the texts of a pack's searchable items and their topics. */
export function buildLexicon(
  pack: Pack,
  itemTexts: readonly string[],
  itemTopics: readonly (readonly Topic[])[],
): Lexicon {
  // A one-word name or alias ("X", "US") is never a stop word; words inside longer aliases
  // ("the streamer") stay stop words.
  const topicWords = new Set<string>();
  for (const topic of pack.topics) {
    for (const phrase of [topic.name, ...topic.aliases]) {
      const words = tokenize(phrase);
      if (words.length === 1) topicWords.add((words[0] as { word: string }).word);
    }
  }
  const stop = stopwords(topicWords);

  const aliases = new Map<string, AliasEntry>();
  let longestAlias = 1;
  for (const topic of pack.topics) {
    const phrases = [topic.name, ...topic.aliases];
    const name = stemsOf(topic.name, stop);
    const oneWord = phrases.map((phrase) => stemsOf(phrase, stop)).filter((stems) => stems.length === 1);
    for (const phrase of phrases) {
      const words = tokenize(phrase).map((token) => token.word);
      if (words.length === 0) continue;
      longestAlias = Math.max(longestAlias, words.length);
      const key = words.join(' ');
      const earlier = aliases.get(key);
      aliases.set(key, {
        topics: [...(earlier?.topics ?? []), topic],
        names: [...(earlier?.names ?? []), name],
        words: [...new Set([...(earlier?.words ?? []), ...oneWord.flat()])],
      });
    }
  }

  const words = new SearchableMap<number>();
  const documentFrequency = new Map<string, number>();
  for (const text of itemTexts) {
    const seen = new Set<string>();
    for (const token of tokenize(text)) {
      if (stop.has(token.word)) continue;
      if (token.word.length >= 4) words.update(token.word, (count = 0) => count + 1);
      seen.add(stem(token.word));
    }
    for (const s of seen) documentFrequency.set(s, (documentFrequency.get(s) ?? 0) + 1);
  }
  // A topic weighs by how many items are tagged with it, like a word by how many use it.
  for (const topics of itemTopics) {
    for (const topic of new Set(topics)) {
      const term = topicTerm(topic);
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
  }
  for (const key of aliases.keys()) {
    for (const word of key.split(' '))
      if (word.length >= 4 && !stop.has(word)) words.update(word, (n = 0) => n + 1);
  }

  return { stop, aliases, longestAlias, words, documentFrequency, itemCount: itemTexts.length };
}

/** How telling a stem is: rare stems weigh more (the BM25 form of inverse document frequency). */
export function rarity(lexicon: Lexicon, stemmed: string): number {
  const df = lexicon.documentFrequency.get(stemmed) ?? 1;
  const n = lexicon.itemCount;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** A lexicon as plain data (topics by id), to keep beside a checked pack. */
export interface LexiconState {
  readonly stop: readonly string[];
  readonly aliases: readonly (readonly [
    string,
    {
      readonly topics: readonly string[];
      readonly names: readonly (readonly string[])[];
      readonly words: readonly string[];
    },
  ])[];
  readonly longestAlias: number;
  readonly words: readonly (readonly [string, number])[];
  readonly documentFrequency: readonly (readonly [string, number])[];
  readonly itemCount: number;
}

/** The lexicon as plain data. */
export function lexiconState(lexicon: Lexicon): LexiconState {
  return {
    stop: [...lexicon.stop],
    aliases: [...lexicon.aliases].map(([key, entry]) => [
      key,
      { topics: entry.topics.map((topic) => topic.id), names: entry.names, words: entry.words },
    ]),
    longestAlias: lexicon.longestAlias,
    words: [...lexicon.words],
    documentFrequency: [...lexicon.documentFrequency],
    itemCount: lexicon.itemCount,
  };
}

/** The lexicon `state` was taken from, over the same pack. */
export function restoreLexicon(pack: Pack, state: LexiconState): Lexicon {
  const topic = (id: string) => {
    const found = pack.byId.topics.get(id);
    if (!found) throw new Error(`search: the kept lexicon names topic "${id}", which the pack does not have`);
    return found;
  };
  return {
    stop: new Set(state.stop),
    aliases: new Map(
      state.aliases.map(([key, entry]) => [
        key,
        { topics: entry.topics.map(topic), names: entry.names, words: entry.words },
      ]),
    ),
    longestAlias: state.longestAlias,
    words: SearchableMap.from(state.words as [string, number][]),
    documentFrequency: new Map(state.documentFrequency),
    itemCount: state.itemCount,
  };
}
