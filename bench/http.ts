/**
 * HTTP interactions under load: autocannon on loopback sends signed slash-command interactions
 * (see `traffic.ts`) to the app's endpoint and to three baselines, all child processes that take
 * turns under the same load:
 *
 * - `bare`: node:http reading each body and answering a constant (what Node costs);
 * - `verify`: the same, after verifying the Ed25519 signature with node:crypto (what a correct
 *   endpoint costs at least);
 * - `express`: express 4 with discord-interactions' `verifyKeyMiddleware`, answering a constant
 *   (the minimal server Discord's examples start from).
 *
 * Receipts runs twice, in two processes: once with no query repeated, once with a realistic
 * share of repeats ({@link REALISTIC_REPEAT_SHARE}).
 */
import { createPublicKey, generateKeyPairSync, type KeyObject, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type Request, type Result } from 'autocannon';
import { httpEnv, isReadyLine } from './coldstart.js';
import type { BenchQuery } from './engines.js';
import { rssMB, type Started, sleep, startNode } from './processes.js';
import { median, nowNs } from './stats.js';
import { RequestStream, type SignedBody, SignedPool } from './traffic.js';

/**
 * The share of requests that repeat a (command, query, visibility) asked before, taken as
 * realistic for one server's members asking about one dispute: the commands with no query
 * (`/claim`, `/denial`, `/timeline`, `/sources`, `/about`) are always the same request; query
 * options autocomplete from the pack's topics and statement titles, so picked suggestions are
 * the same text for everyone; and the Next and "See the responses" buttons of one answer are the
 * same for everyone who asked it. Free questions to `/ask` are mostly new.
 */
export const REALISTIC_REPEAT_SHARE = 0.8;

/** A server under load. */
interface ServerSpec {
  readonly name: string;
  /** What it is, for the report. */
  readonly label: string;
  readonly args: readonly string[];
  readonly env: Record<string, string>;
  /** Share of requests repeating an earlier one (0: none). */
  readonly repeatShare: number;
  /** Whether it checks signatures (a forged request must get 401 before the load). */
  readonly verifies: boolean;
}

/** One server's figures over the runs. */
export interface ServerFigures {
  readonly name: string;
  readonly label: string;
  readonly repeatShare: number;
  /** Share of the requests it received that repeated an earlier (command, query), as sent. */
  readonly repeatedShare: number;
  /** Median over the runs, and every run's figure (the spread). */
  readonly requestsPerSecond: number;
  readonly requestsPerSecondRuns: readonly number[];
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly latencyP99MsRuns: readonly number[];
  /** The server process's CPU time (user + system) per request, µs, median over the runs. */
  readonly cpuUsPerRequest: number | null;
  /** Over all runs. */
  readonly completed: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  /** Resident memory when idle after start, and after the load, MB. */
  readonly idleRssMB: number | null;
  readonly loadedRssMB: number | null;
  /** What a correctly and a wrongly signed request got back before the load. */
  readonly check: {
    readonly signedStatus: number;
    readonly signedType: number | null;
    readonly forgedStatus: number;
  };
}

/** The load test's figures. */
export interface HttpFigures {
  readonly connections: number;
  readonly durationSeconds: number;
  readonly runs: number;
  /** Signed bodies prepared: the eval queries as written, and distinct variants of them. */
  readonly popularBodies: number;
  readonly distinctBodies: number;
  readonly realisticRepeatShare: number;
  readonly servers: readonly ServerFigures[];
  /** Receipts' throughput over each baseline's, each from the same run. */
  readonly ratios: {
    /** With no query repeated, over express + discord-interactions. */
    readonly distinctVsExpress: number | null;
    /** With no query repeated, over the bare verifying server. */
    readonly distinctVsVerify: number | null;
    /** With the realistic share repeated, over the bare verifying server. */
    readonly repeatingVsVerify: number | null;
    /** With no query repeated, over the bare server. */
    readonly distinctVsBare: number | null;
  };
  /** Verifying one request's Ed25519 signature in this process, µs (median). */
  readonly signatureCheckUs: number;
  /** Requests a second one core could verify at that cost, doing nothing else. */
  readonly signatureCeilingPerSecond: number;
  readonly unavailable?: string;
}

/** Settings for the load test. */
export interface HttpSettings {
  readonly connections: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly runs: number;
  readonly log: (line: string) => void;
}

/** The raw 32-byte public key as hex, and the private key for signing. */
function keys(): { publicKeyHex: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return { publicKeyHex: Buffer.from(jwk.x as string, 'base64url').toString('hex'), privateKey };
}

