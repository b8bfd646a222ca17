/**
 * `npm run --silent ask -- <mode> [query…] [--json [--batch] | --format text|json|discord] [--page N]`
 *
 * Answers one query and exits: text for a terminal, the JSON contract (`--json`), or the exact
 * interaction callback body the bot would send (`--format discord`). With `--json --batch` it
 * reads JSON lines `{"mode", "query"}` from standard input and writes one object per line.
 */
import { createInterface } from 'node:readline';
import type { AnswerContext } from '../answers/answer.js';
import { openContext } from '../answers/context.js';
import { readConfig } from '../config.js';
import { toJson } from './json.js';
import { answerMode, isTerminalMode, terminalModes } from './modes.js';
import { renderTerminal } from './render.js';

const USAGE = `usage: npm run --silent ask -- <${terminalModes.join('|')}> [query…] [--json [--batch]] [--format text|json|discord] [--page N]`;

type Format = 'text' | 'json' | 'discord';

interface Args {
  readonly words: string[];
  readonly format: Format;
  readonly batch: boolean;
  readonly page: number;
}

function parseArgs(argv: readonly string[]): Args | string {
  const words: string[] = [];
  let format: Format = 'text';
  let batch = false;
  let page = 1;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--json') format = 'json';
    else if (arg === '--batch') batch = true;
    else if (arg === '--format') {
      const value = argv[++i];
      if (value !== 'text' && value !== 'json' && value !== 'discord')
        return `--format takes text, json or discord`;
      format = value;
    } else if (arg === '--page') {
      page = Number(argv[++i]);
      if (!Number.isInteger(page) || page < 1) return '--page takes a page number from 1';
    } else if (arg === '--') continue;
    else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else words.push(arg);
  }
  if (batch && format !== 'json') return '--batch goes with --json';
  return { words, format, batch, page };
}

async function render(
  context: AnswerContext,
  mode: string,
  query: string,
  format: Format,
  page: number,
  publicUrl: string | null = null,
): Promise<string> {
  if (!isTerminalMode(mode)) throw new Error(`unknown mode "${mode}"`);
  if (format === 'discord') {
    if (page !== 1) throw new Error('in Discord, later pages are reached with the Next button');
    const { discordCallbackFor } = await import('../discord/preview.js');
    return JSON.stringify(await discordCallbackFor(context, mode, query, publicUrl));
  }
  const answer = answerMode(context, mode, query, page - 1, format === 'json' ? Number.MAX_SAFE_INTEGER : 5);
  if (format === 'json') return JSON.stringify(toJson(mode, query, answer));
  return renderTerminal(answer, {
    color: process.stdout.isTTY === true,
    moreHint: `For more: --page ${page + 1}.`,
  });
}

async function runBatch(context: AnswerContext): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let mode = '';
    let query = '';
    try {
      const request: unknown = JSON.parse(line);
      if (!request || typeof request !== 'object') throw new Error('each line must be a JSON object');
      const fields = request as Record<string, unknown>;
      mode = typeof fields.mode === 'string' ? fields.mode : '';
      query = typeof fields.query === 'string' ? fields.query : '';
      if (!isTerminalMode(mode)) throw new Error(`"mode" must be one of ${terminalModes.join(', ')}`);
      process.stdout.write(`${await render(context, mode, query, 'json', 1)}\n`);
    } catch (error) {
      const message = error instanceof SyntaxError ? 'not valid JSON' : (error as Error).message;
      process.stdout.write(`${JSON.stringify({ mode, query, total: 0, results: [], error: message })}\n`);
    }
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    console.error(`${args}\n${USAGE}`);
    return 2;
  }
  const config = readConfig(process.env, ['--console']);
  if (!config.ok) {
    for (const problem of config.problems) console.error(`Receipts cannot start: ${problem}`);
    return 1;
  }
  const opened = await openContext(config.config.knowledgeDir);
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
  if (mode === undefined || !isTerminalMode(mode)) {
    console.error(mode === undefined ? USAGE : `unknown mode "${mode}"\n${USAGE}`);
    return 2;
  }
  const { publicUrl } = config.config;
  process.stdout.write(
    `${await render(opened.context, mode, words.join(' '), args.format, args.page, publicUrl)}\n`,
  );
  return 0;
}

process.exitCode = await main();
