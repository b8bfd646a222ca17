/**
 * The router: one raw interaction in (from the gateway or from HTTP), one interaction
 * callback body out. Commands, autocomplete, context menus and buttons all pass through
 * here; transports only carry the bytes. Errors that reach a member are short and kind.
 */
import {
  type APIApplicationCommandAutocompleteResponse,
  type APIInteraction,
  type APIInteractionResponse,
  type APIMessage,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
  ApplicationCommandType,
  ComponentType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
} from 'discord-api-types/v10';
import type { AnswerContext } from '../answers/answer.js';
import { answerAbout, answerOtherSide, answerSearch, answerSources } from '../answers/answer.js';
import type { Answer, EventHit, QuoteHit } from '../answers/types.js';
import type { Logger } from '../log.js';
import {
  type ChatInputCommand,
  type Command,
  type CommandContext,
  focusedOption,
  readArguments,
} from './command.js';
import type { CooldownGate } from './cooldown.js';
import { type AnswerRef, decodeAction, readResultId } from './custom-id.js';
import { answerFeedbackChoice, answerFeedbackForm, isFeedbackId, statementsOfMessage } from './feedback.js';
import { whyNoPin, whyNotPublic } from './permissions.js';
import {
  type AnswerRecords,
  answerRecords,
  type Recorder,
  recordPin,
  recordShown,
  writeShown,
} from './recording.js';
import { DISCORD_PAGE_SIZE, pageSizeFor, renderMessage, renderNotice } from './render.js';
import type { Reports } from './report.js';

/** What pinning a message came to. */
export type PinOutcome = 'pinned' | 'full' | 'unknown-message' | 'forbidden';

/** The Discord calls the router makes itself (answers go back as callbacks). */
export interface DiscordActions {
  /** False when this process has no bot token, so answers offer no Pin button. */
  readonly canPin: boolean;
  /** Pins a message in a channel. */
  pin(channelId: string, messageId: string): Promise<PinOutcome>;
}

/** What the router needs. */
export interface RouterDeps {
  readonly commands: readonly Command[];
  /** The pack and index as loaded now (a reload swaps what this returns). */
  readonly answers: () => AnswerContext;
  readonly factCheckChannels: ReadonlySet<string>;
  readonly cooldown: CooldownGate;
  readonly actions: DiscordActions;
  /** Where answers, feedback and posts are recorded; without it nothing is. */
  readonly recorder?: Recorder;
  /** The moderators' report; without it `/receipts` says the store is off. */
  readonly reports?: Reports;
  readonly log: Logger;
  /** Where the web record is published (PUBLIC_URL); answers link to it when set. */
  readonly publicUrl?: string | null;
}

/** What a transport asks of one routing, besides the answer. */
export interface RouteOptions {
  /** Told what an answer that may be given again records; see `CommandContext.keepRecords`. */
  readonly keepRecords?: (records: AnswerRecords) => void;
}

/** The member-facing texts of the router. */
export const messages = {
  failed: 'Something went wrong on our side while answering. It has been logged; please try again.',
  unknownCommand: 'Receipts does not know that command. It may have been removed; try /about.',
  badButton: 'That button is damaged or from an older version of Receipts. Run the command again.',
  staleButton:
    'That answer came from an older version of the sources. Run the command again for the current one.',
  unknownStatement: 'That statement is no longer in the sources. Run the command again.',
  pinned: 'Pinned.',
  alreadyPinned: 'That answer is already pinned.',
  pinsFull: 'This channel already has the most pins Discord allows (250). Unpin something first.',
  pinGone: 'That message no longer exists, so it cannot be pinned.',
  pinForbidden: 'Discord refused the pin: Receipts lacks permission in this channel.',
  pinUnavailable: 'Pinning is not available from this Receipts: it runs without a bot token.',
  cooldown: (seconds: number) =>
    `You can post another public answer in this channel in ${seconds} second${seconds === 1 ? '' : 's'}. Until then, answers are shown to you alone.`,
} as const;

function userOf(interaction: APIInteraction): string {
  return interaction.member?.user.id ?? interaction.user?.id ?? '0';
}

function channelOf(interaction: APIInteraction): string {
  return interaction.channel?.id ?? interaction.channel_id ?? '0';
}

function notice(text: string): APIInteractionResponse {
  return { type: InteractionResponseType.ChannelMessageWithSource, data: renderNotice(text) };
}

