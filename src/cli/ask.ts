/**
 * `npm run --silent ask -- <mode> [words…] [--json [--batch] | --format text|json|discord] [--page N]`
 *
 * Answers one command and exits, through the same command handlers as Discord and the console:
 * text for a terminal, the JSON contract (`--json`), or the exact interaction callback body the
 * bot would send (`--format discord`). `side <id>` shows the other side of a statement and
 * `verbatim <id>` a statement word for word, even where its source is garbled past reading. With
 * `--json --batch` it reads JSON lines `{"mode", "query"}` from standard input and writes one
 * object per line in, in order: a blank or malformed line gets an object with an `error`.
 */
import { createInterface } from 'node:readline';
import { type AnswerContext, answerOtherSide } from '../answers/answer.js';
import { openContext } from '../answers/context.js';
import { type Answer, pageCount } from '../answers/types.js';
import { answerVerbatim } from '../answers/verbatim.js';
import { buildId } from '../build.js';
import { readConfig } from '../config.js';
import { answerJson } from './json.js';
import { answerMode, isTerminalMode, terminalModes } from './modes.js';
import { exitQuietlyWhenReaderGoes } from './pipe.js';
import { DEFAULT_WIDTH, renderTerminal } from './render.js';

/** How the command is typed, for the usage and for the commands suggested in its answers. */
const ASK = 'npm run --silent ask --';

/** What a statement's id is given to, beside the commands. */
const byId = ['side', 'verbatim'];

const modes = [...terminalModes, ...byId];

export const USAGE = [
  `usage: ${ASK} <mode> [words…] [options]`,
  `modes: ${terminalModes.join(', ')}, side <statement id>, verbatim <statement id>`,
  '  --json            one JSON object: {"mode","query","total","results":[…]}',
  '  --json --batch    {"mode","query"} lines in, one JSON object out for each line',
  '  --format discord  the interaction callback body the bot would send',
  '  --page N          page N of a text answer (5 results a page)',
  '  --help            this text',
].join('\n');

type Format = 'text' | 'json' | 'discord';

interface Args {
  readonly words: string[];
  readonly format: Format;
  readonly batch: boolean;
  /** 1-based; null when not given. */
  readonly page: number | null;
  readonly help: boolean;
}

/** A request the user made wrongly: said on standard error with the usage, exit status 2. */
class UsageError extends Error {}

/** A request that cannot be answered as asked: said on standard error, exit status 1. */
class Refusal extends Error {}

function parseArgs(argv: readonly string[]): Args {
  const words: string[] = [];
  let format: Format = 'text';
  let batch = false;
  let page: number | null = null;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--json') format = 'json';
    else if (arg === '--batch') batch = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--format') {
      const value = argv[++i];
      if (value !== 'text' && value !== 'json' && value !== 'discord')
        throw new UsageError('--format takes text, json or discord');
      format = value;
    } else if (arg === '--page') {
      page = Number(argv[++i]);
      if (!Number.isInteger(page) || page < 1) throw new UsageError('--page takes a page number from 1');
    } else if (arg === '--') continue;
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else words.push(arg);
  }
  if (batch && format !== 'json') throw new UsageError('--batch goes with --json');
  if (page !== null && format !== 'text')
    throw new UsageError('--page is for text; --json gives every result');
  return { words, format, batch, page, help };
}

/** The answer to `mode` on `query`, page `page` (0-based) of `pageSize`. */
function answer(context: AnswerContext, mode: string, query: string, page: number, pageSize: number): Answer {
  if (mode === 'side') {
    const found = answerOtherSide(context, query, page, pageSize);
    if (!found)
      throw new Refusal(`No statement “${query}” with another side. Ids are shown under each quote.`);
    return found;
  }
  if (mode === 'verbatim') {
    const found = answerVerbatim(context, query);
    if (!found) throw new Refusal(`No statement “${query}”. Ids are shown in --json output.`);
    return found;
  }
  if (!isTerminalMode(mode)) throw new UsageError(`unknown mode "${mode}"`);
  return answerMode(context, mode, query, page, pageSize);
}

