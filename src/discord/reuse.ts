/**
 * Which answers can be given again: the same request against the same pack gets the same
 * bytes when the command is deterministic (its options and the answer's visibility are all it
 * reads), and when a page or "See the responses" button is clicked (its id carries the query
 * and the page). A transport may keep such answers and send them again; everything else, from
 * a share or a pin to a check of a message, is answered afresh every time.
 *
 * Answering with a store records something of each answer (the question, the statements shown,
 * a public post and its token for later corrections). What an answer records apart from the
 * interaction (`AnswerRecords`) is the same every time, so it is kept with the answer, and a
 * reuse writes it again with its own interaction: the member's server, the post's id and token,
 * the time. The web record's address (PUBLIC_URL) changes the links an answer carries, so it is
 * part of every key.
 */
import {
  type APIInteraction,
  type APIInteractionResponse,
  ApplicationCommandType,
  ComponentType,
  InteractionType,
  MessageFlags,
} from 'discord-api-types/v10';
import type { ChatInputCommand } from './command.js';
import { readArguments } from './command.js';
import { answersPrivately, isFailure, type RouterDeps } from './router.js';

/** How an answer may be reused. */
export interface Reuse {
  /** What the answer depends on, besides the pack: equal keys, equal answers. */
  readonly key: string;
  /**
   * The answer is posted in the channel: whether the member may post it (and their cooldown)
   * must be checked before each use, as the command itself does.
   */
  readonly public: boolean;
}

/** How this interaction's answer may be reused, or null when it must be answered afresh. */
export function reuseOf(interaction: APIInteraction, deps: RouterDeps): Reuse | null {
  const site = deps.publicUrl ?? '';
  if (interaction.type === InteractionType.ApplicationCommand) {
    const { data } = interaction;
    if (data.type !== ApplicationCommandType.ChatInput) return null;
    const command = deps.commands.find((candidate) => candidate.data.name === data.name);
    if (!command || command.data.type !== ApplicationCommandType.ChatInput) return null;
    const chat = command as ChatInputCommand;
    if (!chat.deterministic) return null;
    const requested = (readArguments(chat.data, data.options) as { public?: unknown }).public;
    const isPrivate = answersPrivately(
      interaction,
      deps,
      typeof requested === 'boolean' ? requested : undefined,
    );
    // The options as sent determine the arguments the command reads.
    return {
      key: `${site}\0c\0${data.name}\0${isPrivate ? 'p' : 'P'}\0${JSON.stringify(data.options ?? [])}`,
      public: !isPrivate,
    };
  }
  if (interaction.type === InteractionType.MessageComponent) {
    const { data, message } = interaction;
    if (data.component_type !== ComponentType.Button) return null;
    const id = data.custom_id;
    // Pages and the other side of a statement; a share or a pin acts, and is never reused.
    if (!id.startsWith('pg:') && !id.startsWith('side:')) return null;
    // A click on a private answer updates it in place; on a public one it answers privately.
    const inPlace = ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
    return { key: `${site}\0b\0${inPlace ? 'u' : 'n'}\0${id}`, public: false };
  }
  return null;
}

/**
 * True when `response`, the answer just given for `reuse`, may be given again: it did not
 * fail, and it went out as the key says (a public request that was refused, or found nothing
 * and was answered privately, is not kept).
 */
export function reusable(reuse: Reuse, response: APIInteractionResponse): boolean {
  if (isFailure(response)) return false;
  const flags = 'data' in response && response.data && 'flags' in response.data ? response.data.flags : 0;
  const isPrivate = ((flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  return isPrivate !== reuse.public;
}
