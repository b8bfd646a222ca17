/**
 * `npm run bench [-- --quick] [-- --only search,coldstart,answer,recording,http,memory] [-- --sizes 1000,10000]`
 *
 * Builds dist/ first (the npm script does), then measures search, cold start, an answer in
 * process, HTTP mode under load and the gateway's memory, each beside a baseline run in the
 * same process or script; prints a table and writes bench/results.json.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { openContext } from '../src/answers/context.js';
import { defaultPackDir, projectRoot } from '../src/paths.js';
import { measureAnswers } from './answer.js';
import { measureColdStart } from './coldstart.js';
import { measureHttp } from './http.js';
import { measureMemory } from './memory.js';
import { evalQueries } from './queries.js';
import { measureRecording } from './recording.js';
import { judge, machine, type Results, render } from './report.js';
import { growth, measureSearch } from './search.js';
import { canCollectGarbage, ms, nowNs } from './stats.js';

const SECTIONS = ['search', 'coldstart', 'answer', 'recording', 'http', 'memory'] as const;
type Section = (typeof SECTIONS)[number];

interface Args {
  readonly quick: boolean;
  readonly only: ReadonlySet<Section>;
  readonly sizes: readonly number[] | null;
}

function parseArgs(argv: readonly string[]): Args {
  let quick = false;
  let only = new Set<Section>(SECTIONS);
  let sizes: number[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') quick = true;
    else if (arg === '--only') {
      const names = (argv[++i] ?? '').split(',');
      const unknown = names.filter((name) => !SECTIONS.includes(name as Section));
      if (unknown.length > 0)
        throw new Error(`--only takes ${SECTIONS.join(', ')}; not ${unknown.join(', ')}`);
      only = new Set(names as Section[]);
    } else if (arg === '--sizes') {
      sizes = (argv[++i] ?? '').split(',').map(Number);
      if (sizes.some((size) => !Number.isInteger(size) || size < 1))
        throw new Error('--sizes takes statement counts');
    } else if (arg !== '--') throw new Error(`unknown option ${arg}`);
  }
  return { quick, only, sizes };
}

const args = parseArgs(process.argv.slice(2));
const settings = args.quick
  ? {
      sizes: [1_000, 10_000],
      searchBudgetMs: 250,
      coldRuns: 3,
      answerBudgetMs: 500,
      httpSeconds: 2,
      httpWarmup: 1,
      httpRuns: 1,
      memoryRuns: 1,
    }
  : {
      sizes: [1_000, 10_000, 100_000],
      searchBudgetMs: 1_500,
      coldRuns: 7,
      answerBudgetMs: 3_000,
      httpSeconds: 4,
      httpWarmup: 2,
      httpRuns: 2,
      memoryRuns: 2,
    };
const log = (line: string) => process.stderr.write(`${line}\n`);
const started = nowNs();
const where = machine();
if (!canCollectGarbage()) log('note: run with node --expose-gc for heap figures (npm run bench does)');

const opened = await openContext(defaultPackDir);
if (!opened.ok) {
  for (const problem of opened.problems) log(problem);
  process.exit(1);
}
const { context } = opened;
const queries = evalQueries();
const SEED = 20240402;

let search: Results['search'] = null;
if (args.only.has('search')) {
  log('search…');
  const sizes = measureSearch(context.pack, queries, {
    sizes: args.sizes ?? settings.sizes,
    budgetMs: settings.searchBudgetMs,
    seed: SEED,
    log,
  });
  search = { queries: queries.length, seed: SEED, sizes, growth: growth(sizes) };
}
let answer: Results['answer'] = null;
if (args.only.has('answer')) {
  log('an answer in process…');
  answer = await measureAnswers(context, queries, settings.answerBudgetMs);
}
let recording: Results['recording'] = null;
if (args.only.has('recording')) {
  log('the cost of recording per answer…');
  recording = await measureRecording(context, queries, settings.answerBudgetMs);
}
let coldStart: Results['coldStart'] = null;
if (args.only.has('coldstart')) {
  log('cold start…');
  coldStart = await measureColdStart(settings.coldRuns, log);
}
let http: Results['http'] = null;
if (args.only.has('http')) {
  log('HTTP under load…');
  http = await measureHttp(queries, {
    connections: 10,
    durationSeconds: settings.httpSeconds,
    warmupSeconds: settings.httpWarmup,
    runs: settings.httpRuns,
    log,
  });
}
let memory: Results['memory'] = null;
if (args.only.has('memory')) {
  log('memory…');
  memory = await measureMemory(settings.memoryRuns, 2, log);
}

const partial: Omit<Results, 'targets'> = {
  version: 1,
  generatedAt: new Date().toISOString(),
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  quick: args.quick,
  durationSeconds: ms(nowNs() - started) / 1000,
  machine: { ...where, loadAverage: { start: where.loadAverage.start, end: loadavg()[0] ?? 0 } },
  search,
  coldStart,
  answer,
  recording,
  http,
  memory,
};
const results: Results = { ...partial, targets: judge(partial) };
writeFileSync(join(projectRoot, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${render(results)}\n`);
