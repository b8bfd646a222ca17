/**
 * An answer in process: interaction JSON in, callback body JSON out, through the checks the
 * transports make (`parseInteraction`), the router, the real command modules, search and
 * rendering. The baseline handles the same payloads with JSON alone: parse the interaction,
 * stringify the callback body.
 */
import type { APIInteractionResponse } from 'discord-api-types/v10';
import { pino } from 'pino';
import { commands } from '../commands/index.js';
import type { AnswerContext } from '../src/answers/answer.js';
import { Cooldown } from '../src/discord/cooldown.js';
import { parseInteraction } from '../src/discord/interaction.js';
import { type RouterDeps, routeInteraction } from '../src/discord/router.js';
import type { BenchQuery } from './engines.js';
import { interactionBodies } from './interactions.js';
import { collectYoung, median, nowNs, type Summary, summarise, us } from './stats.js';

/** Figures for answering in process. */
export interface AnswerFigures {
  readonly interactions: number;
  /** Interaction JSON to callback body JSON, µs. */
  readonly answerUs: Summary;
  /** JSON.parse of the interaction and JSON.stringify of the callback body, µs. */
  readonly jsonUs: Summary;
  /** Median answer over median baseline. */
  readonly timesJson: number;
  /** Callback bodies by type: 4 is an answer with a message. */
  readonly responseTypes: Record<string, number>;
  /** Mean size of a callback body, bytes. */
  readonly meanBodyBytes: number;
}

/** The router as the transports set it up, logging nothing below warnings. */
function routerFor(context: AnswerContext): RouterDeps {
  return {
    commands,
    answers: () => context,
    factCheckChannels: new Set(),
    cooldown: new Cooldown(30),
    actions: { canPin: true, pin: () => Promise.reject(new Error('the benchmark does not pin')) },
    log: pino({ level: 'warn' }, { write: () => {} }),
  };
}

async function answer(body: string, deps: RouterDeps): Promise<string> {
  const parsed = parseInteraction(JSON.parse(body));
  if (!parsed.ok) throw new Error(`the benchmark built an interaction the app refuses: ${parsed.reason}`);
  return JSON.stringify(await routeInteraction(parsed.interaction, deps));
}

/** Times answering every eval query's interaction, rounds interleaved with the JSON baseline. */
export async function measureAnswers(
  context: AnswerContext,
  queries: readonly BenchQuery[],
  budgetMs: number,
): Promise<AnswerFigures> {
  const deps = routerFor(context);
  const bodies = interactionBodies(queries);
  const responses: string[] = [];
  for (const { body } of bodies) responses.push(await answer(body, deps));
  const responseObjects = responses.map((text) => JSON.parse(text) as APIInteractionResponse);
  const responseTypes: Record<string, number> = {};
  for (const response of responseObjects)
    responseTypes[response.type] = (responseTypes[response.type] ?? 0) + 1;

  const answers: number[] = [];
  const json: number[] = [];
  let spent = 0;
  for (let round = 0; round < 500 && spent < budgetMs * 1e6; round++) {
    collectYoung();
    for (let i = 0; i < bodies.length; i++) {
      const body = (bodies[i] as { body: string }).body;
      let started = nowNs();
      await answer(body, deps);
      const took = nowNs() - started;
      started = nowNs();
      JSON.parse(body);
      JSON.stringify(responseObjects[i]);
      const baseline = nowNs() - started;
      spent += took + baseline;
      if (round > 0) {
        answers.push(took);
        json.push(baseline);
      }
    }
  }
  const toUs = (samples: number[]): Summary => {
    const s = summarise(samples);
    return { n: s.n, median: us(s.median), p99: us(s.p99), mean: us(s.mean), min: us(s.min), max: us(s.max) };
  };
  return {
    interactions: bodies.length,
    answerUs: toUs(answers),
    jsonUs: toUs(json),
    timesJson: median(answers) / median(json),
    responseTypes,
    meanBodyBytes: responses.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / responses.length,
  };
}
