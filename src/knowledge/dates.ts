/** Dates in the pack: parsing at their precision, and how people read them. */
import type { DatePrecision, PackDate } from './types.js';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** The month names, for reading dates typed by people. */
export const monthNames: readonly string[] = MONTHS;

/** Checks a `YYYY`, `YYYY-MM` or `YYYY-MM-DD` string names a real date; null when it does not. */
export function parseDate(iso: string): { precision: DatePrecision } | null {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso);
  if (!match) return null;
  const [, year, month, day] = match;
  const y = Number(year);
  if (month === undefined) return { precision: 'year' };
  const m = Number(month);
  if (m < 1 || m > 12) return null;
  if (day === undefined) return { precision: 'month' };
  const d = Number(day);
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return null;
  return { precision: 'day' };
}

/** "2 April 2024", "May 2018", "2017", with "about"/"by" and "(unconfirmed)" where they apply. */
export function formatDate(date: PackDate): string {
  const [year, month, day] = date.iso.split('-');
  const monthName = month === undefined ? undefined : MONTHS[Number(month) - 1];
  let text = year ?? date.iso;
  if (monthName !== undefined)
    text = day === undefined ? `${monthName} ${year}` : `${Number(day)} ${monthName} ${year}`;
  if (date.qualifier) text = `${date.qualifier} ${text}`;
  if (!date.confirmed) text = `${text} (unconfirmed)`;
  return text;
}
