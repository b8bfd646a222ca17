/**
 * The modes a terminal user can name: the app's slash commands, run as a terminal runs them. The
 * console and `npm run ask` look a command up by name in the same list Discord is served from,
 * give the words typed after it to its text option, and lay out the answer the command's own
 * handler gives.
 */
import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';
import { commands } from '../../commands/index.js';
import type { AnswerContext } from '../answers/answer.js';
import type { Answer } from '../answers/types.js';
import type { ChatInputCommand, Command, Paging } from '../discord/command.js';

/** A slash command a terminal can run: one that gives an answer. */
export type TerminalCommand = ChatInputCommand & Required<Pick<ChatInputCommand, 'answer'>>;

const isTerminal = (command: Command): command is TerminalCommand =>
  command.data.type === ApplicationCommandType.ChatInput && 'answer' in command;

/** The slash commands that give answers, in the order Discord lists them. */
export const terminalCommands: readonly TerminalCommand[] = commands.filter(isTerminal);

/** The command with this name (with or without its slash, in any case), if there is one. */
export function findCommand(name: string): TerminalCommand | undefined {
  const bare = name.replace(/^\//, '').toLowerCase();
  return terminalCommands.find((command) => command.data.name === bare);
}

/** The option a command's words go to: its first text option, or null when it takes no words. */
export function textOption(command: ChatInputCommand): { name: string; required: boolean } | null {
  const option = (command.data.options ?? []).find(
    (candidate) => candidate.type === ApplicationCommandOptionType.String,
  );
  return option ? { name: option.name, required: option.required === true } : null;
}

/** Answers a command typed with these words after its name. */
export function runCommand(
  command: TerminalCommand,
  context: AnswerContext,
  words: string,
  paging: Paging,
): Answer {
  const option = textOption(command);
  return command.answer(context, option ? { [option.name]: words } : {}, paging);
}

/** How a command is typed: `/claim [query]`, `/ask <question>`, `/sources`. */
export function synopsis(command: ChatInputCommand, prefix = '/'): string {
  const option = textOption(command);
  const words = option ? (option.required ? ` <${option.name}>` : ` [${option.name}]`) : '';
  return `${prefix}${command.data.name}${words}`;
}

/** The names of the modes, in the order Discord lists the commands. */
export const terminalModes: readonly string[] = terminalCommands.map((command) => command.data.name);

/** A mode's name. */
export type TerminalMode = string;

/** True when `value` names a mode. */
export function isTerminalMode(value: string): value is TerminalMode {
  return terminalModes.includes(value);
}

/** Answers a mode's command for `query`, page `page` (0-based) of `pageSize` results. */
export function answerMode(
  context: AnswerContext,
  mode: TerminalMode,
  query: string,
  page = 0,
  pageSize = 5,
): Answer {
  const command = findCommand(mode);
  if (!command) throw new Error(`unknown mode "${mode}"`);
  return runCommand(command, context, query, { page, pageSize });
}
