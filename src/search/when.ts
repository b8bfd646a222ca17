/**
 * Reading a period out of what people type: "2017", "may 2018", "dec 2023", "2018-05",
 * "in december of 2023". The rest of the words are left to search.
 */
import { monthNames } from '../knowledge/dates.js';
import type { Token } from './analyze.js';

/** A year or a month, as the `YYYY` or `YYYY-MM` prefix of the dates it covers. */
export interface Period {
  readonly prefix: string;
  /** The tokens that named it, so they are not searched as words. */
  readonly tokens: readonly Token[];
}

const monthByName = new Map<string, number>();
monthNames.forEach((name, index) => {
  const lower = name.toLowerCase();
  monthByName.set(lower, index + 1);
  monthByName.set(lower.slice(0, 3), index + 1);
});
monthByName.set('sept', 9);
// "may" is also a verb ("may 2018" is a month, "may have read" is not), so a month name
// counts only next to a year.

const YEAR = /^(19|20)\d{2}$/;

/** Finds the first year (with its month, when one stands next to it) in the tokens. */
export function findPeriod(tokens: readonly Token[], text: string): Period | null {
  const isoMonth = /\b((?:19|20)\d{2})-(0[1-9]|1[0-2])\b/.exec(text);
  if (isoMonth) {
    const used = tokens.filter(
      (t) => t.start >= isoMonth.index && t.end <= isoMonth.index + isoMonth[0].length,
    );
    return { prefix: `${isoMonth[1]}-${isoMonth[2]}`, tokens: used };
  }
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (!YEAR.test(token.word)) continue;
    const used: Token[] = [token];
    let month: number | undefined;
    const before = tokens[i - 1];
    const twoBefore = tokens[i - 2];
    const after = tokens[i + 1];
    if (before && monthByName.has(before.word)) {
      month = monthByName.get(before.word);
      used.unshift(before);
    } else if (before?.word === 'of' && twoBefore && monthByName.has(twoBefore.word)) {
      month = monthByName.get(twoBefore.word);
      used.unshift(twoBefore, before);
    } else if (after && monthByName.has(after.word) && after.word !== 'may') {
      month = monthByName.get(after.word);
      used.push(after);
    }
    const prefix = month === undefined ? token.word : `${token.word}-${String(month).padStart(2, '0')}`;
    return { prefix, tokens: used };
  }
  return null;
}

/**
 * True when a date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) falls in the period. A date known only
 * to its year is not counted in one of that year's months.
 */
export function inPeriod(iso: string, period: Period): boolean {
  return iso.startsWith(period.prefix);
}