/** The apologies sent for an answer that failed: a reply to keep for no one. */
const failures = new WeakSet<APIInteractionResponse>();

function failure(): APIInteractionResponse {
  const apology = notice(messages.failed);
  failures.add(apology);
  return apology;
}

/** True when the response apologises for a failure (it says nothing about the request). */
export function isFailure(response: APIInteractionResponse): boolean {
  return failures.has(response);
}

function commandContext(
  interaction: APIInteraction,
  deps: RouterDeps,
  answers: AnswerContext,
  options: RouteOptions = {},
): CommandContext {
  return {
    answers,
    interaction,
    canPin: deps.actions.canPin,
    ...(deps.recorder ? { recorder: deps.recorder } : {}),
    ...(options.keepRecords ? { keepRecords: options.keepRecords } : {}),
    ...(deps.reports ? { reports: deps.reports } : {}),
    publicUrl: deps.publicUrl ?? null,
    ephemeral: (requestedPublic) => isPrivate(interaction, deps, requestedPublic),
    async publicAllowed() {
      const why = whyNotPublic(interaction);
      if (why) return notice(why);
      const wait = await deps.cooldown.take(userOf(interaction), channelOf(interaction));
      return wait > 0 ? notice(messages.cooldown(wait)) : null;
    },
  };
}

/** Re-answers what a button's id refers to. */
function reanswer(answers: AnswerContext, ref: AnswerRef): Answer | null {
  switch (ref.by) {
    case 'query':
      return answerSearch(answers, {
        mode: ref.mode,
        query: ref.query,
        page: ref.page,
        pageSize: pageSizeFor(ref.mode),
      });
    case 'results': {
      const { statements, events } = answers.pack.byId;
      const hits = ref.ids.flatMap((entry): (QuoteHit | EventHit)[] => {
        const { kind, id } = readResultId(ref.mode, entry);
        if (kind === 'event') {
          const event = events.get(id);
          return event ? [{ type: 'event', event, marks: [] }] : [];
        }
        const statement = statements.get(id);
        return statement ? [{ type: 'statement', statement, marks: [] }] : [];
      });
      if (hits.length === 0) return null;
      const pageSize = pageSizeFor(ref.mode);
      const page = Math.min(Math.max(0, ref.page), Math.ceil(hits.length / pageSize) - 1);
      return { kind: 'results', mode: ref.mode, query: '', hits, page, pageSize, notes: [] };
    }
    case 'side':
      return answerOtherSide(answers, ref.statementId, ref.page, DISCORD_PAGE_SIZE);
    case 'static':
      return ref.mode === 'sources' ? answerSources(answers) : answerAbout(answers);
  }
}

function isEphemeralMessage(message: APIMessage): boolean {
  return ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}

async function routeButton(
  interaction: APIMessageComponentInteraction,
  deps: RouterDeps,
  answers: AnswerContext,
  options: RouteOptions,
): Promise<APIInteractionResponse> {
  if (
    interaction.data.component_type === ComponentType.StringSelect &&
    isFeedbackId(interaction.data.custom_id)
  ) {
    return answerFeedbackChoice(interaction, answers.pack, deps.recorder);
  }
  if (interaction.data.component_type !== ComponentType.Button) return notice(messages.badButton);
  const decoded = decodeAction(interaction.data.custom_id, answers.pack);
  if (decoded === null) return notice(messages.badButton);
  if (decoded === 'stale') return notice(messages.staleButton);
  const { message } = interaction;
  const context = commandContext(interaction, deps, answers, options);
  // On a private answer a button updates it in place; on a public one it answers the
  // clicking member privately, leaving the channel's message as it is.
  const inPlace = isEphemeralMessage(message);
  const reply = (answer: Answer, ref: AnswerRef): APIInteractionResponse => {
    const records = answerRecords(answer, answers.pack, { question: false, posted: false });
    writeShown(deps.recorder, interaction, records);
    options.keepRecords?.(records);
    const data = renderMessage(answer, answers.pack, { ephemeral: true, ref, publicUrl: context.publicUrl });
    return inPlace
      ? { type: InteractionResponseType.UpdateMessage, data }
      : { type: InteractionResponseType.ChannelMessageWithSource, data };
  };

  switch (decoded.action) {
    case 'page': {
      const answer = reanswer(answers, decoded.ref);
      if (!answer) return notice(messages.staleButton);
      return reply(answer, decoded.ref);
    }
    case 'side': {
      const answer = answerOtherSide(answers, decoded.statementId, decoded.page, DISCORD_PAGE_SIZE);
      if (!answer) return notice(messages.unknownStatement);
      return reply(answer, { by: 'side', statementId: decoded.statementId, page: decoded.page });
    }
    case 'share': {
      const answer = reanswer(answers, decoded.ref);
      if (!answer) return notice(messages.staleButton);
      const refusal = await context.publicAllowed();
      if (refusal) return refusal;
      recordShown(deps.recorder, interaction, answer, answers.pack, { posted: true });
      return {
        type: InteractionResponseType.ChannelMessageWithSource,
        data: renderMessage(answer, answers.pack, {
          ephemeral: false,
          pin: deps.actions.canPin,
          ref: decoded.ref,
          sharedBy: userOf(interaction),
          publicUrl: context.publicUrl,
        }),
      };
    }
    case 'pin': {
      if (!deps.actions.canPin) return notice(messages.pinUnavailable);
      const why = whyNoPin(interaction);
      if (why) return notice(why);
      if (message.pinned) return notice(messages.alreadyPinned);
      const outcome = await deps.actions.pin(message.channel_id, message.id);
      if (outcome === 'pinned') {
        recordPin(
          deps.recorder,
          interaction,
          message,
          statementsOfMessage(message.components, answers.pack),
          answers.pack,
        );
      }
      const text = {
        pinned: messages.pinned,
        full: messages.pinsFull,
        'unknown-message': messages.pinGone,
        forbidden: messages.pinForbidden,
      }[outcome];
      return notice(text);
    }
  }
}

