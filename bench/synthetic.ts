/**
 * Synthetic packs for measuring how search cost grows: the shipped pack's own statements,
 * followed by generated ones until the pack holds the size asked for. Generated quotes are
 * sentences from a word chain trained on the pack's own texts (source texts, quotes, notes,
 * event summaries), so word frequencies and sentence lengths are those of real text and BM25
 * meets the same kind of input. Speakers, sources, dates and topics are drawn from the shipped
 * pack; topics are given where a quote uses a topic's name, as an editor would tag them.
 * Everything is drawn from a seeded generator: the same seed gives the same pack.
 */

import type { Pack, Statement, Topic } from '../src/knowledge/types.js';
import { stem, tokenize } from '../src/search/analyze.js';
import { seededRandom } from './stats.js';

const END = '\u0000';

/** A word chain: for each one- and two-word context, the words seen after it. */
class WordChain {
  private readonly starts: string[][] = [];
  private readonly next1 = new Map<string, string[]>();
  private readonly next2 = new Map<string, string[]>();

  constructor(texts: readonly string[]) {
    for (const text of texts) for (const sentence of sentencesOf(text)) this.learn(sentence);
  }

  private learn(words: readonly string[]): void {
    if (words.length < 4) return;
    this.starts.push(words.slice(0, 2));
    const padded = [...words, END];
    for (let i = 1; i < padded.length; i++) {
      push(this.next1, padded[i - 1] as string, padded[i] as string);
      if (i >= 2) push(this.next2, `${padded[i - 2]} ${padded[i - 1]}`, padded[i] as string);
    }
  }

  /** One sentence of `min` to `max` words. */
  sentence(random: () => number, min = 6, max = 40): string {
    const words = [...pick(this.starts, random)];
    while (words.length < max) {
      const pair = this.next2.get(`${words[words.length - 2]} ${words[words.length - 1]}`);
      const single = this.next1.get(words[words.length - 1] as string);
      // The two-word context keeps phrases whole; where it has only one way on, the one-word
      // context is used half the time so sentences do not just replay the corpus.
      const options = pair && (new Set(pair).size > 1 || random() < 0.5) ? pair : single;
      if (!options) break;
      let word = pick(options, random);
      for (let tries = 0; word === END && words.length < min && tries < 4; tries++)
        word = pick(options, random);
      if (word === END) break;
      words.push(word);
    }
    const text = words.join(' ');
    return /[.!?]["”’)]*$/.test(text) ? text : `${text.replace(/[,;:]$/, '')}.`;
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** The sentences of a text, as whitespace-separated words with their punctuation. */
function sentencesOf(text: string): string[][] {
  const sentences: string[][] = [];
  let current: string[] = [];
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    current.push(word);
    if (/[.!?]["”’)]*$/.test(word) && !/^(?:[A-Z]|Mr|Ms|Dr|Inc|U\.S)\.$/.test(word)) {
      sentences.push(current);
      current = [];
    }
  }
  if (current.length > 0) sentences.push(current);
  return sentences;
}

/** The texts of a pack that the chain learns from. */
function corpusOf(pack: Pack): string[] {
  return [
    ...pack.documents.flatMap((document) => (document.text ? [document.text] : [])),
    ...pack.statements.flatMap((statement) => [statement.quote, statement.note ?? '']),
    ...pack.timeline.flatMap((event) => [event.summary, event.basis ?? '']),
  ].filter((text) => text.length > 0);
}

/** A topic's stems that tag a quote using them: its name's, and its one-word aliases'. */
function topicStems(topic: Topic): string[][] {
  return [topic.name, ...topic.aliases]
    .map((phrase) => tokenize(phrase).map((token) => stem(token.word)))
    .filter((stems) => stems.length > 0 && stems.length <= 2);
}

/** Builds a pack of `size` statements (at least the shipped ones) from `base`, reproducibly from `seed`. */
export function syntheticPack(base: Pack, size: number, seed: number): Pack {
  const random = seededRandom(seed);
  const chain = new WordChain(corpusOf(base));
  const tagging = base.topics.map((topic) => ({ topic, stems: topicStems(topic) }));
  const models = base.statements;
  const withNotes = models.filter((statement) => statement.note !== null).length / Math.max(1, models.length);

  const generated: Statement[] = [];
  for (let i = models.length; i < size; i++) {
    const model = pick(models, random);
    const sentences = 1 + (random() < 0.4 ? 1 : 0) + (random() < 0.1 ? 1 : 0);
    const quote = Array.from({ length: sentences }, () => chain.sentence(random)).join(' ');
    const titleWords = chain.sentence(random, 4, 9).replace(/[.!?"”’]+$/, '');
    const stems = new Set(tokenize(quote).map((token) => stem(token.word)));
    const topics = tagging
      .filter(({ stems: names }) => names.some((name) => name.every((s) => stems.has(s))))
      .map(({ topic }) => topic)
      .slice(0, 5);
    if (topics.length === 0) topics.push(pick(base.topics, random));
    generated.push(
      Object.freeze({
        ...model,
        id: `synthetic-${String(i).padStart(6, '0')}`,
        stance: pick(models, random).stance,
        wording: pick(models, random).wording,
        title: titleWords.charAt(0).toUpperCase() + titleWords.slice(1),
        quote,
        offset: 0,
        topics: Object.freeze(topics),
        // Phrasings are how members ask for a real statement; a generated one has none.
        phrasings: Object.freeze([]),
        respondsTo: Object.freeze([]),
        answeredBy: Object.freeze([]),
        note: random() < withNotes ? chain.sentence(random) : null,
        saidOn: pick(models, random).saidOn,
        file: 'synthetic',
      }),
    );
  }

  const statements = [...models, ...generated].slice(0, Math.max(size, 1));
  return Object.freeze({
    ...base,
    meta: Object.freeze({ ...base.meta, id: `${base.meta.id}-synthetic-${size}` }),
    statements: Object.freeze(statements),
    byId: Object.freeze({
      ...base.byId,
      statements: new Map(statements.map((statement) => [statement.id, statement])),
    }),
  });
}

/** A few generated quotes, to show in the report what the synthetic text reads like. */
export function sampleQuotes(pack: Pack, count: number): string[] {
  return pack.statements
    .filter((statement) => statement.file === 'synthetic')
    .slice(0, count)
    .map((statement) => statement.quote);
}
