/**
 * The names a pack uses (people, companies, products), learnt from how its sentences are
 * written: a word the pack capitalises wherever it stands, and never writes in lower case, is a
 * name. Nothing here knows what a pack is about.
 */
import { tokenize } from './analyze.js';

/** The lower-case words `sentences` always capitalise, at least once other than at a sentence's start. */
export function namesIn(sentences: readonly string[]): Set<string> {
  const capitalised = new Set<string>();
  const lower = new Set<string>();
  for (const text of sentences) {
    for (const token of tokenize(text)) {
      const written = text.slice(token.start, token.end);
      const first = written[0] ?? '';
      if (first === first.toLowerCase()) {
        if (first !== first.toUpperCase()) lower.add(token.word);
        continue;
      }
      // The first word of a sentence (or a quote) is capitalised whatever it is.
      const before = text.slice(0, token.start).trimEnd();
      if (before === '' || /[.!?:"“‘(]$/.test(before)) continue;
      capitalised.add(token.word);
    }
  }
  for (const word of lower) capitalised.delete(word);
  return capitalised;
}
