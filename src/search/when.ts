/**
 * Reading a period out of what people type: "2017", "may 2018", "dec 2023", "2018-05",
 * "in december of 2023", "april 2 2024". The rest of the words are left to search.
 */
import { monthNames } from '../knowledge/dates.js';
import type { Token } from './analyze.js';

/** A year, a month or a day, as the `YYYY`, `YYYY-MM` or `YYYY-MM-DD` prefix of the dates it covers. */
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
/** A day of the month as typed: "2", "02", "2nd", "21st". */
const DAY = /^(0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?$/;

function dayOf(token: Token | undefined): number | undefined {
  const match = token && DAY.exec(token.word);
  return match ? Number(match[1]) : undefined;
}

/** Finds the first year (with its month, and the month's day, when they stand next to it) in the tokens. */
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
    let day: number | undefined;
    const before = tokens[i - 1];
    const twoBefore = tokens[i - 2];
    const after = tokens[i + 1];
    // A day beside its month: "april 2 2024", "2 april 2024", "april 2nd, 2024".
    const dayFirst = dayOf(twoBefore) !== undefined && before && monthByName.has(before.word);
    const monthFirst = twoBefore && monthByName.has(twoBefore.word) && dayOf(before) !== undefined;
    if (monthFirst || dayFirst) {
      const [monthToken, dayToken] = (monthFirst ? [twoBefore, before] : [before, twoBefore]) as [
        Token,
        Token,
      ];
      month = monthByName.get(monthToken.word);
      day = dayOf(dayToken);
      used.unshift(...(monthFirst ? [monthToken, dayToken] : [dayToken, monthToken]));
    } else if (before && monthByName.has(before.word)) {
      month = monthByName.get(before.word);
      used.unshift(before);
    } else if (before?.word === 'of' && twoBefore && monthByName.has(twoBefore.word)) {
      month = monthByName.get(twoBefore.word);
      used.unshift(twoBefore, before);
    } else if (after && monthByName.has(after.word) && after.word !== 'may') {
      month = monthByName.get(after.word);
      used.push(after);
    }
    const pad = (n: number) => String(n).padStart(2, '0');
    const prefix =
      month === undefined
        ? token.word
        : day === undefined
          ? `${token.word}-${pad(month)}`
          : `${token.word}-${pad(month)}-${pad(day)}`;
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
