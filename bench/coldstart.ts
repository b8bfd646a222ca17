/**
 * Cold start: from spawning a process to the moment it can answer, for the console, the
 * one-shot CLI and the HTTP endpoint, each run in turn with `node -e ''` (starting Node and
 * doing nothing) so the machine's own start-up cost is measured alongside. A fresh process also
 * reports where its time goes: Node's boot, imports, reading the pack, building the index.
 */
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../test/support/run.js';
import { applicationId } from './interactions.js';
import { startNode } from './processes.js';
import { median, type Summary, summarise } from './stats.js';

/** One start-up measured over several runs, ms. */
export interface StartFigures {
  readonly what: string;
  readonly command: string;
  /** Spawn to ready, ms; null when it could not start (reason given). */
  readonly readyMs: Summary | null;
  /** Its median over the baseline's median. */
  readonly timesBaseline: number | null;
  /** Its median less the baseline's median: what the app adds to starting Node, ms. */
  readonly addedMs: number | null;
  readonly unavailable?: string;
}

/** Where a fresh process's time goes, medians in ms. */
export interface StartPhases {
  /** Process start to the first line of the script (Node's own boot). */
  readonly bootMs: number;
  /** Importing the answer context (pack loader, schema, search and their packages). */
  readonly importMs: number;
  /** Reading and checking the pack (YAML, schema, hashes, verbatim quotes). */
  readonly loadPackMs: number;
  /** Building the search index. */
  readonly buildIndexMs: number;
  /** For comparison, in the same process: indexing the statements in MiniSearch, and loading that index from its JSON. */
  readonly miniSearchAddAllMs: number;
  readonly miniSearchLoadJsonMs: number;
}

/** The cold-start figures. */
export interface ColdStartFigures {
  readonly runs: number;
  readonly baseline: StartFigures;
  readonly starts: readonly StartFigures[];
  readonly phases: StartPhases;
}

