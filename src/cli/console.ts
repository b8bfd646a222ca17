/**
 * The local console: the bot's commands typed at a terminal and answered from the pack with no
 * Discord connection, through the same command handlers Discord is served by. A plain question
 * is asked as /ask. On a terminal it is a readline session: line editing, history kept between
 * runs, Tab completion of commands and statement ids, text wrapped to the window's width.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { type AnswerContext, answerOtherSide } from '../answers/answer.js';
import type { Answer } from '../answers/types.js';
import { answerVerbatim } from '../answers/verbatim.js';
import {
  findCommand,
  runCommand,
  synopsis,
  type TerminalCommand,
  terminalCommands,
  textOption,
} from './modes.js';
import { block, DEFAULT_WIDTH, renderTerminal } from './render.js';

/** Settings of the console; every one but the streams and the pack has a default. */
export interface ConsoleOptions {
  readonly input: NodeJS.ReadableStream;
  /** Where answers go; a terminal's `columns` sets the width text is wrapped to. */
  readonly output: NodeJS.WritableStream & { readonly columns?: number };
  /** A terminal: line editing, history, Tab completion, a prompt, bold and dim. */
  readonly interactive: boolean;
  /** The pack to answer from; read on every line, so a reloaded pack is used at once. */
  readonly context: () => AnswerContext;
  /** Where history is kept between runs (on a terminal only); null keeps none. */
  readonly historyFile?: string | null;
}

/** Tuning values of the console. */
export const consoleDefaults = {
  /** Results per page, as `more` pages through them. */
  pageSize: 5,
  /** Lines of history kept. */
  historySize: 1000,
  prompt: 'receipts> ',
} as const;

/**
 * Where the history is kept: `$XDG_STATE_HOME/receipts/history`, or
 * `~/.local/state/receipts/history` when XDG_STATE_HOME is not set.
 */
export function historyPath(env: NodeJS.ProcessEnv = process.env): string {
  const state = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(state, 'receipts', 'history');
}

/** What a line asks for. */
export type Line =
  | { readonly kind: 'nothing' }
  | { readonly kind: 'command'; readonly command: TerminalCommand; readonly words: string }
  | { readonly kind: 'more' }
  | { readonly kind: 'side'; readonly id: string | null }
  | { readonly kind: 'verbatim'; readonly id: string | null }
  | { readonly kind: 'help' }
  | { readonly kind: 'quit' };

const ask = findCommand('ask') as TerminalCommand;

/**
 * Reads one console line. A command's name (with or without its slash) runs it on the words
 * after it; `more`, `help`, `quit` and a command that takes no words count only on their own
 * (or with the slash); anything else is a question, asked as /ask.
 */
export function parseLine(line: string): Line {
  const trimmed = line.trim();
  if (trimmed === '') return { kind: 'nothing' };
  const [first = '', ...rest] = trimmed.split(/\s+/);
  const word = first.toLowerCase();
  const slashed = word.startsWith('/');
  const name = word.replace(/^\//, '');
  const words = rest.join(' ');
  const alone = rest.length === 0;
  const command = findCommand(name);
  if (command && (slashed || alone || textOption(command))) return { kind: 'command', command, words };
  if ((slashed || alone) && (name === 'more' || name === 'next')) return { kind: 'more' };
  if ((slashed || alone) && (name === 'help' || name === '?')) return { kind: 'help' };
  if ((slashed || alone) && (name === 'quit' || name === 'exit')) return { kind: 'quit' };
  if (name === 'side' && (slashed || rest.length <= 1)) return { kind: 'side', id: rest[0] ?? null };
  if (name === 'verbatim' && (slashed || rest.length <= 1)) return { kind: 'verbatim', id: rest[0] ?? null };
  return { kind: 'command', command: ask, words: trimmed };
}

/** `text` wrapped to `width` after `lead`, the other lines indented as far. */
const wrapped = (text: string, width: number, lead = ''): string => block(text, width, lead).join('\n');

/** The help text, from the commands themselves, wrapped to `width`. */
export function helpText(width: number = DEFAULT_WIDTH): string {
  const entries: [string, string][] = [
    ...terminalCommands.map((command): [string, string] => [synopsis(command), command.data.description]),
    ['more', 'The next page of the last answer.'],
    ['side <id>', 'The other side of a statement: its responses, or what it answers.'],
    ['verbatim <id>', 'A statement word for word, even where its source is garbled past reading.'],
    ['help, quit', 'This text; leave the console (or Ctrl+D).'],
  ];
  const column = Math.max(...entries.map(([typed]) => typed.length)) + 3;
  return [
    wrapped('Ask a question, or type a command (the leading slash is optional):', width),
    ...entries.map(([typed, does]) => wrapped(does, width, `  ${typed}`.padEnd(column))),
    wrapped('Tab completes commands and statement ids; ↑ and ↓ go through earlier lines.', width),
  ].join('\n');
}

/** What the console says when it starts, wrapped to `width`. */
export function consoleBanner(
  context: AnswerContext,
  options: { readonly tokenSet: boolean; readonly width?: number },
): string {
  const { meta, statements } = context.pack;
  const why = options.tokenSet
    ? 'This is the console: nothing connects to Discord from here (npm start without --console runs the bot).'
    : 'No DISCORD_TOKEN is set, so nothing connects to Discord; set DISCORD_TOKEN and ' +
      'DISCORD_APPLICATION_ID (see .env.example) to run the bot.';
  return wrapped(
    `Receipts console: ${meta.title} (pack ${meta.version}, ${statements.length} statements). ${why} ` +
      `Ask a question, or type “help”; try ${meta.suggestions[0] ?? '/claim'}.`,
    options.width ?? DEFAULT_WIDTH,
  );
}

/** Ids `side` can show the other side of, in the pack's order. */
function sidedIds(context: AnswerContext): string[] {
  return context.pack.statements
    .filter((statement) => statement.answeredBy.length > 0 || statement.respondsTo.length > 0)
    .map((statement) => statement.id);
}

/** Tab completion: command names where a line starts, statement ids after `side` and `verbatim`. */
export function complete(line: string, context: AnswerContext): [string[], string] {
  const withId = /^\s*\/?(side|verbatim)\s+(\S*)$/i.exec(line);
  if (withId) {
    const typed = withId[2] ?? '';
    const ids =
      withId[1]?.toLowerCase() === 'side'
        ? sidedIds(context)
        : context.pack.statements.map((statement) => statement.id);
    return [ids.filter((id) => id.startsWith(typed)), typed];
  }
  const first = /^\s*(\S*)$/.exec(line);
  if (!first) return [[], line];
  const typed = first[1] ?? '';
  const slash = typed.startsWith('/') ? '/' : '';
  const names = [
    ...terminalCommands.map((command) => command.data.name),
    'more',
    'side',
    'verbatim',
    'help',
    'quit',
  ];
  const hits = names.map((name) => `${slash}${name}`).filter((name) => name.startsWith(typed.toLowerCase()));
  return [hits.map((hit) => `${hit} `), typed];
}

function readHistory(file: string | null): string[] {
  if (!file) return [];
  try {
    // Kept oldest first, as shells keep theirs; readline wants the newest first.
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).reverse();
  } catch {
    return [];
  }
}

