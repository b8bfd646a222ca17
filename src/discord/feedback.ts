/**
 * Feedback on an answer: a menu under every answer offers five reasons; "Other" opens a form for
 * a short comment. Feedback is stored against the statements the answer shows (a timeline event's
 * own, or the event itself when it cites none), once per member and answer, and acknowledged to
 * the member alone. The menu's id carries them (by their place in the pack, tagged with the
 * pack's version), so any process can take it.
 */
import {
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIInteraction,
  type APIInteractionResponse,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
  type APISelectMenuOption,
  ComponentType,
  InteractionResponseType,
  MessageFlags,
  TextInputStyle,
} from 'discord-api-types/v10';
import type { Hit } from '../answers/types.js';
import type { Pack } from '../knowledge/types.js';
import { EVENT_ITEM, type FeedbackReason, feedbackReasonLabels, feedbackReasons } from '../store/records.js';
import { CUSTOM_ID_LIMIT, packTag, placesIn } from './custom-id.js';
import type { Recorder } from './recording.js';

const reasonLabels = feedbackReasonLabels;

/** The member-facing texts of feedback. */
export const feedbackMessages = {
  placeholder: 'Something wrong with this answer? Tell the moderators…',
  modalTitle: 'What is wrong with this answer?',
  commentLabel: 'Your comment',
  commentDescription: 'Seen by this server’s moderators; kept for the retention period.',
  thanks: (reason: FeedbackReason) =>
    `Thank you: “${reasonLabels[reason].label}” is noted for this server’s moderators. Feedback counts once per person and answer.`,
  stale:
    'That answer came from an older version of the sources, so feedback on it cannot be matched. Run the command again and give feedback on the new answer.',
  unavailable: 'Feedback is not recorded by this Receipts (it runs without a store).',
} as const;

const SELECT_PREFIX = 'fb:';
const MODAL_PREFIX = 'fbo:';
const COMMENT_ID = 'comment';
/** The longest comment kept. */
export const COMMENT_MAX = 300;

/**
 * What feedback on a page is stored against: each statement it shows (a timeline event's too),
 * and each event that cites none, as `event:<id>`.
 */
export function feedbackTargets(hits: readonly Hit[]): string[] {
  const targets = new Set<string>();
  for (const hit of hits) {
    if (hit.type === 'statement') targets.add(hit.statement.id);
    else if (hit.event.statements.length === 0) targets.add(`${EVENT_ITEM}${hit.event.id}`);
    else for (const statement of hit.event.statements) targets.add(statement.id);
  }
  return [...targets];
}

/** The menu's id for these targets, or null when they do not fit. Events are `-<place>`. */
function encode(prefix: string, targets: readonly string[], pack: Pack): string | null {
  const { statements, events } = placesIn(pack);
  const parts = targets.flatMap((id) => {
    const place = statements.get(id);
    if (place !== undefined) return [place.toString(36)];
    const eventPlace = id.startsWith(EVENT_ITEM) ? events.get(id.slice(EVENT_ITEM.length)) : undefined;
    return eventPlace === undefined ? [] : [`-${eventPlace.toString(36)}`];
  });
  if (parts.length === 0) return null;
  const text = `${prefix}${packTag(pack)}:${parts.join('.')}`;
  return text.length <= CUSTOM_ID_LIMIT ? text : null;
}

/** The targets a feedback id names: their ids, `stale` for an older pack, null if malformed. */
function decode(customId: string, pack: Pack): { modal: boolean; statementIds: string[] } | 'stale' | null {
  const match = /^(fbo?):([\w-]{4}):(-?[0-9a-z]+(?:\.-?[0-9a-z]+)*)$/.exec(customId);
  if (!match) return null;
  if (match[2] !== packTag(pack)) return 'stale';
  const statementIds: string[] = [];
  for (const place of (match[3] as string).split('.')) {
    if (place.startsWith('-')) {
      const event = pack.timeline[Number.parseInt(place.slice(1), 36)];
      if (!event) return 'stale';
      statementIds.push(`${EVENT_ITEM}${event.id}`);
      continue;
    }
    const statement = pack.statements[Number.parseInt(place, 36)];
    if (!statement) return 'stale';
    statementIds.push(statement.id);
  }
  return { modal: match[1] === 'fbo', statementIds };
}

/** True for the ids of the feedback menu and form. */
export function isFeedbackId(customId: string): boolean {
  return customId.startsWith(SELECT_PREFIX) || customId.startsWith(MODAL_PREFIX);
}

/** The statements named by a message's feedback menu, if it has one this pack can read. */
export function statementsOfMessage(components: readonly object[] | undefined, pack: Pack): string[] | null {
  type Row = { components?: readonly { custom_id?: string }[] };
  for (const row of (components ?? []) as Row[]) {
    for (const component of row.components ?? []) {
      if (!component.custom_id?.startsWith(SELECT_PREFIX)) continue;
      const decoded = decode(component.custom_id, pack);
      return decoded && decoded !== 'stale'
        ? decoded.statementIds.filter((id) => !id.startsWith(EVENT_ITEM))
        : null;
    }
  }
  return null;
}

