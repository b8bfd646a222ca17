/**
 * Cold start: from spawning a process to the moment it can answer, for the console, the
 * one-shot CLI and the HTTP endpoint, each run in turn with `node -e ''` (starting Node and
 * doing nothing) so the machine's own start-up cost is measured alongside. Every timed start
 * finds its pack checked before, as every start but the first after a change does. A fresh
 * process also reports where its time goes (`startup-probe.ts`), with the pack read back and
 * with the pack checked in full.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
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

/** Where a fresh console start's time goes, medians in ms (see `startup-probe.ts`). */
export interface StartPhases {
  /** Process start to the first line of JavaScript (Node's own boot). */
  readonly bootMs: number;
  /** Evaluating the bundle: every module it holds, before the program's first step. */
  readonly evaluateMs: number;
  /** Reading the configuration. */
  readonly configMs: number;
  /** Reading the pack (hashing its files, and reading back the checked pack, or checking it). */
  readonly loadPackMs: number;
  /** Building the search index, or restoring it with the checked pack. */
  readonly buildIndexMs: number;
}

/** The cold-start figures. */
export interface ColdStartFigures {
  readonly runs: number;
  readonly baseline: StartFigures;
  readonly starts: readonly StartFigures[];
  /** A start whose pack was checked before (what every start but the first after a change is). */
  readonly phases: StartPhases;
  /** A start that checks the pack in full (the first with a new pack or a new build). */
  readonly phasesChecking: StartPhases;
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

/** Bundles `startup-probe.ts` as the app is bundled, into dist/bench/. */
async function buildProbe(): Promise<string> {
  const { bundleOptions, buildId } = (await import(
    pathToFileURL(join(repoRoot, 'scripts/build.mjs')).href
  )) as {
    bundleOptions: (id: string) => BuildOptions;
    buildId: () => string;
  };
  const outfile = join(repoRoot, 'dist/bench/startup-probe.js');
  await build({
    ...bundleOptions(buildId()),
    entryPoints: [join(repoRoot, 'bench/startup-probe.ts')],
    outfile,
  });
  return outfile;
}

/** The phases of one fresh process, as it reports them; `cacheDir` null checks the pack in full. */
async function phasesOnce(probe: string, cacheDir: string | null): Promise<StartPhases> {
  const started = startNode(
    ['--import', 'data:text/javascript,globalThis.receiptsBoot=performance.now()', probe],
    {
      RECEIPTS_BENCH_PACK_CACHE: cacheDir ?? '',
    },
  );
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
  const checking: StartPhases[] = [];
  const probe = await buildProbe();
  const cacheDir = mkdtempSync(join(tmpdir(), 'receipts-bench-cache-'));
  // Every timed start reads back the checked pack: check it once first, as the first start does.
  await runOnce(all[0] as Target);
  await phasesOnce(probe, cacheDir);
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
    phases.push(await phasesOnce(probe, cacheDir));
    checking.push(await phasesOnce(probe, null));
  }
  rmSync(cacheDir, { recursive: true, force: true });
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
  const summary = (of: readonly StartPhases[]): StartPhases => {
    const phase = (key: keyof StartPhases) => median(of.map((p) => p[key]));
    return {
      bootMs: phase('bootMs'),
      evaluateMs: phase('evaluateMs'),
      configMs: phase('configMs'),
      loadPackMs: phase('loadPackMs'),
      buildIndexMs: phase('buildIndexMs'),
    };
  };
  return { runs, baseline: baseFigures, starts, phases: summary(phases), phasesChecking: summary(checking) };
}
