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

const APOSTROPHE = 39;

function isLowerLetter(code: number): boolean {
  return code >= 97 && code <= 122;
}

function isLowerLetterOrDigit(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
}

/** The words of a text, with their positions in it. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  if (PLAIN.test(text)) {
    // Lower-casing printable ASCII keeps every position, and each word is then already folded.
    // The words WORD finds there (runs of a–z and 0–9, each "'" followed by letters going on
    // with them) are read character by character: a regular expression's match objects cost
    // more than the rest of reading a short question.
    const lower = text.toLowerCase();
    const length = lower.length;
    let at = 0;
    while (at < length) {
      if (!isLowerLetterOrDigit(lower.charCodeAt(at))) {
        at += 1;
        continue;
      }
      const start = at;
      while (at < length && isLowerLetterOrDigit(lower.charCodeAt(at))) at += 1;
      while (
        at + 1 < length &&
        lower.charCodeAt(at) === APOSTROPHE &&
        isLowerLetter(lower.charCodeAt(at + 1))
      ) {
        at += 2;
        while (at < length && isLowerLetter(lower.charCodeAt(at))) at += 1;
      }
      const found = lower.slice(start, at);
      const word = found.endsWith("'s") ? found.slice(0, -2) : found;
      tokens.push({ word, start, end: at });
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