async function render(
  context: AnswerContext,
  mode: string,
  query: string,
  args: Args,
  publicUrl: string | null,
): Promise<string> {
  if (args.format === 'discord') {
    if (!isTerminalMode(mode))
      throw new UsageError(
        mode === 'side'
          ? 'in Discord, side is a button: --format discord takes the commands'
          : mode === 'verbatim'
            ? 'in Discord, a garbled passage is one click away in its answer: --format discord takes the commands'
            : `unknown mode "${mode}"`,
      );
    const { discordCallbackFor } = await import('../discord/preview.js');
    return JSON.stringify(await discordCallbackFor(context, mode, query, publicUrl));
  }
  if (args.format === 'json') {
    return JSON.stringify(answerJson(mode, query, answer(context, mode, query, 0, Number.MAX_SAFE_INTEGER)));
  }
  const page = args.page ?? 1;
  const shown = answer(context, mode, query, page - 1, 5);
  const pages = shown.kind === 'results' || shown.kind === 'other-side' ? pageCount(shown) : 1;
  if (page > pages) {
    throw new Refusal(`page ${page} is past the end: the answer has ${pages} page${pages === 1 ? '' : 's'}`);
  }
  return renderTerminal(shown, {
    color: process.stdout.isTTY === true,
    width: process.stdout.isTTY ? (process.stdout.columns ?? DEFAULT_WIDTH) : DEFAULT_WIDTH,
    moreHint: `For more: --page ${page + 1}.`,
    command: (typed) => `${ASK} ${typed.replace(/^\//, '')}`,
  });
}

/** One batch line: the mode and query it names (blank when it names none), and what is wrong with it. */
function readRequest(line: string): { mode: string; query: string; error: string | null } {
  if (line.trim() === '') return { mode: '', query: '', error: 'empty line' };
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch {
    return { mode: '', query: '', error: 'not valid JSON' };
  }
  if (!request || typeof request !== 'object' || Array.isArray(request))
    return { mode: '', query: '', error: 'each line must be a JSON object' };
  const fields = request as Record<string, unknown>;
  const mode = typeof fields.mode === 'string' ? fields.mode : '';
  const query = typeof fields.query === 'string' ? fields.query : '';
  if (!modes.includes(mode)) return { mode, query, error: `"mode" must be one of ${modes.join(', ')}` };
  if (fields.query !== undefined && typeof fields.query !== 'string')
    return { mode, query, error: '"query" must be a string' };
  return { mode, query, error: null };
}

async function runBatch(context: AnswerContext): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    const { mode, query, error } = readRequest(line);
    let out: unknown;
    try {
      if (error !== null) throw new Refusal(error);
      out = answerJson(mode, query, answer(context, mode, query, 0, Number.MAX_SAFE_INTEGER));
    } catch (failure) {
      out = { mode, query, total: 0, results: [], error: (failure as Error).message };
    }
    process.stdout.write(`${JSON.stringify(out)}\n`);
  }
}

async function main(): Promise<number> {
  exitQuietlyWhenReaderGoes(process.stdout);
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const config = readConfig(process.env, ['--console']);
  if (!config.ok) {
    for (const problem of config.problems) console.error(`Receipts cannot start: ${problem}`);
    return 1;
  }
  const opened = await openContext(config.config.knowledgeDir, { build: buildId });
  if (!opened.ok) {
    console.error('Receipts cannot answer: the knowledge pack is not valid.');
    for (const problem of opened.problems) console.error(problem);
    return 1;
  }
  if (args.batch) {
    await runBatch(opened.context);
    return 0;
  }
  const [mode, ...words] = args.words;
  if (mode === undefined) {
    console.error(USAGE);
    return 2;
  }
  try {
    const { publicUrl } = config.config;
    process.stdout.write(`${await render(opened.context, mode, words.join(' '), args, publicUrl)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof Refusal) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main();