/** A throwaway Ed25519 public key, as the 64 hex characters the Developer Portal shows. */
export function testPublicKeyHex(): string {
  const { publicKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return Buffer.from(jwk.x as string, 'base64url').toString('hex');
}

interface Target {
  readonly what: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Record<string, string>;
  readonly ready: (line: string) => boolean;
  /** How to end it once ready. */
  readonly end: 'stdin' | 'exit' | 'signal';
}

/** Settings for HTTP mode: an unreachable Discord, a free port on loopback. */
export function httpEnv(publicKeyHex: string, port = 0): Record<string, string> {
  return {
    DISCORD_PUBLIC_KEY: publicKeyHex,
    DISCORD_APPLICATION_ID: applicationId,
    // Nothing should call Discord; if something did, it would fail at once, not reach discord.com.
    DISCORD_API_BASE: 'http://127.0.0.1:9/api',
    HOST: '127.0.0.1',
    PORT: String(port),
  };
}

/** True for the HTTP endpoint's ready log line. */
export function isReadyLine(line: string): boolean {
  if (!line.startsWith('{')) return false;
  try {
    return (JSON.parse(line) as { msg?: unknown }).msg === 'ready';
  } catch {
    return false;
  }
}

function targets(publicKeyHex: string): Target[] {
  return [
    {
      what: 'console',
      command: 'node dist/src/main.js --console: to its banner',
      args: ['dist/src/main.js', '--console'],
      env: {},
      ready: (line) => line.startsWith('Receipts console:'),
      end: 'stdin',
    },
    {
      what: 'cli',
      command: 'node dist/src/cli/ask.js claim inbox api --json: to its answer',
      args: ['dist/src/cli/ask.js', 'claim', 'inbox', 'api', '--json'],
      env: {},
      ready: (line) => line.startsWith('{'),
      end: 'exit',
    },
    {
      what: 'http',
      command: 'node dist/src/main.js --http (PORT=0): to its ready log line',
      args: ['dist/src/main.js', '--http'],
      env: httpEnv(publicKeyHex),
      ready: isReadyLine,
      end: 'signal',
    },
  ];
}

async function runOnce(target: Target): Promise<number> {
  const started = startNode(target.args, target.env);
  try {
    const { ms } = await started.until(target.ready);
    return ms;
  } finally {
    if (target.end === 'stdin') started.child.stdin?.end();
    if (target.end === 'signal') await started.stop();
    else await Promise.race([started.exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    await started.stop();
  }
}

async function baselineOnce(): Promise<number> {
  const started = startNode(['-e', '']);
  started.child.stdin?.end();
  return started.exited;
}

/** The phases of one fresh process, as it reports them. */
async function phasesOnce(): Promise<StartPhases> {
  const url = (path: string) => pathToFileURL(join(repoRoot, path)).href;
  const script = `
    const boot = performance.now();
    const { createContext } = await import(${JSON.stringify(url('dist/src/answers/context.js'))});
    const { loadPack } = await import(${JSON.stringify(url('dist/src/knowledge/load.js'))});
    const { defaultPackDir } = await import(${JSON.stringify(url('dist/src/paths.js'))});
    const imported = performance.now();
    const loaded = await loadPack(defaultPackDir);
    const read = performance.now();
    createContext(loaded.pack);
    const built = performance.now();
    const { default: MiniSearch } = await import('minisearch');
    const { tokenize, stem } = await import(${JSON.stringify(url('dist/src/search/analyze.js'))});
    const options = {
      fields: ['title', 'quote', 'speaker', 'context', 'note'],
      tokenize: (text) => tokenize(text).map((token) => token.word),
      processTerm: (term) => stem(term),
    };
    const docs = loaded.pack.statements.map((s) => ({
      id: s.id, title: s.title, quote: s.quote, speaker: s.speaker.name,
      context: s.saidIn + ' ' + s.source.publisher, note: s.note ?? '',
    }));
    let t = performance.now();
    const index = new MiniSearch(options);
    index.addAll(docs);
    const addAll = performance.now() - t;
    const json = JSON.stringify(index);
    t = performance.now();
    MiniSearch.loadJSON(json, options);
    const loadJson = performance.now() - t;
    console.log(JSON.stringify({
      bootMs: boot, importMs: imported - boot, loadPackMs: read - imported, buildIndexMs: built - read,
      miniSearchAddAllMs: addAll, miniSearchLoadJsonMs: loadJson,
    }));`;
  const started = startNode(['--input-type=module', '-e', script]);
  const { line } = await started.until((text) => text.startsWith('{"bootMs"'));
  await started.exited;
  return JSON.parse(line) as StartPhases;
}

/** Measures every start-up `runs` times, in turns with the baseline. */
export async function measureColdStart(runs: number, log: (line: string) => void): Promise<ColdStartFigures> {
  const all = targets(testPublicKeyHex());
  const times = new Map<string, number[]>(all.map((target) => [target.what, []]));
  const unavailable = new Map<string, string>();
  const baseline: number[] = [];
  const phases: StartPhases[] = [];
  for (let run = 0; run < runs; run++) {
    baseline.push(await baselineOnce());
    for (const target of all) {
      if (unavailable.has(target.what)) continue;
      try {
        times.get(target.what)?.push(await runOnce(target));
      } catch (error) {
        const reason = (error as Error).message.split('\n').slice(1).join(' ').trim();
        unavailable.set(target.what, reason || (error as Error).message);
        log(`  ${target.what} could not start: ${unavailable.get(target.what)}`);
      }
    }
    phases.push(await phasesOnce());
  }
  const base = median(baseline);
  const baseFigures: StartFigures = {
    what: 'node',
    command: "node -e '': to exit",
    readyMs: summarise(baseline),
    timesBaseline: 1,
    addedMs: 0,
  };
  const starts = all.map((target): StartFigures => {
    const samples = times.get(target.what) ?? [];
    const reason = unavailable.get(target.what);
    if (samples.length === 0) {
      return {
        what: target.what,
        command: target.command,
        readyMs: null,
        timesBaseline: null,
        addedMs: null,
        unavailable: reason ?? 'not run',
      };
    }
    const m = median(samples);
    return {
      what: target.what,
      command: target.command,
      readyMs: summarise(samples),
      timesBaseline: m / base,
      addedMs: m - base,
      ...(reason ? { unavailable: reason } : {}),
    };
  });
  const phase = (key: keyof StartPhases) => median(phases.map((p) => p[key]));
  return {
    runs,
    baseline: baseFigures,
    starts,
    phases: {
      bootMs: phase('bootMs'),
      importMs: phase('importMs'),
      loadPackMs: phase('loadPackMs'),
      buildIndexMs: phase('buildIndexMs'),
      miniSearchAddAllMs: phase('miniSearchAddAllMs'),
      miniSearchLoadJsonMs: phase('miniSearchLoadJsonMs'),
    },
  };
}
