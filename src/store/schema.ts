/**
 * The store's tables, as Kysely sees them. Times are milliseconds since the epoch. No table holds
 * a member's id: where one member must be told apart from another (feedback, the cooldown), a
 * keyed hash of the id stands in for it (see `member-key.ts`).
 */
import type { Generated } from 'kysely';

/** Settings of this installation: the member-key secret. */
export interface MetaTable {
  key: string;
  value: string;
}

/** A question the pack could not answer, or answered only weakly. */
export interface QuestionsTable {
  /** The server, or '' for a DM or group DM. */
  guild_id: string;
  mode: string;
  /** As typed. */
  query: string;
  /** Folded for grouping: lower case, spaces collapsed. */
  query_key: string;
  /** `unanswered` (nothing found) or `weak` (found, but covering little of the question). */
  outcome: string;
  pack_version: string;
  asked_at: number;
}

/** How often each statement was shown, per server and day. */
export interface StatementViewsTable {
  guild_id: string;
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  statement_id: string;
  shown: number;
}

/** Feedback on an answer: one row per statement shown, one set per member and answer. */
export interface FeedbackTable {
  guild_id: string;
  channel_id: string;
  /** The answer (its message) the feedback is about. */
  message_id: string;
  /** Keyed hash of the member's id. */
  member_key: string;
  statement_id: string;
  reason: string;
  /** The member's words, for the reason "other". */
  comment: string | null;
  pack_version: string;
  given_at: number;
}

/** A public answer (or pin) the bot posted, kept so corrections can reach it. */
export interface PostsTable {
  /** The interaction that posted it, or `m:<message id>` for a pinned message known only by id. */
  post_id: string;
  guild_id: string;
  channel_id: string;
  /** Null until known (an answer sent as the HTTP response is looked up after). */
  message_id: string | null;
  application_id: string;
  /** The interaction's token while it lasts (15 minutes), then null. */
  interaction_token: string | null;
  token_expires_at: number;
  mode: string;
  /** JSON array of the ids of the hits shown (statements, or timeline events). */
  items: string;
  pack_version: string;
  pinned: number;
  posted_at: number;
  /** A process updating it holds it until then. */
  claimed_until: Generated<number>;
  attempts: Generated<number>;
  /** `live`, `gone` (deleted) or `unreachable` (Discord allowed neither an edit nor a reply). */
  state: Generated<string>;
}

/** The statements a post shows (those of its timeline events included). */
export interface PostStatementsTable {
  post_id: string;
  statement_id: string;
}

/** Corrections a post already reflects, and how it was brought up to date. */
export interface PostCorrectionsTable {
  post_id: string;
  correction_key: string;
  /** `posted` (the post came after it), `edited`, `replied`, or `failed`. */
  how: string;
  at: number;
}

/** Members' public-answer cooldowns per channel. */
export interface CooldownsTable {
  channel_id: string;
  member_key: string;
  until_at: number;
}

/** Every table. */
export interface Database {
  meta: MetaTable;
  questions: QuestionsTable;
  statement_views: StatementViewsTable;
  feedback: FeedbackTable;
  posts: PostsTable;
  post_statements: PostStatementsTable;
  post_corrections: PostCorrectionsTable;
  cooldowns: CooldownsTable;
}
