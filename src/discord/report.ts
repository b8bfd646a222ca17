/**
 * `/receipts report` in Discord: the moderators' report as one private embed. Members' words
 * (questions, comments) are escaped, so they can neither format the report nor mention anyone.
 */
import { type APIEmbed, type APIInteractionResponseCallbackData, MessageFlags } from 'discord-api-types/v10';
import type { Pack } from '../knowledge/types.js';
import { type ReportView, reportView } from '../store/report-view.js';
import type { ReportData } from '../store/store.js';
import { escapeText } from './markdown.js';
import { cutAtWord, LIMITS } from './render.js';

/** The report and forgetting, as the `/receipts` command needs them. */
export interface Reports {
  /** The report for a server; rejects when the store cannot be read. */
  report(guildId: string): Promise<ReportData>;
  /** Deletes every record of a server (queued like every write). */
  forget(guildId: string): void;
}

const COLOUR = 0x4f8a6b;

function fieldLines(lines: readonly string[], empty: string): string {
  if (lines.length === 0) return `*${empty}*`;
  const out: string[] = [];
  let length = 0;
  for (const line of lines) {
    const cut = line.length > 300 ? `${cutAtWord(line, 299)}…` : line;
    if (length + cut.length + 1 > LIMITS.fieldValue - 20) {
      out.push(`… and ${lines.length - out.length} more`);
      break;
    }
    out.push(cut);
    length += cut.length + 1;
  }
  return out.join('\n');
}

function named(statement: ReportView['shown'][number]['statement']): string {
  return statement.title
    ? `${escapeText(statement.title)} \`${statement.id}\``
    : `\`${statement.id}\` *(no longer in the pack)*`;
}

/** The report as the embed moderators see. */
export function renderReport(data: ReportData, pack: Pack): APIInteractionResponseCallbackData {
  const view = reportView(data, pack);
  const questions = view.questions.map(
    (row) =>
      `**${row.last7}** / **${row.last30}** · “${escapeText(row.query)}” · /${row.mode}${row.outcome === 'weak' ? ' · *weak answer*' : ''}`,
  );
  const feedback = view.feedback.map((row) => {
    const comments = row.comments
      .map((comment) => `\n> ${escapeText(comment.replace(/\s+/g, ' '))}`)
      .join('');
    return `**${row.count}** × ${row.reasonLabel} · ${named(row.statement)}${comments}`;
  });
  const shown = view.shown.map((row) => `**${row.count}** × ${named(row.statement)}`);
  const embed: APIEmbed = {
    color: COLOUR,
    title: 'Receipts report for this server',
    description:
      'What members asked that the sources could not answer, what they flagged, and what Receipts showed most. ' +
      'Members are never named. `/receipts forget` deletes all of it.',
    fields: [
      { name: 'Not answered (last 7 days / 30 days)', value: fieldLines(questions, 'Nothing unanswered.') },
      { name: 'Feedback, by statement and reason (30 days)', value: fieldLines(feedback, 'No feedback.') },
      { name: 'Most shown statements (30 days)', value: fieldLines(shown, 'Nothing shown yet.') },
    ],
    footer: {
      text: `Receipts · pack ${pack.meta.version} · ${view.generatedAt.slice(0, 16).replace('T', ' ')} UTC`,
    },
  };
  return { allowed_mentions: { parse: [] }, flags: MessageFlags.Ephemeral, embeds: [embed] };
}