function writeHistory(file: string | null, history: readonly string[]): void {
  if (!file) return;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, `${[...history].reverse().join('\n')}\n`, { mode: 0o600 });
  } catch {
    // History is a convenience: a folder that cannot be written to costs only the history.
  }
}

/** Runs the console until the input ends or the user quits. */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const { output, interactive } = options;
  const width = () => (interactive && output.columns ? output.columns : DEFAULT_WIDTH);
  const write = (text: string) => output.write(`${text}\n`);
  const show = (answer: Answer) =>
    write(`${renderTerminal(answer, { color: interactive, width: width() })}\n`);
  const historyFile = interactive ? (options.historyFile ?? null) : null;
  const lines = createInterface({
    input: options.input,
    crlfDelay: Number.POSITIVE_INFINITY,
    ...(interactive
      ? {
          output,
          terminal: true,
          prompt: consoleDefaults.prompt,
          history: readHistory(historyFile),
          historySize: consoleDefaults.historySize,
          removeHistoryDuplicates: true,
          completer: (line: string) => complete(line, options.context()),
        }
      : { terminal: false }),
  });
  if (interactive) lines.on('history', (history: string[]) => writeHistory(historyFile, history));
  type Last =
    | { readonly command: TerminalCommand; readonly words: string; readonly page: number }
    | { readonly side: string; readonly page: number };
  // Kept in an object: what the last answer was changes across turns of the loop.
  const state: { last: Last | null } = { last: null };
  const paging = (page: number) => ({ page, pageSize: consoleDefaults.pageSize });
  if (interactive) lines.prompt();
  for await (const raw of lines) {
    const line = parseLine(raw);
    const context = options.context();
    switch (line.kind) {
      case 'nothing':
        break;
      case 'quit':
        lines.close();
        return;
      case 'help':
        write(`${helpText(width())}\n`);
        break;
      case 'command':
        state.last = { command: line.command, words: line.words, page: 0 };
        show(runCommand(line.command, context, line.words, paging(0)));
        break;
      case 'side': {
        if (line.id === null) {
          const example = sidedIds(context)[0];
          const eg = example ? `, e.g. side ${example}` : '';
          write(
            `${wrapped(`side needs the id of a statement${eg}. Ids are shown under each quote.`, width())}\n`,
          );
          break;
        }
        const answer = answerOtherSide(context, line.id, 0, consoleDefaults.pageSize);
        if (answer) {
          state.last = { side: line.id, page: 0 };
          show(answer);
        } else {
          write(
            `${wrapped(`No statement “${line.id}” with another side. Ids are shown under each quote.`, width())}\n`,
          );
        }
        break;
      }
      case 'verbatim': {
        if (line.id === null) {
          const example = context.pack.statements.find((statement) => !statement.readable)?.id;
          const eg = example ? `, e.g. verbatim ${example}` : '';
          write(`${wrapped(`verbatim needs the id of a statement${eg}.`, width())}\n`);
          break;
        }
        const answer = answerVerbatim(context, line.id);
        if (answer) show(answer);
        else write(`${wrapped(`No statement “${line.id}”.`, width())}\n`);
        break;
      }
      case 'more': {
        const current = state.last;
        if (!current) {
          write('Nothing to page through yet: ask something first.\n');
          break;
        }
        const page = current.page + 1;
        const answer: Answer | null =
          'side' in current
            ? answerOtherSide(context, current.side, page, consoleDefaults.pageSize)
            : runCommand(current.command, context, current.words, paging(page));
        const shownPage = answer && 'page' in answer ? answer.page : -1;
        if (!answer || shownPage < page) {
          write('That was the last page.\n');
          break;
        }
        state.last = { ...current, page };
        show(answer);
        break;
      }
    }
    if (interactive) lines.prompt();
  }
}
