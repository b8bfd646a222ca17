/**
 * What a command module is: its definition, registered with Discord as written, and thin
 * handlers typed from that definition.
 */
import type {
  APIApplicationCommandInteractionDataOption,
  APIApplicationCommandOptionChoice,
  APIInteraction,
  APIInteractionResponse,
  APIMessage,
  ApplicationCommandOptionType,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { AnswerContext } from '../answers/answer.js';
import type { Answer } from '../answers/types.js';
import type { AnswerRecords, Recorder } from './recording.js';
import type { Reports } from './report.js';

/** What every handler is given. */
export interface CommandContext {
  /** The pack and its index, as loaded now. */
  readonly answers: AnswerContext;
  /** The raw interaction being answered. */
  readonly interaction: APIInteraction;
  /** Whether public answers can offer a Pin button (the process has a bot token). */
  readonly canPin: boolean;
  /** Where the web record is published; answers link to it ("Read in context") when set. */
  readonly publicUrl: string | null;
  /**
   * Whether an answer is private: the member's `public` choice when given, else public in
   * the configured fact-check channels and private everywhere else.
   */
  ephemeral(requestedPublic: boolean | undefined): boolean;
  /**
   * Checks a public answer against the member's cooldown in this channel; returns a refusal
   * to send instead, or null when the answer may go out (and starts the cooldown).
   */
  publicAllowed(): Promise<APIInteractionResponse | null>;
  /** Where answers are recorded; absent when the store is off. */
  readonly recorder?: Recorder;
  /**
   * Told what an answer that may be given again records (see `reuse.ts`), so a transport that
   * keeps the answer writes the same records each time it sends it.
   */
  readonly keepRecords?: (records: AnswerRecords) => void;
  /** The moderators' report; absent when the store is off. */
  readonly reports?: Reports;
}

type OptionDefinition = NonNullable<RESTPostAPIChatInputApplicationCommandsJSONBody['options']>[number];

type ValueOf<O> = O extends { type: ApplicationCommandOptionType.Boolean }
  ? boolean
  : O extends { type: ApplicationCommandOptionType.Integer | ApplicationCommandOptionType.Number }
    ? number
    : string;

/** The options a chat-input command receives, typed from its definition. */
export type ArgumentsOf<D> = D extends { readonly options: readonly (infer O)[] }
  ? {
      readonly [K in O as K extends { readonly name: infer N extends string } ? N : never]: K extends {
        readonly required: true;
      }
        ? ValueOf<K>
        : ValueOf<K> | undefined;
    }
  : Readonly<Record<string, unknown>>;

/** Which page of an answer to show (0-based), and how many results a page holds. */
export interface Paging {
  readonly page: number;
  readonly pageSize: number;
}

/** A slash command. */
export interface ChatInputCommand<
  D extends RESTPostAPIChatInputApplicationCommandsJSONBody = RESTPostAPIChatInputApplicationCommandsJSONBody,
> {
  /** The definition, registered with Discord as is. */
  readonly data: D;
  /**
   * True when `execute` reads nothing of the interaction but its options and the answer's
   * visibility, and does nothing but answer (public answers aside, which take the member's
   * cooldown through `publicAllowed`, and what a store records, which goes through
   * `respondWithSearch` and is handed to `keepRecords`): the same request against the same pack
   * gets the same answer and the same records, so a transport may answer it again from a cache.
   */
  readonly deterministic?: boolean;
  /**
   * What a use of the command answers, whatever the surface: {@link execute} sends it to
   * Discord, and the console and `npm run ask` lay it out for a terminal. Absent for a command
   * only a server's moderators run in Discord (`/receipts`), which no terminal offers.
   */
  answer?(answers: AnswerContext, args: ArgumentsOf<D>, paging: Paging): Answer;
  /** Answers a use of the command in Discord: its answer, with Discord's privacy and buttons. */
  execute(
    context: CommandContext,
    args: ArgumentsOf<D>,
  ): APIInteractionResponse | Promise<APIInteractionResponse>;
  /** Offers choices for the option being typed. */
  autocomplete?(
    context: CommandContext,
    focused: { name: string; value: string },
  ): APIApplicationCommandOptionChoice<string>[];
}

/** A message context-menu command (Apps → …). */
export interface MessageCommand<
  D extends
    RESTPostAPIContextMenuApplicationCommandsJSONBody = RESTPostAPIContextMenuApplicationCommandsJSONBody,
> {
  /** The definition, registered with Discord as is. */
  readonly data: D;
  /** Answers for the message the member picked. */
  execute(
    context: CommandContext,
    target: APIMessage,
  ): APIInteractionResponse | Promise<APIInteractionResponse>;
}

/** Any command of the app. */
export type Command = ChatInputCommand | MessageCommand;

/** Each command definition's options by name, made once (definitions are constants). */
const optionsByName = new WeakMap<object, Map<string, OptionDefinition>>();

/** Reads the options of a chat-input interaction into the command's argument object. */
export function readArguments<D extends RESTPostAPIChatInputApplicationCommandsJSONBody>(
  definition: D,
  options: readonly APIApplicationCommandInteractionDataOption[] | undefined,
): ArgumentsOf<D> {
  let known = optionsByName.get(definition);
  if (!known) {
    known = new Map((definition.options ?? []).map((option) => [option.name, option]));
    optionsByName.set(definition, known);
  }
  const args: Record<string, unknown> = {};
  for (const option of options ?? []) {
    const definitionOption = known.get(option.name);
    if (!definitionOption || definitionOption.type !== option.type || !('value' in option)) continue;
    args[option.name] = option.value;
  }
  return args as ArgumentsOf<D>;
}

/** The option being typed in an autocomplete interaction. */
export function focusedOption(
  options: readonly APIApplicationCommandInteractionDataOption[] | undefined,
): { name: string; value: string } | null {
  for (const option of options ?? []) {
    if ('focused' in option && option.focused && 'value' in option)
      return { name: option.name, value: String(option.value) };
  }
  return null;
}
