/**
 * The moderators' report in words, for every surface that shows it (Discord, the terminal,
 * JSON): statements named by their titles in the pack being served, reasons by their labels.
 */
import type { Pack } from '../knowledge/types.js';
import { EVENT_ITEM, type FeedbackReason, feedbackReasonLabels } from './records.js';
import type { ReportData } from './store.js';

/**
 * A statement as the report names it; for feedback on a timeline event that cites no statement,
 * the event, as `event:<id>` with its summary.
 */
export interface ReportStatement {
  readonly id: string;
  /** Its title (an event's summary) in the pack, or null when the pack no longer holds it. */
  readonly title: string | null;
}

/** The report, ready to be laid out. */
export interface ReportView {
  readonly guildId: string | null;
  readonly generatedAt: string;
  readonly pack: string;
  readonly questions: readonly {
    readonly query: string;
    readonly mode: string;
    readonly outcome: 'unanswered' | 'weak';
    readonly last7: number;
    readonly last30: number;
  }[];
  readonly feedback: readonly {
    readonly statement: ReportStatement;
    readonly reason: string;
    readonly reasonLabel: string;
    readonly count: number;
    readonly comments: readonly string[];
  }[];
  readonly shown: readonly { readonly statement: ReportStatement; readonly count: number }[];
}

/** Names what the store reported, from the pack. */
export function reportView(data: ReportData, pack: Pack): ReportView {
  const statement = (id: string): ReportStatement => ({
    id,
    title: id.startsWith(EVENT_ITEM)
      ? (pack.byId.events.get(id.slice(EVENT_ITEM.length))?.summary ?? null)
      : (pack.byId.statements.get(id)?.title ?? null),
  });
  return {
    guildId: data.guildId,
    generatedAt: new Date(data.generatedAt).toISOString(),
    pack: `${pack.meta.id} ${pack.meta.version}`,
    questions: data.questions,
    feedback: data.feedback.map((row) => ({
      statement: statement(row.statementId),
      reason: row.reason,
      reasonLabel: feedbackReasonLabels[row.reason as FeedbackReason]?.label ?? row.reason,
      count: row.count,
      comments: row.comments,
    })),
    shown: data.shown.map((row) => ({ statement: statement(row.statementId), count: row.count })),
  };
}
