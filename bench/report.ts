/**
 * The benchmark's output: the machine it ran on, a plain-text table of every figure with its
 * baseline and ratio, the targets met or missed, and the JSON summary written to
 * bench/results.json.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import type { AnswerFigures } from './answer.js';
import type { ColdStartFigures } from './coldstart.js';
import type { HttpFigures } from './http.js';
import type { MemoryFigures } from './memory.js';
import type { RecordingFigures } from './recording.js';
import type { Growth, SizeFigures } from './search.js';

/** Where the figures were measured. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGB: number;
  readonly node: string;
  readonly platform: string;
  /** 1-minute load average when the run started and ended: other work on the machine. */
  readonly loadAverage: { readonly start: number; readonly end: number | null };
}

/** A performance target, and whether this run met it. */
export interface Target {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean | null;
}

/** Everything one run measured. */
export interface Results {
  readonly version: 1;
  readonly generatedAt: string;
  readonly command: string;
  readonly quick: boolean;
  readonly durationSeconds: number;
  readonly machine: Machine;
  readonly search: {
    readonly queries: number;
    readonly seed: number;
    readonly sizes: readonly SizeFigures[];
    readonly growth: readonly Growth[];
  } | null;
  readonly coldStart: ColdStartFigures | null;
  readonly answer: AnswerFigures | null;
  /** Absent in results written before recording was measured. */
  readonly recording?: RecordingFigures | null;
  readonly http: HttpFigures | null;
  readonly memory: MemoryFigures | null;
  readonly targets: readonly Target[];
}

/** The machine this process runs on. */
export function machine(): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const name = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
    if (name) cpu = name.trim();
  } catch {
    // Not Linux: os.cpus() names it.
  }
  return {
    cpu,
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: { start: loadavg()[0] ?? 0, end: null },
  };
}

const f = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
const x = (value: number | null | undefined): string =>
  value === null || value === undefined || !Number.isFinite(value)
    ? '—'
    : `${value >= 10 ? value.toFixed(0) : value.toFixed(2)}×`;

