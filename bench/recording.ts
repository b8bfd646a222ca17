/**
 * The cost of recording per answer: the in-process answer (as in `answer.ts`) with the store on
 * against the store off, taking turns interaction by interaction. With the store on, the router
 * records what a serving process records (questions the pack could not answer or answered
 * weakly, the statements shown) into a real SQLite file through the write queue, and the public
 * cooldown goes through the store. The queue is written between rounds, outside the timing, as
 * a serving process writes it between answers; the CPU that writing takes is measured apart,
 * per answer, and the figures say whether the writer kept up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { commands } from '../commands/index.js';
import type { AnswerContext } from '../src/answers/answer.js';
import { Cooldown, SharedCooldown } from '../src/discord/cooldown.js';
import { parseInteraction } from '../src/discord/interaction.js';
import { type RouterDeps, routeInteraction } from '../src/discord/router.js';
import { StoreService } from '../src/store/queue.js';
import type { BenchQuery } from './engines.js';
import { interactionBodies } from './interactions.js';
import { collectYoung, median, nowNs, type Summary, summarise, us } from './stats.js';

/** Figures for recording. */
export interface RecordingFigures {
  readonly interactions: number;
  /** The answer with the store off, µs. */
  readonly offUs: Summary;
  /** The same answer with the store on, µs. */
  readonly onUs: Summary;
  /** Median on over median off. */
  readonly ratio: number;
  /** CPU the writer spent per answer, writing between rounds (µs): the rest of recording's cost. */
  readonly writerUsPerAnswer: number;
  /** Records written to the SQLite file over the run. */
  readonly written: number;
  /** Records dropped because the queue was full (0 when the writer kept up). */
  readonly dropped: number;
}

const quiet = pino({ level: 'warn' }, { write: () => {} });

function routerFor(context: AnswerContext, store: StoreService | null): RouterDeps {
  return {
    commands,
    answers: () => context,
    factCheckChannels: new Set(),
    cooldown: store ? new SharedCooldown(store, 30) : new Cooldown(30),
    ...(store ? { recorder: { record: (record) => store.record(record), recordQuestions: true } } : {}),
    actions: { canPin: true, pin: () => Promise.reject(new Error('the benchmark does not pin')) },
    log: quiet,
  };
}

async function answer(body: string, deps: RouterDeps): Promise<string> {
  const parsed = parseInteraction(JSON.parse(body));
  if (!parsed.ok) throw new Error(`the benchmark built an interaction the app refuses: ${parsed.reason}`);
  return JSON.stringify(await routeInteraction(parsed.interaction, deps));
}

async function drained(store: StoreService): Promise<void> {
  await store.flush();
  if (store.health().queued > 0 || store.health().state !== 'ok') {
    throw new Error('the benchmark could not write its records');
  }
}

/** Times every eval query's interaction with the store off and on, in turns. */
export async function measureRecording(
  context: AnswerContext,
  queries: readonly BenchQuery[],
  budgetMs: number,
): Promise<RecordingFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'receipts-bench-store-'));
  const store = StoreService.at({ engine: 'sqlite', file: join(dir, 'receipts.sqlite') }, quiet);
  store.start();
  try {
    await drained(store);
    const off = routerFor(context, null);
    const on = routerFor(context, store);
    const bodies = interactionBodies(queries);
    for (const { body } of bodies) {
      if ((await answer(body, off)) !== (await answer(body, on))) {
        throw new Error('the benchmark saw the store change an answer');
      }
    }
    await drained(store);
    const offNs: number[] = [];
    const onNs: number[] = [];
    let spent = 0;
    let writerCpuUs = 0;
    let recordedAnswers = 0;
    for (let round = 0; round < 500 && spent < budgetMs * 1e6; round++) {
      collectYoung();
      for (let i = 0; i < bodies.length; i++) {
        const body = (bodies[i] as { body: string }).body;
        // Alternate which goes first, so neither always meets a warmer cache.
        const order = (round + i) % 2 === 0 ? [off, on] : [on, off];
        for (const deps of order) {
          const started = nowNs();
          await answer(body, deps);
          const took = nowNs() - started;
          spent += took;
          if (round > 0) (deps === on ? onNs : offNs).push(took);
        }
      }
      const cpu = process.cpuUsage();
      await drained(store);
      const used = process.cpuUsage(cpu);
      writerCpuUs += used.user + used.system;
      recordedAnswers += bodies.length;
    }
    const toUs = (samples: number[]): Summary => {
      const s = summarise(samples);
      return {
        n: s.n,
        median: us(s.median),
        p99: us(s.p99),
        mean: us(s.mean),
        min: us(s.min),
        max: us(s.max),
      };
    };
    const { written, dropped } = store.health();
    return {
      interactions: bodies.length,
      offUs: toUs(offNs),
      onUs: toUs(onNs),
      ratio: median(onNs) / median(offNs),
      writerUsPerAnswer: writerCpuUs / recordedAnswers,
      written,
      dropped,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
