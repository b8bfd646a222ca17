/**
 * `corrections.yaml`: statements corrected or withdrawn after answers showing them were posted.
 * The file is optional (no corrections). Each item is checked like the rest of the pack, and
 * against the statements: a correction names a statement the pack holds, a withdrawal one it
 * no longer holds.
 */
import { parseDate } from './dates.js';
import { correctionSchema } from './schema.js';
import type { Correction } from './types.js';

/** Where a problem goes: file, item, field, message. */
export type ProblemSink = (file: string, item: string | null, field: string | null, message: string) => void;

/** The file's name in a pack. */
export const CORRECTIONS_FILE = 'corrections.yaml';

function itemName(raw: unknown, index: number): string {
  if (raw && typeof raw === 'object' && 'statement' in raw && typeof raw.statement === 'string') {
    const date = 'date' in raw && (typeof raw.date === 'string' || typeof raw.date === 'number');
    return date ? `${raw.statement}@${String((raw as { date: unknown }).date)}` : raw.statement;
  }
  return `#${index + 1}`;
}

/**
 * Checks the parsed file (undefined when absent) and returns its corrections, oldest first.
 * `statements` are the ids of every statement written in the pack, valid or not.
 */
export function readCorrections(
  raw: unknown,
  statements: ReadonlySet<string>,
  add: ProblemSink,
): Correction[] {
  const file = CORRECTIONS_FILE;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    add(file, null, null, 'must be a list of items');
    return [];
  }
  const out: Correction[] = [];
  const sameDay = new Map<string, number>();
  raw.forEach((entry, index) => {
    const item = itemName(entry, index);
    const result = correctionSchema.safeParse(entry, {
      error: (issue) => (issue.input === undefined ? 'is required' : undefined),
    });
    if (!result.success) {
      for (const issue of result.error.issues) {
        add(file, item, issue.path.length === 0 ? null : issue.path.map(String).join('.'), issue.message);
      }
      return;
    }
    const value = result.data;
    if (!parseDate(value.date)) {
      add(file, item, 'date', `"${value.date}" is not a real date`);
      return;
    }
    // A statement corrected twice in a day (two pack versions on one day) keeps both, told
    // apart by their order in the file: the second is `<statement>@<date>#2`.
    const day = `${value.statement}@${value.date}`;
    const earlier = sameDay.get(day) ?? 0;
    sameDay.set(day, earlier + 1);
    const key = earlier === 0 ? day : `${day}#${earlier + 1}`;
    const held = statements.has(value.statement);
    if (value.withdrawn && held) {
      add(
        file,
        item,
        'withdrawn',
        `statement "${value.statement}" is still in the pack; remove it to withdraw it`,
      );
      return;
    }
    if (!value.withdrawn && !held) {
      add(
        file,
        item,
        'statement',
        `names statement "${value.statement}", which does not exist (a withdrawal says withdrawn: true)`,
      );
      return;
    }
    out.push(
      Object.freeze({
        statementId: value.statement,
        date: value.date,
        change: value.change,
        withdrawn: value.withdrawn,
        key,
        file,
      }),
    );
  });
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