/** A plain-text table; columns listed in `left` (text) are aligned left, the rest (figures) right. */
function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  left: readonly number[] = [0],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (left.includes(i) ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The targets, judged on the figures. */
export function judge(results: Omit<Results, 'targets'>): Target[] {
  const out: Target[] = [];
  const sizes = results.search?.sizes ?? [];
  const receipts = (label: string) => sizes.find((size) => size.label === label)?.engines[0];
  const shipped = receipts('shipped');
  if (shipped) {
    out.push({
      target: 'search p99 ≤ 50 µs on the shipped pack',
      measured: `${f(shipped.latencyUs.p99)} µs (median ${f(shipped.latencyUs.median)} µs)`,
      met: shipped.latencyUs.p99 <= 50,
    });
  }
  const tenK = sizes.find((size) => size.statements === 10_000);
  if (tenK) {
    const r = tenK.engines[0];
    const linear = tenK.engines.find((engine) => engine.engine === 'linear');
    const pre = tenK.engines.find((engine) => engine.engine === 'linear-pre');
    if (r) {
      out.push({
        target: 'search p99 ≤ 2 ms at 10k statements',
        measured: `${f(r.latencyUs.p99 / 1000, 2)} ms (median ${f(r.latencyUs.median / 1000, 2)} ms)`,
        met: r.latencyUs.p99 <= 2000,
      });
    }
    if (linear) {
      out.push({
        target: '≥ 10× faster than the linear scan at 10k',
        measured: `${x(linear.timesReceipts)} (the scan over statements analysed in advance: ${x(pre?.timesReceipts)})`,
        met: linear.timesReceipts >= 10,
      });
    }
  }
  const hundredK = sizes.find((size) => size.statements === 100_000)?.engines[0];
  if (hundredK) {
    out.push({
      target: 'search p99 ≤ 20 ms at 100k statements',
      measured: `${f(hundredK.latencyUs.p99 / 1000, 2)} ms (median ${f(hundredK.latencyUs.median / 1000, 2)} ms)`,
      met: hundredK.latencyUs.p99 <= 20_000,
    });
  }
  const recording = results.recording;
  if (recording) {
    out.push({
      target: 'recording costs ≤ 10 % of an answer (median, store on vs off)',
      measured: `${f(recording.onUs.median)} µs on, ${f(recording.offUs.median)} µs off (${x(recording.ratio)})`,
      met: recording.ratio <= 1.1,
    });
  }
  const cold = results.coldStart;
  if (cold) {
    const node = cold.baseline.readyMs?.median ?? null;
    for (const start of cold.starts) {
      const limit = start.what === 'http' ? 180 : 150;
      out.push({
        target: `cold start: ${start.what} ready ≤ ${limit} ms after node -e ''`,
        measured: start.readyMs
          ? `+${f(start.addedMs, 0)} ms (${f(start.readyMs.median, 0)} ms; node -e '' ${f(node, 0)} ms)`
          : `not measured: ${start.unavailable ?? ''}`,
        met: start.addedMs === null ? null : start.addedMs <= limit,
      });
    }
  }
  const http = results.http;
  if (http) {
    const server = (name: string) => http.servers.find((entry) => entry.name === name);
    const rate = (name: string) => f(server(name)?.requestsPerSecond, 0);
    const ratioTarget = (target: string, value: number | null, min: number, a: string, b: string) =>
      out.push({
        target,
        measured:
          value === null
            ? `not measured: ${http.unavailable ?? ''}`
            : `${x(value)} (${rate(a)} vs ${rate(b)} req/s)`,
        met: value === null ? null : value >= min,
      });
    ratioTarget(
      'HTTP, no query repeated: ≥ 1× express + discord-interactions',
      http.ratios.distinctVsExpress,
      1,
      'receipts',
      'express',
    );
    ratioTarget(
      'HTTP, no query repeated: ≥ 0.5× the bare verifying server',
      http.ratios.distinctVsVerify,
      0.5,
      'receipts',
      'verify',
    );
    ratioTarget(
      `HTTP, ${Math.round(http.realisticRepeatShare * 100)} % repeated: ≥ 0.9× the bare verifying server`,
      http.ratios.repeatingVsVerify,
      0.9,
      'receipts-repeating',
      'verify',
    );
    const peer = server('express');
    for (const name of ['receipts', 'receipts-repeating']) {
      const mine = server(name);
      if (!mine || !peer) continue;
      out.push({
        target: `HTTP p99 under load no worse than express + discord-interactions (${name})`,
        measured: `${f(mine.latencyP99Ms, 0)} ms vs ${f(peer.latencyP99Ms, 0)} ms`,
        met: mine.latencyP99Ms <= peer.latencyP99Ms,
      });
    }
  }
  const memory = results.memory;
  if (memory) {
    out.push({
      target: 'gateway: the app adds ≤ 10 MB over a process that only imports discord.js',
      measured:
        memory.addedOverDiscordJsMB === null
          ? `not measured: ${memory.unavailable ?? ''}`
          : `+${f(memory.addedOverDiscordJsMB)} MB (${f(memory.gatewayRssMB)} MB vs ${f(memory.discordJsRssMB)} MB)`,
      met: memory.addedOverDiscordJsMB === null ? null : memory.addedOverDiscordJsMB <= 10,
    });
  }
  return out;
}

/** Which baselines stop before the largest pack, in a line (or none). */
function missingNote(sizes: readonly SizeFigures[]): string[] {
  const everywhere = new Set(sizes.flatMap((size) => size.engines.map((engine) => engine.engine)));
  const notes = [...everywhere].flatMap((engine) => {
    const largest = sizes.filter((size) => size.engines.some((e) => e.engine === engine)).at(-1);
    const biggest = sizes.at(-1);
    return largest && biggest && largest !== biggest ? [`${engine} up to ${largest.label}`] : [];
  });
  return notes.length > 0 ? [`Measured only to the size that fits the run's time: ${notes.join(', ')}.`] : [];
}

/** The whole report as text. */
export function render(results: Results): string {
  const m = results.machine;
  const parts: string[] = [
    `Receipts benchmark${results.quick ? ' (quick)' : ''}, ${results.generatedAt}`,
    `${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, Node ${m.node}, ${m.platform}; load average ${f(m.loadAverage.start, 2)} at start, ${f(m.loadAverage.end, 2)} at end`,
  ];

  const search = results.search;
  if (search) {
    const rows = search.sizes.flatMap((size) =>
      size.engines.map((e, i) => [
        i === 0 ? `${size.label} (${size.statements})` : '',
        e.engine,
        f(e.buildMs),
        f(e.heapMB),
        f(e.latencyUs.median),
        f(e.latencyUs.p99),
        e.baseline ? x(e.timesReceipts) : '1×',
        `${e.queriesTimed}`,
        f(e.meanResults, 0),
      ]),
    );
    parts.push(
      '',
      `1. Search: ${search.queries} eval queries per pass; latency per query in µs; ratio = engine median / Receipts median on the same queries`,
      table(
        [
          'pack',
          'engine',
          'build ms',
          'heap MB',
          'median µs',
          'p99 µs',
          'vs receipts',
          'queries',
          'results/q',
        ],
        rows,
      ),
      ...missingNote(search.sizes),
      '',
      'Receipts, the first time each query is asked of a new index (nothing kept yet), and what keeping costs:',
      table(
        ['pack', 'first-ask median µs', 'first-ask p99 µs', 'kept MB', 'slowest query (median µs)'],
        search.sizes.map((size) => [
          size.label,
          f(size.receiptsFirstAskUs.median),
          f(size.receiptsFirstAskUs.p99),
          f(size.receiptsKeptMB, 2),
          size.receiptsSlowest[0]
            ? `${size.receiptsSlowest[0].query} (${f(size.receiptsSlowest[0].medianUs)})`
            : '—',
        ]),
      ),
      '',
      'Growth: k in cost ∝ statements^k between synthetic sizes (1 = linear)',
      table(
        ['engine', 'from→to', 'median', 'p99', 'build', 'heap'],
        [...new Set(search.growth.map((g) => `${g.engine}|${g.from}|${g.to}`))].map((key) => {
          const [engine, from, to] = key.split('|');
          const k = (what: Growth['what']) =>
            f(
              search.growth.find((g) => `${g.engine}|${g.from}|${g.to}` === key && g.what === what)?.exponent,
              2,
            );
          return [
            engine ?? '',
            `${from}→${to}`,
            k('median latency'),
            k('p99 latency'),
            k('build time'),
            k('heap'),
          ];
        }),
      ),
    );
  }

  const cold = results.coldStart;
  if (cold) {
    const row = (s: ColdStartFigures['baseline']) => [
      s.what,
      s.readyMs ? f(s.readyMs.median, 0) : '—',
      s.readyMs ? f(s.readyMs.p99, 0) : '—',
      x(s.timesBaseline),
      s.addedMs === null ? '—' : f(s.addedMs, 0),
      s.unavailable ? `${s.command} — ${s.unavailable}` : s.command,
    ];
    parts.push(
      '',
      `2. Cold start: spawn to ready, ms, ${cold.runs} runs each in turns with the baseline (the pack checked before)`,
      table(
        ['what', 'median', 'max', 'vs node', '+ over node', 'command'],
        [row(cold.baseline), ...cold.starts.map(row)],
      ),
      ...(['phases', 'phasesChecking'] as const).map((which) => {
        const q = cold[which];
        const what = which === 'phases' ? 'pack checked before' : 'pack checked in full';
        return `In a fresh process (${what}): Node's boot ${f(q.bootMs, 0)} ms, evaluating the bundle ${f(q.evaluateMs, 0)} ms, configuration ${f(q.configMs, 1)} ms, reading the pack ${f(q.loadPackMs, 0)} ms, the search index ${f(q.buildIndexMs, 0)} ms.`;
      }),
    );
  }

  const answer = results.answer;
  if (answer) {
    parts.push(
      '',
      `3. An answer in process: interaction JSON → callback body JSON (router, search, render), ${answer.interactions} slash commands`,
      table(
        ['what', 'median µs', 'p99 µs', 'vs JSON'],
        [
          ['answer', f(answer.answerUs.median), f(answer.answerUs.p99), x(answer.timesJson)],
          ['JSON.parse + JSON.stringify', f(answer.jsonUs.median), f(answer.jsonUs.p99), '1×'],
        ],
      ),
    );
  }

  const recording = results.recording;
  if (recording) {
    parts.push(
      '',
      `3b. The cost of recording per answer: the same ${recording.interactions} slash commands, store off and on (SQLite), in turns`,
      table(
        ['what', 'median µs', 'p99 µs', 'vs off'],
        [
          ['answer, store off', f(recording.offUs.median), f(recording.offUs.p99), '1×'],
          ['answer, store on', f(recording.onUs.median), f(recording.onUs.p99), x(recording.ratio)],
        ],
      ),
      `The queue wrote ${recording.written} records between rounds, using ${f(recording.writerUsPerAnswer)} µs of CPU per answer, and dropped ${recording.dropped}.`,
    );
  }

  const http = results.http;
  if (http) {
    const runs = (values: readonly number[]) =>
      values.length > 1 ? `${f(Math.min(...values), 0)}–${f(Math.max(...values), 0)}` : '';
    const row = (s: HttpFigures['servers'][number]) => [
      s.name,
      f(s.requestsPerSecond, 0),
      runs(s.requestsPerSecondRuns),
      f(s.cpuUsPerRequest, 0),
      f(s.latencyP50Ms, 0),
      f(s.latencyP99Ms, 0),
      `${s.non2xx}`,
      `${s.errors + s.timeouts}`,
      `${f(s.repeatedShare * 100, 0)} %`,
      `${f(s.idleRssMB)} / ${f(s.loadedRssMB)}`,
    ];
    parts.push(
      '',
      `4. HTTP under load: autocannon, ${http.connections} connections, ${http.runs} × ${http.durationSeconds} s per server in turns, signed slash commands (${http.popularBodies} eval queries and ${http.distinctBodies} distinct variants)`,
      table(
        [
          'server',
          'req/s',
          'runs',
          'CPU µs/req',
          'p50 ms',
          'p99 ms',
          'non-2xx',
          'errors',
          'repeated',
          'RSS idle/loaded MB',
        ],
        http.servers.map(row),
      ),
      ...http.servers.map((s) => `  ${s.name}: ${s.label}`),
      `Receipts with no query repeated: ${x(http.ratios.distinctVsExpress)} express, ${x(http.ratios.distinctVsVerify)} the verifying server, ${x(http.ratios.distinctVsBare)} the bare one; with ${f(http.realisticRepeatShare * 100, 0)} % repeated: ${x(http.ratios.repeatingVsVerify)} the verifying server.`,
      `Checked first: signed → ${http.servers.map((s) => `${s.name} ${s.check.signedStatus}`).join(', ')}; forged → ${http.servers
        .filter((s) => s.check.forgedStatus !== 0)
        .map((s) => `${s.name} ${s.check.forgedStatus}`)
        .join(', ')}.`,
      `Verifying one Ed25519 signature costs ${f(http.signatureCheckUs)} µs here: at most ${f(http.signatureCeilingPerSecond, 0)} requests a second per core before any other work.`,
      ...(http.unavailable ? [`Not measured: ${http.unavailable}.`] : []),
    );
  }

  const memory = results.memory;
  if (memory) {
    parts.push(
      '',
      `5. Memory: VmRSS ${memory.settleSeconds} s after ready, MB, median of ${memory.runs}`,
      table(
        ['process', 'RSS MB', 'vs bare'],
        [
          ['gateway bot (emulator, shipped pack)', f(memory.gatewayRssMB), x(memory.timesBare)],
          [
            'a process that only imports discord.js',
            f(memory.discordJsRssMB),
            x(memory.discordJsRssMB / memory.bareRssMB),
          ],
          ["node -e 'setInterval(()=>{},1e3)'", f(memory.bareRssMB), '1×'],
        ],
      ),
      memory.unavailable
        ? `Gateway: not measured (${memory.unavailable}).`
        : `The gateway bot was ready ${f(memory.gatewayReadyMs, 0)} ms after it was spawned (against the local emulator).`,
    );
  }

  parts.push(
    '',
    'Targets',
    table(
      ['', 'target', 'measured'],
      results.targets.map((t) => [t.met === null ? '?' : t.met ? 'met' : 'MISSED', t.target, t.measured]),
      [0, 1, 2],
    ),
    '',
    `Took ${f(results.durationSeconds, 0)} s. JSON summary: bench/results.json`,
  );
  return parts.join('\n');
}
