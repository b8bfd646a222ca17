/**
 * The words every surface uses around answers: headings, stance labels and the labels that
 * mark our own words. One list, so the Discord message, the terminal and the web say the same.
 * None of these is ever shown in quotation marks: they are ours.
 */
import type { EventStatus, Stance, Statement } from '../knowledge/types.js';
import type { SearchMode } from './types.js';

/** What a statement is, in a word: the first part of its heading. */
export const stanceLabel: Record<Stance, string> = { claim: 'Claim', denial: 'Response', context: 'Context' };

/** The heading of each list where statements are grouped by stance (the web record's home page). */
export const stanceGroup: Record<Stance, string> = {
  claim: 'Claims',
  denial: 'Responses',
  context: 'Context',
};

/** The heading of an answer, by what was asked. */
export const modeHeading: Record<SearchMode, string> = {
  claim: 'Claims',
  denial: 'Responses',
  timeline: 'Timeline',
  ask: 'From the sources',
  check: 'What the sources say about this message',
};

/** How every surface labels the closest the sources come, when nothing answers a question. */
export const closestWording = {
  heading: 'Closest the sources come',
  note: 'Nothing in the sources answers this directly; these are the nearest they come.',
} as const;

/** Whether a dated event is established or only alleged. */
export const statusLabel: Record<EventStatus, string> = { established: 'established', alleged: 'alleged' };

/** Labels that mark text as ours. Each is followed by a colon and the text. */
export const oursLabel = {
  /** A timeline event's summary. */
  summary: 'Summary (ours)',
  /** Where an event's fact comes from, when no pack document holds it. */
  basis: 'Basis (ours)',
  /** An editor's note on a statement. */
  note: "Editor's note (ours)",
  /** What the record says, directly beneath a quote that differs from it or gets it wrong. */
  record: 'The record, in our words',
  /** Shown in place of a quote garbled past reading. */
  described: 'What it reports, in our words',
} as const;

/** The label of a passage garbled past reading, kept one step away. */
export const garbledLabel = "The copy's own words, garbled past reading";

/** The heading of the other side of a statement: its responses, or what it responds to. */
export function otherSideHeading(statement: Statement): string {
  return statement.stance === 'claim' ? 'Responses to' : 'What this responds to';
}

/** The label of the button or command that shows a statement's other side. */
export function otherSideLabel(statement: Statement, others: readonly Statement[]): string {
  return others === statement.answeredBy
    ? `See the response${others.length === 1 ? '' : 's'} (${others.length})`
    : `See what this answers (${others.length})`;
}
