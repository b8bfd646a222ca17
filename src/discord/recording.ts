/**
 * What answering records, built from the answer and the interaction and handed to the store's
 * queue: questions the pack could not answer (or answered weakly), the statements shown, and
 * every public answer (so a later correction can reach it). Recording never waits and never
 * fails an answer; without a recorder nothing is recorded.
 */
import type { APIInteraction, APIMessage } from 'discord-api-types/v10';
import type { Answer, Hit } from '../answers/types.js';
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

/**
 * What an answer records, apart from who asked, where and when: worked out once from the answer
 * and the pack, and written with each interaction it answers. A transport that sends a kept
 * answer again writes the kept records with the new interaction, so a reused answer records
 * exactly what answering afresh would.
 */
export interface AnswerRecords {
  /** The question, when the answer to it was empty or weak; null otherwise. */
  readonly question: {
    readonly mode: string;
    readonly query: string;
    readonly outcome: 'unanswered' | 'weak';
  } | null;
  /** The page's results and the statements they show; null for an answer without results. */
  readonly shown: {
    readonly mode: string;
    readonly items: readonly string[];
    readonly statements: readonly string[];
    /** The corrections of the pack that apply to the statements shown. */
    readonly applied: readonly string[];
  } | null;
  /** Whether the answer is posted publicly (then its post is recorded, for later corrections). */
  readonly posted: boolean;
  readonly packVersion: string;
}

/** The question an answer records: an empty or weak answer to words typed into a command. */
function questionOf(answer: Answer): AnswerRecords['question'] {
  // A check's words are someone else's message, not a question: they are never recorded.
  if (answer.kind === 'empty') {
    if (answer.reason !== 'no-match' || answer.mode === 'check' || answer.query.trim() === '') return null;
    return { mode: answer.mode, query: answer.query, outcome: 'unanswered' };
  }
  if (answer.kind !== 'results' || answer.mode === 'check' || answer.query.trim() === '') return null;
  // The closest the sources come is a weak answer however much of the question it covers.
  if (answer.closest === true || (answer.coverage ?? 1) < recordingDefaults.weakCoverage) {
    return { mode: answer.mode, query: answer.query, outcome: 'weak' };
  }
  return null;
}

/** The results an answer shows, as recorded. */
function shownOf(answer: Answer, pack: Pack): AnswerRecords['shown'] {
  if (answer.kind !== 'results' && answer.kind !== 'other-side') return null;
  const { items, statements } = shownIds(pageHits<Hit>(answer));
  const shown = new Set(statements);
  return {
    mode: answer.kind === 'results' ? answer.mode : 'ask',
    items,
    statements,
    applied: pack.corrections.filter((c) => shown.has(c.statementId)).map((c) => c.key),
  };
}

/**
 * What answering records for `answer`: its question when `question` is true (answers to
 * commands; a button's page records none), and the results it shows.
 */
export function answerRecords(
  answer: Answer,
  pack: Pack,
  options: { readonly question: boolean; readonly posted: boolean },
): AnswerRecords {
  return {
    question: options.question ? questionOf(answer) : null,
    shown: shownOf(answer, pack),
    posted: options.posted,
    packVersion: pack.meta.version,
  };
}

/** Writes the question of `records`, when there is one and questions are recorded. */
export function writeQuestion(
  recorder: Recorder | undefined,
  interaction: APIInteraction,
  records: AnswerRecords,
  now = Date.now(),
): void {
  const { question } = records;
  if (!recorder?.recordQuestions || !question) return;
  recorder.record({
    kind: 'question',
    guildId: guildOf(interaction),
    mode: question.mode,
    query: question.query,
    outcome: question.outcome,
    packVersion: records.packVersion,
    at: now,
  });
}

/** Writes the statements `records` shows, and its post when it was posted publicly. */
export function writeShown(
  recorder: Recorder | undefined,
  interaction: APIInteraction,
  records: AnswerRecords,
  now = Date.now(),
): void {
  const { shown } = records;
  if (!recorder || !shown) return;
  if (shown.statements.length > 0) {
    recorder.record({
      kind: 'shown',
      guildId: guildOf(interaction),
      statementIds: [...shown.statements],
      at: now,
    });
  }
  if (records.posted) recorder.record(postOf(interaction, records, shown, now));
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
  writeQuestion(recorder, interaction, answerRecords(answer, pack, { question: true, posted: false }), now);
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
  if (!recorder) return;
  writeShown(recorder, interaction, answerRecords(answer, pack, { question: false, ...options }), now);
}

function postOf(
  interaction: APIInteraction,
  records: AnswerRecords,
  shown: NonNullable<AnswerRecords['shown']>,
  now: number,
): PostRecord {
  return {
    kind: 'post',
    postId: interaction.id,
    guildId: guildOf(interaction),
    channelId: channelOf(interaction),
    messageId: null,
    applicationId: interaction.application_id,
    token: interaction.token,
    tokenExpiresAt: now + recordingDefaults.tokenLifetimeMs - recordingDefaults.tokenMarginMs,
    mode: shown.mode,
    items: [...shown.items],
    statementIds: [...shown.statements],
    applied: [...shown.applied],
    packVersion: records.packVersion,
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
