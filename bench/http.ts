/**
 * HTTP interactions under load: autocannon on loopback sends signed slash-command interactions
 * (one per eval query, each signed once with a real Ed25519 key, re-signed before every run so
 * the timestamps are fresh) to the app's endpoint, and the same requests to a bare `node:http`
 * server that reads each body and answers a constant. Both servers run as child processes and
 * take turns; the figure is the ratio of their throughputs.
 */
import { createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type Request, type Result } from 'autocannon';
import { httpEnv, isReadyLine } from './coldstart.js';
import type { BenchQuery } from './engines.js';
import { interactionBodies } from './interactions.js';
import { rssMB, type Started, sleep, startNode } from './processes.js';
import { median, nowNs } from './stats.js';

/** One server's figures, medians over the runs. */
export interface ServerFigures {
  readonly requestsPerSecond: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  /** Over all runs. */
  readonly completed: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  /** Resident memory when idle after start, and after the load, MB. */
  readonly idleRssMB: number | null;
  readonly loadedRssMB: number | null;
}

/** The load test's figures. */
export interface HttpFigures {
  readonly connections: number;
  readonly durationSeconds: number;
  readonly runs: number;
  readonly distinctBodies: number;
  readonly receipts: ServerFigures | null;
  readonly bare: ServerFigures;
  /** Receipts' throughput over the bare server's. */
  readonly throughputRatio: number | null;
  /** Verifying one request's Ed25519 signature in this process, µs (median). */
  readonly signatureCheckUs: number;
  /** Requests a second one core could verify at that cost, doing nothing else. */
  readonly signatureCeilingPerSecond: number;
  /** What a correctly and a wrongly signed request got back, checked before the load. */
  readonly check: {
    readonly signedStatus: number;
    readonly signedType: number | null;
    readonly forgedStatus: number;
  } | null;
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

const BARE_SERVER = `
const http = require('node:http');
const answer = JSON.stringify({ type: 4, data: { content: 'ok', flags: 64 } });
const server = http.createServer((request, response) => {
  request.on('data', () => {});
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
    response.end(answer);
  });
});
server.keepAliveTimeout = 65000;
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ msg: 'ready', port: server.address().port })));
`;

/** The raw 32-byte public key as hex, and a signer for bodies. */
function keys(): { publicKeyHex: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return { publicKeyHex: Buffer.from(jwk.x as string, 'base64url').toString('hex'), privateKey };
}

/** Each body with Discord's signature headers, timestamped now. */
function signedRequests(bodies: readonly string[], privateKey: KeyObject): Request[] {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return bodies.map((body) => ({
    method: 'POST',
    path: '/interactions',
    headers: {
      'content-type': 'application/json',
      'x-signature-ed25519': sign(null, Buffer.from(timestamp + body), privateKey).toString('hex'),
      'x-signature-timestamp': timestamp,
    },
    body,
  }));
}

interface Server {
  readonly process: Started;
  readonly port: number;
  readonly idleRssMB: number | null;
}

async function startServer(
  args: readonly string[],
  env: Record<string, string>,
  logFile: string,
): Promise<Server> {
  const started = startNode(args, env, logFile);
  const { line } = await started.until(isReadyLine);
  const port = (JSON.parse(line) as { port: number }).port;
  // Let it settle before reading its idle memory.
  await sleep(1000);
  return { process: started, port, idleRssMB: rssMB(started.child.pid) };
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

/** Posts one request and reads the status and the callback type. */
async function post(port: number, request: Request): Promise<{ status: number; type: number | null }> {
  const response = await fetch(`http://127.0.0.1:${port}${request.path}`, {
    method: 'POST',
    headers: request.headers ?? {},
    body: request.body as string,
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

function summariseRuns(results: readonly Result[], server: Server): ServerFigures {
  return {
    requestsPerSecond: median(results.map((result) => result.requests.total / result.duration)),
    latencyP50Ms: median(results.map((result) => result.latency.p50)),
    latencyP99Ms: median(results.map((result) => result.latency.p99)),
    completed: results.reduce((sum, result) => sum + result.requests.total, 0),
    non2xx: results.reduce((sum, result) => sum + result.non2xx, 0),
    errors: results.reduce((sum, result) => sum + result.errors, 0),
    timeouts: results.reduce((sum, result) => sum + result.timeouts, 0),
    idleRssMB: server.idleRssMB,
    loadedRssMB: rssMB(server.process.child.pid),
  };
}

/** The median cost of verifying one signed body, µs, as the endpoint does it (a key object parsed once). */
function signatureCost(bodies: readonly string[], privateKey: KeyObject): number {
  const publicKey = createPublicKey(privateKey);
  const signed = signedRequests(bodies, privateKey).map((request) => ({
    message: Buffer.from((request.headers?.['x-signature-timestamp'] ?? '') + (request.body as string)),
    signature: Buffer.from(request.headers?.['x-signature-ed25519'] ?? '', 'hex'),
  }));
  const rounds: number[] = [];
  for (let round = 0; round < 7; round++) {
    const started = nowNs();
    for (const { message, signature } of signed) verify(null, message, publicKey, signature);
    rounds.push((nowNs() - started) / signed.length / 1e3);
  }
  return median(rounds);
}

/** Runs the load test. */
export async function measureHttp(
  queries: readonly BenchQuery[],
  settings: HttpSettings,
): Promise<HttpFigures> {
  const { publicKeyHex, privateKey } = keys();
  const bodies = interactionBodies(queries).map((entry) => entry.body);
  const dir = mkdtempSync(join(tmpdir(), 'receipts-bench-'));
  const signatureCheckUs = signatureCost(bodies, privateKey);
  const base = {
    signatureCheckUs,
    signatureCeilingPerSecond: 1e6 / signatureCheckUs,
    connections: settings.connections,
    durationSeconds: settings.durationSeconds,
    runs: settings.runs,
    distinctBodies: bodies.length,
  };
  const bare = await startServer(['-e', BARE_SERVER], {}, join(dir, 'bare.log'));
  let receipts: Server | null = null;
  try {
    try {
      receipts = await startServer(
        ['dist/src/main.js', '--http'],
        httpEnv(publicKeyHex),
        join(dir, 'receipts.log'),
      );
    } catch (error) {
      const reason =
        (error as Error).message.split('\n').slice(1).join(' ').trim() || (error as Error).message;
      settings.log(`  http mode could not start: ${reason}`);
    }
    let check: HttpFigures['check'] = null;
    if (receipts) {
      const [first] = signedRequests(bodies.slice(0, 1), privateKey);
      const signed = await post(receipts.port, first as Request);
      const forged = await post(receipts.port, {
        ...(first as Request),
        headers: { ...(first as Request).headers, 'x-signature-ed25519': '0'.repeat(128) },
      });
      check = { signedStatus: signed.status, signedType: signed.type, forgedStatus: forged.status };
      if (signed.status !== 200 || forged.status !== 401) {
        throw new Error(
          `the endpoint answered ${signed.status} to a signed request and ${forged.status} to a forged one`,
        );
      }
    }

    const servers: [string, Server][] = receipts
      ? [
          ['bare', bare],
          ['receipts', receipts],
        ]
      : [['bare', bare]];
    const results = new Map<string, Result[]>(servers.map(([name]) => [name, []]));
    for (const [name, server] of servers) {
      settings.log(`  warming up ${name} for ${settings.warmupSeconds} s`);
      await load(
        server.port,
        signedRequests(bodies, privateKey),
        settings.connections,
        settings.warmupSeconds,
      );
    }
    for (let run = 0; run < settings.runs; run++) {
      // Alternate who goes first, so neither always follows the other.
      const order = run % 2 === 0 ? servers : [...servers].reverse();
      for (const [name, server] of order) {
        const result = await load(
          server.port,
          signedRequests(bodies, privateKey),
          settings.connections,
          settings.durationSeconds,
        );
        results.get(name)?.push(result);
        settings.log(
          `  ${name} run ${run + 1}: ${(result.requests.total / result.duration).toFixed(0)} req/s, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`,
        );
      }
    }
    const bareFigures = summariseRuns(results.get('bare') ?? [], bare);
    const receiptsFigures = receipts ? summariseRuns(results.get('receipts') ?? [], receipts) : null;
    return {
      ...base,
      receipts: receiptsFigures,
      bare: bareFigures,
      throughputRatio: receiptsFigures
        ? receiptsFigures.requestsPerSecond / bareFigures.requestsPerSecond
        : null,
      check,
      ...(receipts
        ? {}
        : { unavailable: 'node dist/src/main.js --http did not start: HTTP mode is not in this build' }),
    };
  } finally {
    await bare.process.stop();
    if (receipts) await receipts.process.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
