/**
 * What answering records, built from the answer and the interaction and handed to the store's
 * queue: questions the pack could not answer (or answered weakly), the statements shown, and
 * every public answer (so a later correction can reach it). Recording never waits and never
 * fails an answer; without a recorder nothing is recorded.
 */
import type { APIInteraction, APIMessage } from 'discord-api-types/v10';
import type { Answer, Hit, OtherSideAnswer, ResultsAnswer } from '../answers/types.js';
import { pageHits } from '../answers/types.js';
import type { Pack } from '../knowledge/types.js';
import type { PostRecord, StoreRecord } from '../store/records.js';

/** Where records go. */
export interface Recorder {
  /** Queues a record; returns at once. */
  record(record: StoreRecord): void;
  /** Whether questions are recorded (RECORD_QUESTIONS). */
  readonly recordQuestions: boolean;
}

/** Tuning of what is recorded. */
export const recordingDefaults = {
  /** An answer whose best result covers less of the question than this is a weak answer. */
  weakCoverage: 0.75,
  /** How long an interaction's token lets the bot edit its answer (Discord: 15 minutes). */
  tokenLifetimeMs: 15 * 60_000,
  /** Stop using a token this long before it expires. */
  tokenMarginMs: 60_000,
} as const;

/** The ids of a page's hits, and of every statement they show (a timeline event's too). */
export function shownIds(hits: readonly Hit[]): { items: string[]; statements: string[] } {
  const items: string[] = [];
  const statements = new Set<string>();
  for (const hit of hits) {
    if (hit.type === 'statement') {
      items.push(hit.statement.id);
      statements.add(hit.statement.id);
    } else {
      items.push(hit.event.id);
      for (const statement of hit.event.statements) statements.add(statement.id);
    }
  }
  return { items, statements: [...statements] };
}

function guildOf(interaction: APIInteraction): string | null {
  return interaction.guild_id ?? null;
}

function channelOf(interaction: APIInteraction): string {
  return interaction.channel?.id ?? interaction.channel_id ?? '0';
}

/** Records a question typed into a command, when the answer to it was empty or weak. */
export function recordQuestion(
  recorder: Recorder | undefined,
  interaction: APIInteraction,
  answer: Answer,
  pack: Pack,
  now = Date.now(),
): void {
  if (!recorder?.recordQuestions) return;
  // A check's words are someone else's message, not a question: they are never recorded.
  if (answer.kind === 'empty') {
    if (answer.reason !== 'no-match' || answer.mode === 'check' || answer.query.trim() === '') return;
    recorder.record(question(interaction, answer.mode, answer.query, 'unanswered', pack, now));
    return;
  }
  if (answer.kind !== 'results' || answer.mode === 'check' || answer.query.trim() === '') return;
  // The closest the sources come is a weak answer however much of the question it covers.
  if (answer.closest === true || (answer.coverage ?? 1) < recordingDefaults.weakCoverage) {
    recorder.record(question(interaction, answer.mode, answer.query, 'weak', pack, now));
  }
}

function question(
  interaction: APIInteraction,
  mode: string,
  query: string,
  outcome: 'unanswered' | 'weak',
  pack: Pack,
  at: number,
): StoreRecord {
  return {
    kind: 'question',
    guildId: guildOf(interaction),
    mode,
    query,
    outcome,
    packVersion: pack.meta.version,
    at,
  };
}

/** Records the statements a page shows, and the page itself when it was posted publicly. */
export function recordShown(
  recorder: Recorder | undefined,
  interaction: APIInteraction,
  answer: Answer,
  pack: Pack,
  options: { readonly posted: boolean },
  now = Date.now(),
): void {
  if (!recorder || (answer.kind !== 'results' && answer.kind !== 'other-side')) return;
  const { items, statements } = shownIds(pageHits<Hit>(answer));
  if (statements.length > 0) {
    recorder.record({ kind: 'shown', guildId: guildOf(interaction), statementIds: statements, at: now });
  }
  if (options.posted) recorder.record(postOf(interaction, answer, pack, items, statements, now));
}

function postOf(
  interaction: APIInteraction,
  answer: ResultsAnswer | OtherSideAnswer,
  pack: Pack,
  items: readonly string[],
  statements: readonly string[],
  now: number,
): PostRecord {
  const shown = new Set(statements);
  return {
    kind: 'post',
    postId: interaction.id,
    guildId: guildOf(interaction),
    channelId: channelOf(interaction),
    messageId: null,
    applicationId: interaction.application_id,
    token: interaction.token,
    tokenExpiresAt: now + recordingDefaults.tokenLifetimeMs - recordingDefaults.tokenMarginMs,
    mode: answer.kind === 'results' ? answer.mode : 'ask',
    items,
    statementIds: statements,
    applied: pack.corrections.filter((c) => shown.has(c.statementId)).map((c) => c.key),
    packVersion: pack.meta.version,
    pinned: false,
    at: now,
  };
}

/**
 * Records a pin of one of the bot's messages. The message names the interaction that posted it
 * (its `interaction_metadata`), which is how its post was recorded; a message posted before
 * recording began is recorded now from the statements its feedback control names.
 */
export function recordPin(
  recorder: Recorder | undefined,
  interaction: APIInteraction,
  message: APIMessage,
  statements: readonly string[] | null,
  pack: Pack,
  now = Date.now(),
): void {
  if (!recorder) return;
  const postedBy = message.interaction_metadata?.id ?? null;
  const postId = postedBy ?? `m:${message.id}`;
  const post: PostRecord | null =
    statements && statements.length > 0
      ? {
          kind: 'post',
          postId,
          guildId: guildOf(interaction),
          channelId: message.channel_id,
          messageId: message.id,
          applicationId: interaction.application_id,
          token: null,
          tokenExpiresAt: 0,
          mode: 'ask',
          items: [...statements],
          statementIds: [...statements],
          applied: pack.corrections.filter((c) => statements.includes(c.statementId)).map((c) => c.key),
          packVersion: pack.meta.version,
          pinned: true,
          at: now,
        }
      : null;
  recorder.record({ kind: 'pin', postId, messageId: message.id, post });
}
