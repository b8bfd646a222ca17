/**
 * What search knows of the pack's language: the words it uses (for typo correction), how rare
 * each stem is (for weighing query words), and the topics' names and aliases (for synonyms).
 * All of it comes from the pack, none from code.
 */
import SearchableMap from 'minisearch/SearchableMap';
import type { Pack, Topic } from '../knowledge/types.js';
import { stem, stopwords, type Token, tokenize } from './analyze.js';
import { namesIn } from './names.js';
import { glueWords } from './question.js';

/** A topic's name or alias, and what a query saying it searches for. */
export interface PhraseEntry {
  /** The topics it names (a phrase may belong to more than one). */
  readonly topics: readonly Topic[];
  /** Each named topic's name, as stems that must all match. */
  readonly names: readonly (readonly string[])[];
  /** The named topics' one-word names and aliases, as stems: each alone is the topic. */
  readonly words: readonly string[];
}

/**
 * A phrasing that holds words search never indexes ("come out", "kill shows"): met word for word
 * in a query, it stands for the topics and items that carry it.
 */
export interface PhrasingEntry {
  /** Terms of the topics and items that carry it. */
  readonly terms: readonly string[];
  /** How many of its words are stop words: what it adds to the words that are searched anyway. */
  readonly stops: number;
}

/** The term under which items tagged with a topic are indexed. */
export function topicTerm(topic: Topic): string {
  return `#${topic.id}`;
}

/** True for a term {@link topicTerm} makes. */
export function isTopicTerm(term: string): boolean {
  return term.startsWith('#');
}

/** The term under which an item carrying phrasings is indexed, so a phrasing can name it. */
export function itemTerm(kind: 'statement' | 'event', id: string): string {
  return `@${kind === 'statement' ? 's' : 'e'}:${id}`;
}

/** An item's own phrasings, with the term it is indexed under. */
export interface ItemPhrasings {
  readonly term: string;
  readonly phrasings: readonly string[];
}

/** The pack's vocabulary, built once per pack. */
export interface Lexicon {
  readonly stop: ReadonlySet<string>;
  /** Words passed over inside phrases. */
  readonly glue: ReadonlySet<string>;
  /** Names and aliases (the stems of their words less glue, joined by single spaces) to what they name. */
  readonly phrases: ReadonlyMap<string, PhraseEntry>;
  /** The most words (less glue) a name or alias has. */
  readonly longestPhrase: number;
  /** Phrasings holding stop words, keyed as names are. */
  readonly phrasings: ReadonlyMap<string, PhrasingEntry>;
  readonly longestPhrasing: number;
  /** Every word the pack uses (not stop words), with how often, for typo correction. */
  readonly words: SearchableMap<number>;
  /** The longer stop words, for reading a misspelt one ("happend") as the stop word it is. */
  readonly stopSpellings: SearchableMap<true>;
  /** In how many searchable items each stem occurs. */
  readonly documentFrequency: ReadonlyMap<string, number>;
  /** How many searchable items there are. */
  readonly itemCount: number;
  /** The words the pack's own sentences always capitalise: names of people, companies, products. */
  readonly names: ReadonlySet<string>;
}

/** The words of a text that are searched for, as stems. */
export function stemsOf(text: string, stop: ReadonlySet<string>): string[] {
  return tokenize(text)
    .filter((token) => !stop.has(token.word))
    .map((token) => stem(token.word));
}

/** A phrase's key: the stems of its words less glue, so "tweeted" meets "tweet" and "DMs" "DM". */
function phraseKey(words: readonly string[], glue: ReadonlySet<string>): string {
  return words
    .filter((word) => !glue.has(word))
    .map(stem)
    .join(' ');
}

/** The stop words a misspelling is read as: short ones are one edit from too many names ("being", "boeing"). */
function stopSpellingsOf(stop: ReadonlySet<string>): SearchableMap<true> {
  const spellings = new SearchableMap<true>();
  for (const word of stop) if (word.length >= 6) spellings.set(word, true);
  return spellings;
}

/**
 * Builds the lexicon from the texts of a pack's searchable items, their topics and their
 * phrasings; names are learnt from `sentences`, the pack's own sentences as written.
 */
