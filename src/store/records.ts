/**
 * What the bot records, as plain values: made where an answer is given, queued, and written
 * later in batches. A member's id travels only in memory; it is turned into a keyed hash as the
 * record is written.
 */

/** A question the pack could not answer (`unanswered`) or answered with little (`weak`). */
export interface QuestionRecord {
  readonly kind: 'question';
  readonly guildId: string | null;
  readonly mode: string;
  readonly query: string;
  readonly outcome: 'unanswered' | 'weak';
  readonly packVersion: string;
  readonly at: number;
}

/** Statements shown in one answer. */
export interface ShownRecord {
  readonly kind: 'shown';
  readonly guildId: string | null;
  readonly statementIds: readonly string[];
  readonly at: number;
}

/**
 * Statements shown, counted up in memory per server and day: the write queue folds every
 * ShownRecord into one of these, so a busy server costs one row per statement, not per answer.
 */
export interface ViewsRecord {
  readonly kind: 'views';
  readonly guildId: string | null;
  /** `YYYY-MM-DD`, UTC. */
  readonly day: string;
  /** Times each statement was shown. */
  readonly counts: Map<string, number>;
}

/** The reasons a member can give. */
export const feedbackReasons = [
  'wrong-attribution',
  'missing-context',
  'not-in-source',
  'out-of-date',
  'other',
] as const;

export type FeedbackReason = (typeof feedbackReasons)[number];

/** What each reason is called, and what it means, wherever it is shown. */
export const feedbackReasonLabels: Record<FeedbackReason, { label: string; description: string }> = {
  'wrong-attribution': { label: 'Wrong attribution', description: 'Someone else said or wrote these words' },
  'missing-context': { label: 'Missing context', description: 'True, but misleading without more' },
  'not-in-source': { label: 'Quote not in the source', description: 'The source does not say this' },
  'out-of-date': { label: 'Out of date', description: 'Something newer changes the picture' },
  other: { label: 'Other', description: 'Tell the moderators in your own words' },
};

/** How feedback names a timeline event that cites no statement, in place of a statement: `event:<id>`. */
export const EVENT_ITEM = 'event:';

/** A member's feedback on an answer. */
export interface FeedbackRecord {
  readonly kind: 'feedback';
  readonly guildId: string | null;
  readonly channelId: string;
  readonly messageId: string;
  /** Kept in memory only; stored as a keyed hash. */
  readonly userId: string;
  /** The statements the answer shows, and {@link EVENT_ITEM} ids for events that cite none. */
  readonly statementIds: readonly string[];
  readonly reason: FeedbackReason;
  readonly comment: string | null;
  readonly packVersion: string;
  readonly at: number;
}

/** A public answer, as needed to update it when a statement it shows is corrected. */
export interface PostRecord {
  readonly kind: 'post';
  readonly postId: string;
  readonly guildId: string | null;
  readonly channelId: string;
  readonly messageId: string | null;
  readonly applicationId: string;
  readonly token: string | null;
  readonly tokenExpiresAt: number;
  readonly mode: string;
  /** Ids of the hits shown, in order. */
  readonly items: readonly string[];
  /** Every statement the post shows. */
  readonly statementIds: readonly string[];
  /** Corrections the post already reflects (those in the pack it was made from). */
  readonly applied: readonly string[];
  readonly packVersion: string;
  readonly pinned: boolean;
  readonly at: number;
}

/** The message a post became, once known. */
export interface MessageIdRecord {
  readonly kind: 'message-id';
  readonly postId: string;
  readonly messageId: string;
}

/** A pinned message: marks its post pinned, or records it when it was not known. */
export interface PinRecord {
  readonly kind: 'pin';
  readonly postId: string;
  readonly messageId: string;
  /** The post to record if none is known by that id. */
  readonly post: PostRecord | null;
}

/** Delete everything recorded for a server. */
export interface ForgetRecord {
  readonly kind: 'forget';
  readonly guildId: string;
  readonly at: number;
}

/** Anything the bot records. */
export type StoreRecord =
  | QuestionRecord
  | ShownRecord
  | ViewsRecord
  | FeedbackRecord
  | PostRecord
  | MessageIdRecord
  | PinRecord
  | ForgetRecord;

/** A question folded for grouping: lower case, inner spaces collapsed, ends trimmed. */
export function questionKey(query: string): string {
  return query.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The UTC day of a time, `YYYY-MM-DD`. */
export function dayOf(at: number): string {
  if (at < lastDay.start || at >= lastDay.start + DAY_MS) {
    lastDay = { start: Math.floor(at / DAY_MS) * DAY_MS, day: new Date(at).toISOString().slice(0, 10) };
  }
  return lastDay.day;
}

const DAY_MS = 86_400_000;
/** The day last named: every answer of a day counts its statements under the same one. */
let lastDay = { start: 0, day: '1970-01-01' };