async function routeCommand(
  interaction: APIInteraction,
  deps: RouterDeps,
  answers: AnswerContext,
  options: RouteOptions,
): Promise<APIInteractionResponse> {
  if (interaction.type !== InteractionType.ApplicationCommand) return notice(messages.unknownCommand);
  const command = deps.commands.find((candidate) => candidate.data.name === interaction.data.name);
  if (!command) return notice(messages.unknownCommand);
  const context = commandContext(interaction, deps, answers, options);
  const { data } = interaction;
  if (
    data.type === ApplicationCommandType.ChatInput &&
    command.data.type === ApplicationCommandType.ChatInput
  ) {
    const chat = command as ChatInputCommand;
    return chat.execute(context, readArguments(chat.data, data.options));
  }
  if (data.type === ApplicationCommandType.Message && command.data.type === ApplicationCommandType.Message) {
    const target = data.resolved.messages[data.target_id];
    if (!target) return failure();
    return (
      command as Extract<Command, { execute(context: CommandContext, target: APIMessage): unknown }>
    ).execute(context, target);
  }
  return notice(messages.unknownCommand);
}

function routeAutocomplete(
  interaction: APIInteraction,
  deps: RouterDeps,
  answers: AnswerContext,
): APIApplicationCommandAutocompleteResponse {
  const empty: APIApplicationCommandAutocompleteResponse = {
    type: InteractionResponseType.ApplicationCommandAutocompleteResult,
    data: { choices: [] },
  };
  if (interaction.type !== InteractionType.ApplicationCommandAutocomplete) return empty;
  const command = deps.commands.find((candidate) => candidate.data.name === interaction.data.name);
  const focused = focusedOption(interaction.data.options);
  if (!command || !focused || !('autocomplete' in command) || !command.autocomplete) return empty;
  const choices = command.autocomplete(commandContext(interaction, deps, answers), focused).slice(0, 25);
  return { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } };
}

/**
 * The placeholder to send if the answer to this interaction is late: a click that updates
 * its message in place is acknowledged (type 6); anything that answers with a new message
 * gets "thinking…" (type 5) with the privacy that message will have.
 */