function specs(publicKeyHex: string): ServerSpec[] {
  const key = { PUBLIC_KEY: publicKeyHex };
  const receipts = ['dist/src/main.js', '--http'];
  return [
    {
      name: 'bare',
      label: 'bare node:http, constant answer',
      args: ['bench/servers/bare.mjs'],
      env: {},
      repeatShare: 0,
      verifies: false,
    },
    {
      name: 'verify',
      label: 'bare node:http, Ed25519 verified (node:crypto), constant answer',
      args: ['bench/servers/verify.mjs'],
      env: key,
      repeatShare: 0,
      verifies: true,
    },
    {
      name: 'express',
      label: 'express 4 + discord-interactions verifyKeyMiddleware, constant answer',
      args: ['bench/servers/express.mjs'],
      env: key,
      repeatShare: 0,
      verifies: true,
    },
    {
      name: 'receipts',
      label: 'Receipts --http, no query repeated',
      args: receipts,
      env: httpEnv(publicKeyHex),
      repeatShare: 0,
      verifies: true,
    },
    {
      name: 'receipts-repeating',
      label: `Receipts --http, ${Math.round(REALISTIC_REPEAT_SHARE * 100)} % of queries repeated`,
      args: receipts,
      env: httpEnv(publicKeyHex),
      repeatShare: REALISTIC_REPEAT_SHARE,
      verifies: true,
    },
  ];
}

interface Running {
  readonly spec: ServerSpec;
  readonly process: Started;
  readonly port: number;
  readonly idleRssMB: number | null;
  stream: RequestStream;
  check: ServerFigures['check'];
  readonly results: Result[];
  readonly cpu: number[];
}

async function start(spec: ServerSpec, logFile: string): Promise<Omit<Running, 'stream' | 'check'>> {
  const started = startNode(spec.args, spec.env, logFile);
  const { line } = await started.until(isReadyLine);
  const port = (JSON.parse(line) as { port: number }).port;
  // Let it settle before reading its idle memory.
  await sleep(1000);
  return { spec, process: started, port, idleRssMB: rssMB(started.child.pid), results: [], cpu: [] };
}

/** CPU time (user + system) a process has used, in seconds, from /proc; null off Linux. */
function cpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, in clock ticks of 1/100 s on Linux.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

function load(port: number, requests: Request[], connections: number, seconds: number): Promise<Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests,
    timeout: 10,
  });
}

