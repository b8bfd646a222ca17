/**
 * Turning text into search terms, the same way for the index and for queries: words are
 * lower-cased, curly quotes and apostrophes folded, possessives dropped, and each word stemmed
 * (Porter), so "messages", "message" and "messaging" meet.
 */

import { createRequire } from 'node:module';
import { stemmer } from 'stemmer';

const english: readonly string[] = (createRequire(import.meta.url)('stopwords-iso') as { en: string[] }).en;

/** A word as it stands in a text, with where it stands. */
export interface Token {
  /** Lower-case, folded form. */
  readonly word: string;
  readonly start: number;
  readonly end: number;
}

// Runs of letters and digits, with inner apostrophes ("didn't"). Hyphens split words, so
// "end-to-end" meets "end to end" and "cross-device" meets "device".
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

// Printable ASCII without a backtick folds by lower-casing alone; nearly every word does.
const PLAIN = /^[ -_a-~]*$/;

/** Folds typographic variants to the plain characters people type. */
export function fold(text: string): string {
  if (PLAIN.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKC')
    .replace(/[‘’ʼ`´]/g, "'")
    .replace(/[“”„«»]/g, '"')
    .replace(/[‐‑‒–—]/g, '-')
    .toLowerCase();
}

// WORD for a text that is all PLAIN, lower-cased first: the same words, found without Unicode tables.
const PLAIN_WORD = /[a-z0-9]+(?:'[a-z]+)*/g;

/** The words of a text, with their positions in it. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  if (PLAIN.test(text)) {
    // Lower-casing printable ASCII keeps every position, and each word is then already folded.
    // exec on the one pattern: matchAll copies the pattern for every text.
    const lower = text.toLowerCase();
    PLAIN_WORD.lastIndex = 0;
    for (let match = PLAIN_WORD.exec(lower); match !== null; match = PLAIN_WORD.exec(lower)) {
      const found = match[0];
      const word = found.endsWith("'s") ? found.slice(0, -2) : found;
      tokens.push({ word, start: match.index, end: match.index + found.length });
    }
    return tokens;
  }
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const folded = fold(match[0]);
    const word = folded.endsWith("'s") ? folded.slice(0, -2) : folded;
    tokens.push({ word, start, end: start + match[0].length });
  }
  return tokens;
}

/** Words too common to search for; `keep` holds words the pack gives meaning (a topic's alias "us"). */
export function stopwords(keep: ReadonlySet<string>): ReadonlySet<string> {
  const words = new Set<string>([
    ...english,
    // Question words and conversational fillers that carry no subject.
    'why',
    'whom',
    'whose',
    'whats',
    'hows',
    'wheres',
    'ppl',
    'ppls',
    'people',
    'guys',
    'lol',
    'lmao',
    'tbh',
    'u',
    'ur',
    'im',
    'does',
    'doe',
    'done',
    'tell',
    'know',
    'anything',
    'something',
    'please',
    'really',
    'just',
    'whats',
    "what's",
    'say',
    'says',
    'hey',
    'hi',
    'thing',
    'things',
    'happened',
    'happen',
    'ever',
    'anyone',
    'everyone',
    'someone',
    'all',
    'any',
    'ok',
    'okay',
  ]);
  for (const word of keep) words.delete(word);
  return words;
}

// Stems already worked out: a pack uses a few thousand distinct words, each many times over.
const stems = new Map<string, string>();
const MAX_REMEMBERED_STEMS = 50_000;

/** The stem a word is indexed and searched under. */
export function stem(word: string): string {
  const known = stems.get(word);
  if (known !== undefined) return known;
  // Porter is for plain English words; numbers and other scripts are kept as they are.
  const plain = word.replace(/'/g, '');
  const stemmed = /^[a-z]+$/.test(plain) ? stemmer(plain) : plain;
  // Queries bring words of their own; forgetting everything now and then bounds the memory.
  if (stems.size >= MAX_REMEMBERED_STEMS) stems.clear();
  stems.set(word, stemmed);
  return stemmed;
}