export function deferralFor(interaction: APIInteraction, deps: RouterDeps): APIInteractionResponse {
  const thinking = (ephemeral: boolean): APIInteractionResponse => ({
    type: InteractionResponseType.DeferredChannelMessageWithSource,
    ...(ephemeral ? { data: { flags: MessageFlags.Ephemeral } } : {}),
  });
  if (interaction.type === InteractionType.MessageComponent) {
    const decoded = decodeAction(interaction.data.custom_id, deps.answers().pack);
    if (decoded && decoded !== 'stale') {
      if (decoded.action === 'share') return thinking(false);
      if (
        (decoded.action === 'page' || decoded.action === 'side') &&
        isEphemeralMessage(interaction.message)
      ) {
        return { type: InteractionResponseType.DeferredMessageUpdate };
      }
    }
    return thinking(true);
  }
  if (
    interaction.type === InteractionType.ApplicationCommand &&
    interaction.data.type === ApplicationCommandType.ChatInput
  ) {
    const option = interaction.data.options?.find((candidate) => candidate.name === 'public');
    const requested =
      option && 'value' in option && typeof option.value === 'boolean' ? option.value : undefined;
    return thinking(commandContext(interaction, deps, deps.answers()).ephemeral(requested));
  }
  return thinking(true);
}

/** Whether the answer to this interaction is private, given the member's `public` choice (if any). */
export function answersPrivately(
  interaction: APIInteraction,
  deps: RouterDeps,
  requestedPublic: boolean | undefined,
): boolean {
  return isPrivate(interaction, deps, requestedPublic);
}

/** The member's choice when they made one, else public in the fact-check channels only. */
function isPrivate(
  interaction: APIInteraction,
  deps: RouterDeps,
  requestedPublic: boolean | undefined,
): boolean {
  if (requestedPublic !== undefined) return !requestedPublic;
  return !deps.factCheckChannels.has(channelOf(interaction));
}

/**
 * Before a public answer goes out: the refusal to send instead (no permission to post here, or
 * the member's cooldown in this channel), or null, and the cooldown starts.
 */
export function publicRefusal(
  interaction: APIInteraction,
  deps: RouterDeps,
): Promise<APIInteractionResponse | null> {
  return commandContext(interaction, deps, deps.answers()).publicAllowed();
}

/**
 * The reply to an interaction refused as malformed, by its type: an apology where a message can
 * be sent, no choices for autocomplete, null for a type no reply fits.
 */
export function answerMalformed(type: number): APIInteractionResponse | null {
  switch (type) {
    case InteractionType.Ping:
      return { type: InteractionResponseType.Pong };
    case InteractionType.ApplicationCommandAutocomplete:
      return { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } };
    case InteractionType.ApplicationCommand:
    case InteractionType.MessageComponent:
    case InteractionType.ModalSubmit:
      return notice(messages.failed);
    default:
      return null;
  }
}

/** A short description of an interaction for logs: never its token. */
export function describe(interaction: APIInteraction): Record<string, unknown> {
  const data =
    'data' in interaction
      ? (interaction.data as { name?: string; custom_id?: string } | undefined)
      : undefined;
  return {
    interactionId: interaction.id,
    type: interaction.type,
    command: data?.name,
    customId: data?.custom_id,
    guildId: interaction.guild_id,
    channelId: channelOf(interaction),
    userId: userOf(interaction),
  };
}

/** Answers an interaction. Never throws: a failure becomes an apology, and the detail a log line. */
export async function routeInteraction(
  interaction: APIInteraction,
  deps: RouterDeps,
  options: RouteOptions = {},
): Promise<APIInteractionResponse> {
  const started = performance.now();
  try {
    const answers = deps.answers();
    let response: APIInteractionResponse;
    switch (interaction.type) {
      case InteractionType.Ping:
        response = { type: InteractionResponseType.Pong };
        break;
      case InteractionType.ApplicationCommand:
        response = await routeCommand(interaction, deps, answers, options);
        break;
      case InteractionType.ApplicationCommandAutocomplete:
        response = routeAutocomplete(interaction, deps, answers);
        break;
      case InteractionType.MessageComponent:
        response = await routeButton(interaction, deps, answers, options);
        break;
      case InteractionType.ModalSubmit:
        response = isFeedbackId(interaction.data.custom_id)
          ? answerFeedbackForm(interaction as APIModalSubmitInteraction, answers.pack, deps.recorder)
          : notice(messages.badButton);
        break;
      default:
        response = notice(messages.unknownCommand);
    }
    if (deps.log.isLevelEnabled('debug')) {
      deps.log.debug(
        { ...describe(interaction), latencyMs: Math.round(performance.now() - started) },
        'answered',
      );
    }
    return response;
  } catch (error) {
    deps.log.error(
      { ...describe(interaction), latencyMs: Math.round(performance.now() - started), err: error },
      'interaction failed',
    );
    if (interaction.type === InteractionType.ApplicationCommandAutocomplete) {
      return { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } };
    }
    return failure();
  }
}
