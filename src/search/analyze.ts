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

/** Folds typographic variants to the plain characters people type. */
export function fold(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[‘’ʼ`´]/g, "'")
    .replace(/[“”„«»]/g, '"')
    .replace(/[‐‑‒–—]/g, '-')
    .toLowerCase();
}

/** The words of a text, with their positions in it. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const word = fold(match[0]).replace(/'s$/, '');
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

/** The stem a word is indexed and searched under. */
export function stem(word: string): string {
  // Porter is for plain English words; numbers and other scripts are kept as they are.
  const plain = word.replace(/'/g, '');
  return /^[a-z]+$/.test(plain) ? stemmer(plain) : plain;
}
