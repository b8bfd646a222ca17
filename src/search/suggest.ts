/**
 * Autocomplete: what to offer while someone types a query. Candidates are the topics' names
 * and aliases and the statements' titles (or, for the timeline, the periods that have
 * events); they rank exact match, then prefix (of the phrase or of one of its words), then
 * contains, and within a tier shorter first.
 */
import type { Pack, Stance } from '../knowledge/types.js';
import { fold } from './analyze.js';

/** A suggestion: what is shown and what is searched for. */
export interface Suggestion {
  readonly label: string;
  readonly value: string;
}

/** Options for suggestions. */
export interface SuggestOptions {
  /** Statement stances whose titles to offer; all when absent. */
  readonly stances?: readonly Stance[];
  /** Offer years and months with events instead of statement titles (the timeline). */
  readonly periods?: boolean;
  /** At most this many. Default 25 (Discord's limit). */
  readonly limit?: number;
  /** Longest label and value. Default 100 (Discord's limit). */
  readonly maxLength?: number;
}

function candidates(pack: Pack, options: SuggestOptions): string[] {
  const out: string[] = [];
  if (options.periods) {
    const months = new Set<string>();
    for (const event of pack.timeline) {
      const [year, month] = event.date.iso.split('-');
      out.push(year as string);
      if (month) months.add(`${year}-${month}`);
    }
    out.push(...months);
  } else {
    for (const statement of pack.statements) {
      if (!options.stances || options.stances.includes(statement.stance)) out.push(statement.title);
    }
  }
  for (const topic of pack.topics) out.push(topic.name, ...topic.aliases);
  return [...new Set(out)];
}

function tier(candidate: string, typed: string): number {
  const folded = fold(candidate);
  if (folded === typed) return 0;
  if (folded.startsWith(typed)) return 1;
  if (folded.split(/[\s\-/]+/).some((word) => word.startsWith(typed))) return 2;
  if (folded.includes(typed)) return 3;
  return -1;
}

/** Suggestions for what has been typed so far, best first. */
export function suggest(pack: Pack, typed: string, options: SuggestOptions = {}): Suggestion[] {
  const limit = options.limit ?? 25;
  const max = options.maxLength ?? 100;
  const query = fold(typed).trim().replace(/\s+/g, ' ');
  const pool = candidates(pack, options).filter((candidate) => candidate.length <= max);
  const ranked =
    query === ''
      ? pool.map((label, index) => ({ label, tier: 0, index }))
      : pool
          .map((label, index) => ({ label, tier: tier(label, query), index }))
          .filter((entry) => entry.tier >= 0)
          .sort((a, b) => a.tier - b.tier || a.label.length - b.label.length || a.index - b.index);
  const seen = new Set<string>();
  const out: Suggestion[] = [];
  for (const { label } of ranked) {
    const key = fold(label);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ label, value: label });
    if (out.length === limit) break;
  }
  return out;
}