/** The menu's options, the same under every answer (frozen: every answer's menu shares them). */
const reasonOptions = Object.freeze(
  feedbackReasons.map((reason) => Object.freeze({ value: reason, ...reasonLabels[reason] })),
);

/** The menu under an answer showing these targets ({@link feedbackTargets}), or null for none. */
export function feedbackRow(
  targets: readonly string[],
  pack: Pack,
): APIActionRowComponent<APIComponentInMessageActionRow> | null {
  const customId = encode(SELECT_PREFIX, targets, pack);
  if (customId === null) return null;
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: customId,
        placeholder: feedbackMessages.placeholder,
        min_values: 1,
        max_values: 1,
        // Frozen, so a change to one answer's menu would throw rather than change them all.
        options: reasonOptions as APISelectMenuOption[],
      },
    ],
  };
}

function privately(text: string): APIInteractionResponse {
  return {
    type: InteractionResponseType.ChannelMessageWithSource,
    data: { content: text, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } },
  };
}

function userOf(interaction: APIInteraction): string {
  return interaction.member?.user.id ?? interaction.user?.id ?? '0';
}

/** The comment typed into the form, from either layout Discord sends (a label, or an action row). */
function commentOf(interaction: APIModalSubmitInteraction): string {
  type Field = { type: number; custom_id?: string; value?: string; component?: Field; components?: Field[] };
  const fields = (interaction.data.components ?? []) as unknown as Field[];
  const inputs = fields.flatMap((field) => [
    field,
    ...(field.component ? [field.component] : []),
    ...(field.components ?? []),
  ]);
  const input = inputs.find(
    (field) => field.type === ComponentType.TextInput && field.custom_id === COMMENT_ID,
  );
  return (input?.value ?? '').trim().slice(0, COMMENT_MAX);
}

function record(
  recorder: Recorder,
  interaction: APIInteraction,
  messageId: string,
  statementIds: readonly string[],
  reason: FeedbackReason,
  comment: string | null,
  pack: Pack,
): void {
  recorder.record({
    kind: 'feedback',
    guildId: interaction.guild_id ?? null,
    channelId: interaction.channel?.id ?? interaction.channel_id ?? '0',
    messageId,
    userId: userOf(interaction),
    statementIds,
    reason,
    comment,
    packVersion: pack.meta.version,
    at: Date.now(),
  });
}

/** Answers a choice in the feedback menu: thanks, or the form for "Other". */
export function answerFeedbackChoice(
  interaction: APIMessageComponentInteraction,
  pack: Pack,
  recorder: Recorder | undefined,
): APIInteractionResponse {
  const decoded = decode(interaction.data.custom_id, pack);
  if (decoded === 'stale') return privately(feedbackMessages.stale);
  const values = 'values' in interaction.data ? (interaction.data.values as string[]) : [];
  const reason = feedbackReasons.find((candidate) => candidate === values[0]);
  if (decoded === null || decoded.modal || !reason) return privately(feedbackMessages.stale);
  if (!recorder) return privately(feedbackMessages.unavailable);
  if (reason === 'other') {
    return {
      type: InteractionResponseType.Modal,
      data: {
        custom_id: `${MODAL_PREFIX}${interaction.data.custom_id.slice(SELECT_PREFIX.length)}`,
        title: feedbackMessages.modalTitle,
        components: [
          {
            type: ComponentType.Label,
            label: feedbackMessages.commentLabel,
            description: feedbackMessages.commentDescription,
            component: {
              type: ComponentType.TextInput,
              custom_id: COMMENT_ID,
              style: TextInputStyle.Paragraph,
              min_length: 1,
              max_length: COMMENT_MAX,
              required: true,
            },
          },
        ],
      },
    } as APIInteractionResponse;
  }
  record(recorder, interaction, interaction.message.id, decoded.statementIds, reason, null, pack);
  return privately(feedbackMessages.thanks(reason));
}

/** Answers the "Other" form: the comment is recorded with the reason. */
export function answerFeedbackForm(
  interaction: APIModalSubmitInteraction,
  pack: Pack,
  recorder: Recorder | undefined,
): APIInteractionResponse {
  const decoded = decode(interaction.data.custom_id, pack);
  const messageId = interaction.message?.id;
  if (decoded === 'stale' || decoded === null || !decoded.modal || !messageId) {
    return privately(feedbackMessages.stale);
  }
  if (!recorder) return privately(feedbackMessages.unavailable);
  record(
    recorder,
    interaction,
    messageId,
    decoded.statementIds,
    'other',
    commentOf(interaction) || null,
    pack,
  );
  return privately(feedbackMessages.thanks('other'));
}
