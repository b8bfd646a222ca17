/**
 * Verbatim checks. A quote must appear in its source's text character for character; only
 * runs of white space (line breaks included) count as equal to a single space.
 */

/** Text with white space folded, and where each folded character stands in the original. */
interface Folded {
  readonly text: string;
  /** `origin[i]` is the index in the original text of folded character `i`. */
  readonly origin: readonly number[];
}

function fold(original: string): Folded {
  let text = '';
  const origin: number[] = [];
  let pendingSpace = -1;
  for (let i = 0; i < original.length; i++) {
    const char = original[i] as string;
    if (/\s/.test(char)) {
      if (pendingSpace < 0) pendingSpace = i;
      continue;
    }
    if (pendingSpace >= 0 && text.length > 0) {
      text += ' ';
      origin.push(pendingSpace);
    }
    pendingSpace = -1;
    text += char;
    origin.push(i);
  }
  return { text, origin };
}

/** Where a quote stands in a source's text, as the exact characters found there. */
export interface Located {
  readonly found: true;
  readonly offset: number;
  /** The source's own characters (its white space, not the quote's). */
  readonly exact: string;
}

/** Why a quote is not in the text: how far it matches before it differs. */
export interface NotLocated {
  readonly found: false;
  /** The longest start of the quote that does appear in the text. */
  readonly matchedPrefix: string;
}

const folds = new WeakMap<object, Folded>();

/** Finds `quote` in `text`, folding white space in both. `key` caches the text's fold. */
export function locate(text: string, quote: string, key?: object): Located | NotLocated {
  let source = key ? folds.get(key) : undefined;
  if (!source) {
    source = fold(text);
    if (key) folds.set(key, source);
  }
  const needle = fold(quote).text;
  const at = needle.length === 0 ? -1 : source.text.indexOf(needle);
  if (at < 0) {
    let low = 0;
    let high = needle.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (source.text.includes(needle.slice(0, mid))) low = mid;
      else high = mid - 1;
    }
    return { found: false, matchedPrefix: needle.slice(0, low) };
  }
  const start = source.origin[at] as number;
  const end = (source.origin[at + needle.length - 1] as number) + 1;
  return { found: true, offset: start, exact: text.slice(start, end) };
}