export function buildLexicon(
  pack: Pack,
  itemTexts: readonly string[],
  itemTopics: readonly (readonly Topic[])[],
  itemPhrasings: readonly ItemPhrasings[] = [],
  sentences: readonly string[] = [],
): Lexicon {
  const glue = glueWords();
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

  const phrases = new Map<string, PhraseEntry>();
  let longestPhrase = 1;
  const keyOf = (phrase: string) =>
    phraseKey(
      tokenize(phrase).map((token) => token.word),
      glue,
    );
  for (const topic of pack.topics) {
    const named = [topic.name, ...topic.aliases];
    const name = stemsOf(topic.name, stop);
    const oneWord = named.map((phrase) => stemsOf(phrase, stop)).filter((stems) => stems.length === 1);
    for (const phrase of named) {
      const key = keyOf(phrase);
      if (key === '') continue;
      longestPhrase = Math.max(longestPhrase, key.split(' ').length);
      const earlier = phrases.get(key);
      phrases.set(key, {
        topics: [...(earlier?.topics ?? []), topic],
        names: [...(earlier?.names ?? []), name],
        words: [...new Set([...(earlier?.words ?? []), ...oneWord.flat()])],
      });
    }
  }

  // Phrasings are searched as the words of the items that carry them; those holding stop words
  // are also met as phrases, for the words search does not index.
  const phrasings = new Map<string, PhrasingEntry>();
  let longestPhrasing = 1;
  const phrasedBy = [
    ...pack.topics.map((topic) => ({ term: topicTerm(topic), phrasings: topic.phrasings })),
    ...itemPhrasings,
  ];
  for (const { term, phrasings: own } of phrasedBy) {
    for (const phrase of own) {
      const words = tokenize(phrase)
        .map((token) => token.word)
        .filter((word) => !glue.has(word));
      const stops = words.filter((word) => stop.has(word)).length;
      if (stops === 0) continue;
      const key = phraseKey(words, glue);
      longestPhrasing = Math.max(longestPhrasing, words.length);
      const earlier = phrasings.get(key);
      if (earlier?.terms.includes(term)) continue;
      phrasings.set(key, { terms: [...(earlier?.terms ?? []), term], stops });
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
  for (const { term } of itemPhrasings) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  // Typos are corrected to names and aliases too (and to phrasings, which are items' words).
  for (const topic of pack.topics) {
    for (const phrase of [topic.name, ...topic.aliases]) {
      for (const { word } of tokenize(phrase))
        if (word.length >= 4 && !stop.has(word)) words.update(word, (n = 0) => n + 1);
    }
  }

  return {
    stop,
    stopSpellings: stopSpellingsOf(stop),
    glue,
    phrases,
    longestPhrase,
    phrasings,
    longestPhrasing,
    words,
    documentFrequency,
    itemCount: itemTexts.length,
    names: namesIn(sentences),
  };
}

/** A name, alias or phrasing found in a query. */
export interface FoundPhrase<E> {
  readonly key: string;
  readonly entry: E;
  /** How many tokens it spans, glue inside it included. */
  readonly span: number;
  /** Its words as typed, less glue. */
  readonly words: readonly string[];
}

/** Phrases as a tree of their stems, so the longest one at a place is found in one walk. */
export interface PhraseNode<E> {
  found: { readonly key: string; readonly entry: E } | null;
  readonly next: Map<string, PhraseNode<E>>;
}

const trees = new WeakMap<ReadonlyMap<string, unknown>, PhraseNode<unknown>>();

function treeOf<E>(phrases: ReadonlyMap<string, E>): PhraseNode<E> {
  const kept = trees.get(phrases) as PhraseNode<E> | undefined;
  if (kept) return kept;
  const root: PhraseNode<E> = { found: null, next: new Map() };
  for (const [key, entry] of phrases) {
    let node = root;
    for (const part of key.split(' ')) {
      let child = node.next.get(part);
      if (!child) {
        child = { found: null, next: new Map() };
        node.next.set(part, child);
      }
      node = child;
    }
    node.found = { key, entry };
  }
  trees.set(phrases, root);
  return root;
}

/** What the lexicon says of one word, as {@link tokenize} folds it. */
export interface WordFacts {
  readonly stem: string;
  readonly stop: boolean;
  readonly glue: boolean;
  /**
   * Where the tree of names and aliases goes on from this word, when one can begin with it (it is
   * not glue, and one begins with its stem).
   */
  readonly nameStart: PhraseNode<PhraseEntry> | undefined;
  /** Where the tree of phrasings goes on from this word, as for names. */
  readonly phrasingStart: PhraseNode<PhrasingEntry> | undefined;
  /** True when its stem alone is a name or alias. */
  readonly phrase: boolean;
  /** True when the pack uses its stem. */
  readonly known: boolean;
  /** How telling its stem is ({@link rarity}). */
  readonly rarity: number;
  /** True for a word the pack always capitalises. */
  readonly name: boolean;
}

/** How many words' facts a lexicon remembers; past this many it forgets them all (typed text is unbounded). */
const rememberedFacts = 4096;

/**
 * The facts of the words queries hold, worked out once per word: a question reads each of its
 * words's facts several times over, and the same words come back in question after question.
 */
export class WordBook {
  private readonly kept = new Map<string, WordFacts>();

  constructor(private readonly lexicon: Lexicon) {}

  /** What the lexicon says of `word`. */
  of(word: string): WordFacts {
    const kept = this.kept.get(word);
    if (kept !== undefined) return kept;
    const { lexicon } = this;
    const stemmed = stem(word);
    const glue = lexicon.glue.has(word);
    const facts: WordFacts = {
      stem: stemmed,
      stop: lexicon.stop.has(word),
      glue,
      nameStart: glue ? undefined : treeOf(lexicon.phrases).next.get(stemmed),
      phrasingStart: glue ? undefined : treeOf(lexicon.phrasings).next.get(stemmed),
      phrase: lexicon.phrases.has(stemmed),
      known: lexicon.documentFrequency.has(stemmed),
      rarity: rarity(lexicon, stemmed),
      name: lexicon.names.has(word),
    };
    if (this.kept.size >= rememberedFacts) this.kept.clear();
    this.kept.set(word, facts);
    return facts;
  }
}

const wordBooks = new WeakMap<Lexicon, WordBook>();

/** The lexicon's {@link WordBook}, one per lexicon. */
export function wordBook(lexicon: Lexicon): WordBook {
  let book = wordBooks.get(lexicon);
  if (!book) {
    book = new WordBook(lexicon);
    wordBooks.set(lexicon, book);
  }
  return book;
}

/**
 * The names, aliases and phrasings of the pack in one query's tokens: what begins at each place
 * is looked for once, however often the reading asks.
 */
export class PhrasesIn {
  /** Each token's facts. */
  readonly words: readonly WordFacts[];
  private readonly phrases: (FoundPhrase<PhraseEntry> | null | undefined)[];
  private readonly phrasings: (FoundPhrase<PhrasingEntry> | null | undefined)[];

  /** `words`, when given, are the tokens' facts. */
  constructor(
    private readonly lexicon: Lexicon,
    readonly tokens: readonly Token[],
    words?: readonly WordFacts[],
  ) {
    const book = wordBook(lexicon);
    this.words = words ?? tokens.map((token) => book.of(token.word));
    this.phrases = new Array(tokens.length);
    this.phrasings = new Array(tokens.length);
  }

  /**
   * The phrases in `part`, some of these tokens in their order (a question less its filler):
   * each word's facts are taken from here rather than looked up again.
   */
  within(part: readonly Token[]): PhrasesIn {
    const { tokens } = this;
    const book = wordBook(this.lexicon);
    const words: WordFacts[] = [];
    let k = 0;
    for (const token of part) {
      while (k < tokens.length && tokens[k] !== token) k++;
      words.push(k < tokens.length ? (this.words[k++] as WordFacts) : book.of(token.word));
    }
    return new PhrasesIn(this.lexicon, part, words);
  }

  /** The longest name or alias starting at `at`. */
  phrase(at: number): FoundPhrase<PhraseEntry> | null {
    let found = this.phrases[at];
    if (found === undefined) {
      const start = this.words[at]?.nameStart;
      found = start ? this.longestAt(start, this.lexicon.longestPhrase, at, false) : null;
      this.phrases[at] = found;
    }
    return found;
  }

  /** The longest phrasing (one holding stop words) starting at `at`. */
  phrasing(at: number): FoundPhrase<PhrasingEntry> | null {
    let found = this.phrasings[at];
    if (found === undefined) {
      const start = this.words[at]?.phrasingStart;
      found = start ? this.longestAt(start, this.lexicon.longestPhrasing, at, true) : null;
      this.phrasings[at] = found;
    }
    return found;
  }

  /**
   * The longest phrase starting at `at`, whose word leads to `start` in the tree of phrases. With
   * `namesInside`, a phrase is also met with one of the pack's one-word names inside it ("read
   * people's facebook dms" meets "read people's dms").
   */
  private longestAt<E>(
    start: PhraseNode<E>,
    longest: number,
    at: number,
    namesInside: boolean,
  ): FoundPhrase<E> | null {
    const { words } = this;
    const direct = this.walk(start, at, longest, -1);
    if (direct || !namesInside) return direct;
    // The places of the words from `at` on, less glue.
    const places: number[] = [];
    for (let k = at; k < words.length && places.length < longest + 1; k++)
      if (!(words[k] as WordFacts).glue) places.push(k);
    for (let skip = 1; skip < places.length - 1; skip++) {
      const place = places[skip] as number;
      if (!(words[place] as WordFacts).phrase) continue;
      const found = this.walk(start, at, longest + 1, place);
      if (found) return found;
    }
    return null;
  }

  /**
   * The longest phrase that the first `most` words from `at` on begin, glue passed over, the word
   * at `at` leading to `start`. With `skip` (else -1), the word there (after `at`) is passed over
   * too, and the phrase must go past it.
   */
  private walk<E>(start: PhraseNode<E>, at: number, most: number, skip: number): FoundPhrase<E> | null {
    const { words } = this;
    let node: PhraseNode<E> | undefined = start;
    let best = skip < 0 ? start.found : null;
    let last = best ? at : -1;
    let seen = 1;
    for (let k = at + 1; k < words.length && seen < most; k++) {
      const word = words[k] as WordFacts;
      if (word.glue) continue;
      seen += 1;
      if (k === skip) continue;
      node = node.next.get(word.stem);
      if (!node) break;
      if (node.found && k > skip) {
        best = node.found;
        last = k;
      }
    }
    if (!best) return null;
    const taken: string[] = [];
    for (let k = at; k <= last; k++)
      if (k !== skip && !(words[k] as WordFacts).glue) taken.push((this.tokens[k] as Token).word);
    return { key: best.key, entry: best.entry, span: last + 1 - at, words: taken };
  }
}

/** What a lone word names as a phrase of the pack's, if anything ("zuckerberg"). */
export function phraseOf(lexicon: Lexicon, word: string): PhraseEntry | undefined {
  return lexicon.glue.has(word) ? undefined : lexicon.phrases.get(stem(word));
}

/** How telling a stem is: rare stems weigh more (the BM25 form of inverse document frequency). */
export function rarity(lexicon: Lexicon, stemmed: string): number {
  const df = lexicon.documentFrequency.get(stemmed) ?? 1;
  const n = lexicon.itemCount;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** A name or alias as plain data: its topics by id. */
type PhraseState = readonly [
  string,
  {
    readonly topics: readonly string[];
    readonly names: readonly (readonly string[])[];
    readonly words: readonly string[];
  },
];

/**
 * A lexicon as plain data (topics by id), to keep beside a checked pack. What follows from the
 * rest (glue words, the stop words' spellings) is derived again.
 */
export interface LexiconState {
  readonly stop: readonly string[];
  readonly phrases: readonly PhraseState[];
  readonly longestPhrase: number;
  readonly phrasings: readonly (readonly [string, PhrasingEntry])[];
  readonly longestPhrasing: number;
  readonly words: readonly (readonly [string, number])[];
  readonly documentFrequency: readonly (readonly [string, number])[];
  readonly itemCount: number;
  readonly names: readonly string[];
}

/** The lexicon as plain data. */
export function lexiconState(lexicon: Lexicon): LexiconState {
  return {
    stop: [...lexicon.stop],
    phrases: [...lexicon.phrases].map(([key, entry]) => [
      key,
      { topics: entry.topics.map((topic) => topic.id), names: entry.names, words: entry.words },
    ]),
    longestPhrase: lexicon.longestPhrase,
    phrasings: [...lexicon.phrasings],
    longestPhrasing: lexicon.longestPhrasing,
    words: [...lexicon.words],
    documentFrequency: [...lexicon.documentFrequency],
    itemCount: lexicon.itemCount,
    names: [...lexicon.names],
  };
}

/** The lexicon `state` was taken from, over the same pack. */
export function restoreLexicon(pack: Pack, state: LexiconState): Lexicon {
  const topic = (id: string) => {
    const found = pack.byId.topics.get(id);
    if (!found) throw new Error(`search: the kept lexicon names topic "${id}", which the pack does not have`);
    return found;
  };
  const stop = new Set(state.stop);
  const phrases = new Map<string, PhraseEntry>(
    state.phrases.map(([key, entry]) => [
      key,
      { topics: entry.topics.map(topic), names: entry.names, words: entry.words },
    ]),
  );
  const phrasings = new Map(state.phrasings);
  return {
    stop,
    stopSpellings: stopSpellingsOf(stop),
    glue: glueWords(),
    phrases,
    longestPhrase: state.longestPhrase,
    phrasings,
    longestPhrasing: state.longestPhrasing,
    words: SearchableMap.from(state.words as [string, number][]),
    documentFrequency: new Map(state.documentFrequency),
    itemCount: state.itemCount,
    names: new Set(state.names),
  };
}
