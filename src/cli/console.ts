/**
 * The local console: the bot's commands typed at a terminal, answered from the pack with no
 * Discord connection. `/claim inbox api`, `timeline 2018`, `more`, `side <id>`, `help`, `quit`.
 */
import { createInterface } from 'node:readline';
import { type AnswerContext, answerOtherSide } from '../answers/answer.js';
import type { Answer } from '../answers/types.js';
import { answerMode, isTerminalMode, type TerminalMode } from './modes.js';
import { renderTerminal } from './render.js';

/** Streams and settings for the console. */
export interface ConsoleOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Bold and dim, and a prompt; on when the output is a terminal. */
  readonly interactive: boolean;
  /** The pack to answer from; read on every line, so a reloaded pack is used at once. */
  readonly context: () => AnswerContext;
}

const HELP = [
  'Commands (the leading slash is optional):',
  '  /claim [words]        what is alleged; no words lists every claim',
  '  /denial [words]       what Meta and others said in response',
  '  /timeline [when|words] dated events: "2017", "may 2018", "dec 2023" or words',
  '  /ask <question>       the best quotes, grouped as claims, responses and context',
  '  /sources              every document, with publisher, date and link',
  '  /about                what this is and what the pack holds',
  '  more                  the next page of the last answer',
  '  side <id>             the other side of a statement (its responses, or what it answers)',
  '  verbatim <id>         a statement word for word, even where its source is garbled',
  '  help, quit',
].join('\n');

/** What a line asks for. */
type Line =
  | { readonly kind: 'mode'; readonly mode: TerminalMode; readonly query: string }
  | { readonly kind: 'more' }
  | { readonly kind: 'side'; readonly id: string }
  | { readonly kind: 'help'; readonly unknown: string | null }
  | { readonly kind: 'quit' };

/** Reads one console line. */
export function parseLine(line: string): Line {
  const trimmed = line.trim();
  if (trimmed === '') return { kind: 'help', unknown: null };
  const [first = '', ...rest] = trimmed.split(/\s+/);
  const word = first.replace(/^\//, '').toLowerCase();
  const query = rest.join(' ');
  if (isTerminalMode(word)) return { kind: 'mode', mode: word, query };
  if (word === 'more' || word === 'next') return { kind: 'more' };
  if (word === 'side' && rest[0]) return { kind: 'side', id: rest[0] };
  if (word === 'help' || word === '?') return { kind: 'help', unknown: null };
  if (word === 'quit' || word === 'exit') return { kind: 'quit' };
  return { kind: 'help', unknown: first };
}

/** Runs the console until the input ends or the user quits. */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const { output, interactive } = options;
  const write = (text: string) => output.write(`${text}\n`);
  const show = (answer: Answer) => write(`${renderTerminal(answer, { color: interactive })}\n`);
  const lines = createInterface({
    input: options.input,
    terminal: false,
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  type Last = { mode: TerminalMode; query: string; page: number } | { side: string; page: number };
  const state: { last: Last | null } = { last: null };
  const prompt = () => {
    if (interactive) output.write('receipts> ');
  };
  prompt();
  for await (const raw of lines) {
    const line = parseLine(raw);
    const context = options.context();
    switch (line.kind) {
      case 'quit':
        lines.close();
        return;
      case 'help':
        if (line.unknown !== null) write(`“${line.unknown}” is not a command.`);
        write(`${HELP}\n`);
        break;
      case 'mode':
        state.last = { mode: line.mode, query: line.query, page: 0 };
        show(answerMode(context, line.mode, line.query));
        break;
      case 'side': {
        const answer = answerOtherSide(context, line.id);
        if (answer) {
          state.last = { side: line.id, page: 0 };
          show(answer);
        } else {
          write(`No statement “${line.id}” with another side. Ids are shown under each quote.\n`);
        }
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
            ? answerOtherSide(context, current.side, page)
            : answerMode(context, current.mode, current.query, page);
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
    prompt();
  }
}

/** The line printed when the console starts. */
export function consoleBanner(context: AnswerContext): string {
  const { meta, statements } = context.pack;
  return (
    `Receipts console: ${meta.title} (pack ${meta.version}, ${statements.length} statements). ` +
    `No DISCORD_TOKEN is set, so nothing connects to Discord; set DISCORD_TOKEN and DISCORD_APPLICATION_ID ` +
    `(see .env.example) to run the bot. Type “help” or try ${meta.suggestions[0] ?? '/claim'}.`
  );
}