/** Posts one signed body (its signature forged when asked) and reads the status and the callback type. */
async function post(
  port: number,
  signed: SignedBody,
  forged = false,
): Promise<{ status: number; type: number | null }> {
  const response = await fetch(`http://127.0.0.1:${port}/interactions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-signature-ed25519': forged ? '0'.repeat(128) : signed.signature,
      'x-signature-timestamp': signed.timestamp,
    },
    body: signed.body,
  });
  const text = await response.text();
  let type: number | null = null;
  try {
    type = (JSON.parse(text) as { type?: number }).type ?? null;
  } catch {
    type = null;
  }
  return { status: response.status, type };
}

/** The median cost of verifying one signed body, µs, as the endpoint does it (a key object parsed once). */
function signatureCost(pool: SignedPool, privateKey: KeyObject): number {
  const publicKey = createPublicKey(privateKey);
  const signed = pool.popular.map((body) => ({
    message: Buffer.concat([Buffer.from(body.timestamp), body.body]),
    signature: Buffer.from(body.signature, 'hex'),
  }));
  const rounds: number[] = [];
  for (let round = 0; round < 7; round++) {
    const started = nowNs();
    for (const { message, signature } of signed) verify(null, message, publicKey, signature);
    rounds.push((nowNs() - started) / signed.length / 1e3);
  }
  return median(rounds);
}

function figures(server: Running): ServerFigures {
  const { results } = server;
  const rates = results.map((result) => result.requests.total / result.duration);
  const counts = server.stream.counts();
  return {
    name: server.spec.name,
    label: server.spec.label,
    repeatShare: server.spec.repeatShare,
    repeatedShare: counts.sent === 0 ? 0 : counts.repeated / counts.sent,
    requestsPerSecond: median(rates),
    requestsPerSecondRuns: rates,
    latencyP50Ms: median(results.map((result) => result.latency.p50)),
    latencyP99Ms: median(results.map((result) => result.latency.p99)),
    latencyP99MsRuns: results.map((result) => result.latency.p99),
    cpuUsPerRequest: server.cpu.length > 0 ? median(server.cpu) : null,
    completed: results.reduce((sum, result) => sum + result.requests.total, 0),
    non2xx: results.reduce((sum, result) => sum + result.non2xx, 0),
    errors: results.reduce((sum, result) => sum + result.errors, 0),
    timeouts: results.reduce((sum, result) => sum + result.timeouts, 0),
    idleRssMB: server.idleRssMB,
    loadedRssMB: rssMB(server.process.child.pid),
    check: server.check,
  };
}

/** Distinct bodies to sign: enough for the fastest server this app could be, for its whole run. */
function distinctNeeded(settings: HttpSettings): number {
  const seconds = settings.warmupSeconds + settings.runs * settings.durationSeconds;
  return Math.min(120_000, Math.ceil(8_000 * seconds));
}

/** Runs the load test. */
export async function measureHttp(
  queries: readonly BenchQuery[],
  settings: HttpSettings,
): Promise<HttpFigures> {
  const { publicKeyHex, privateKey } = keys();
  const started = nowNs();
  const pool = new SignedPool(queries, distinctNeeded(settings), privateKey);
  settings.log(
    `  signed ${pool.popular.length + pool.distinct.length} interactions in ${((nowNs() - started) / 1e9).toFixed(1)} s`,
  );
  const signatureCheckUs = signatureCost(pool, privateKey);
  const dir = mkdtempSync(join(tmpdir(), 'receipts-bench-'));
  const running: Running[] = [];
  let unavailable: string | undefined;
  try {
    for (const spec of specs(publicKeyHex)) {
      let server: Awaited<ReturnType<typeof start>> | null = null;
      try {
        server = await start(spec, join(dir, `${spec.name}.log`));
        const probe = pool.popular[0] as SignedBody;
        const signed = await post(server.port, probe);
        const forged = spec.verifies ? await post(server.port, probe, true) : { status: 0 };
        if (signed.status !== 200 || (spec.verifies && forged.status !== 401)) {
          throw new Error(
            `answered ${signed.status} to a signed request and ${forged.status} to a forged one`,
          );
        }
        running.push({
          ...server,
          stream: new RequestStream(pool, spec.repeatShare, spec.name),
          check: { signedStatus: signed.status, signedType: signed.type, forgedStatus: forged.status },
        });
      } catch (error) {
        await server?.process.stop();
        const reason = (error as Error).message.split('\n').slice(0, 3).join(' ').trim();
        unavailable = `${spec.name} could not be measured: ${reason}`;
        settings.log(`  ${unavailable}`);
      }
    }
    for (const server of running) {
      settings.log(`  warming up ${server.spec.name} for ${settings.warmupSeconds} s`);
      await load(server.port, server.stream.requests(), settings.connections, settings.warmupSeconds);
    }
    for (let run = 0; run < settings.runs; run++) {
      // Rotate who goes first, so no server always follows the same other one.
      const order = running.map((_, i) => running[(i + run) % running.length] as Running);
      for (const server of order) {
        const cpuBefore = cpuSeconds(server.process.child.pid);
        const result = await load(
          server.port,
          server.stream.requests(),
          settings.connections,
          settings.durationSeconds,
        );
        const cpuAfter = cpuSeconds(server.process.child.pid);
        server.results.push(result);
        if (cpuBefore !== null && cpuAfter !== null && result.requests.total > 0)
          server.cpu.push(((cpuAfter - cpuBefore) * 1e6) / result.requests.total);
        settings.log(
          `  ${server.spec.name} run ${run + 1}: ${(result.requests.total / result.duration).toFixed(0)} req/s, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`,
        );
      }
    }
    const servers = running.map(figures);
    const rate = (name: string) => servers.find((server) => server.name === name)?.requestsPerSecond ?? null;
    const ratio = (a: string, b: string) => {
      const x = rate(a);
      const y = rate(b);
      return x === null || y === null ? null : x / y;
    };
    return {
      connections: settings.connections,
      durationSeconds: settings.durationSeconds,
      runs: settings.runs,
      popularBodies: pool.popular.length,
      distinctBodies: pool.distinct.length,
      realisticRepeatShare: REALISTIC_REPEAT_SHARE,
      servers,
      ratios: {
        distinctVsExpress: ratio('receipts', 'express'),
        distinctVsVerify: ratio('receipts', 'verify'),
        repeatingVsVerify: ratio('receipts-repeating', 'verify'),
        distinctVsBare: ratio('receipts', 'bare'),
      },
      signatureCheckUs,
      signatureCeilingPerSecond: 1e6 / signatureCheckUs,
      ...(unavailable ? { unavailable } : {}),
    };
  } finally {
    for (const server of running) await server.process.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
