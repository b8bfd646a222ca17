/**
 * Page composition: the order in which ranked results are shown. Search ranks; these rules
 * decide what leads and what follows it, by the kind of question and the command.
 */
import type { PackDate, Statement, TimelineEvent } from '../knowledge/types.js';
import type { Intent } from '../search/question.js';
import type { EventHit, Hit, QuoteHit } from './types.js';

/** How pages are composed. */
export interface CompositionOptions {
  /** "Is it true": how many responses follow the claim. */
  readonly responses: number;
  /** "Is it true": how many pieces of context on its status follow the responses. */
  readonly context: number;
  /** A check: how many claims lead, and how many answers to them follow. */
  readonly checkClaims: number;
  readonly checkResponses: number;
}

/** Default composition. */
export const defaultComposition = {
  responses: 2,
  context: 1,
  checkClaims: 3,
  checkResponses: 2,
} as const satisfies CompositionOptions;

function statementHit(statement: Statement): QuoteHit {
  return { type: 'statement', statement, marks: [] };
}

/**
 * The best of `candidates` as ranked in `hits` (with its marks); else, when `near` is given, the
 * one said nearest in time to it (the answer given at the time); else the first as the pack
 * lists it.
 */
function bestOf(
  hits: readonly Hit[],
  candidates: readonly Statement[],
  taken: ReadonlySet<Statement>,
  near?: Statement,
): QuoteHit | null {
  const open = candidates.filter((candidate) => !taken.has(candidate));
  const ranked = hits.find(
    (hit): hit is QuoteHit => hit.type === 'statement' && open.includes(hit.statement),
  );
  if (ranked) return ranked;
  if (near) {
    const at = dayOf(near.saidOn);
    const distance = (statement: Statement) => Math.abs(dayOf(statement.saidOn) - at);
    const nearest = [...open].sort((a, b) => distance(a) - distance(b))[0];
    if (nearest) return statementHit(nearest);
  }
  const first = open[0];
  return first ? statementHit(first) : null;
}

function rest(hits: readonly Hit[], first: readonly Hit[]): Hit[] {
  const shown = new Set(first.map((hit) => (hit.type === 'statement' ? hit.statement : hit.event)));
  return [
    ...first,
    ...hits.filter((hit) => !shown.has(hit.type === 'statement' ? hit.statement : hit.event)),
  ];
}

/**
 * The dated event a "when" question is answered by: the best event found, else the event the
 * best quote supports, as the timeline holds it.
 */
function datedLead(hits: readonly Hit[], timeline: readonly TimelineEvent[]): EventHit | null {
  const event = hits.find((hit): hit is EventHit => hit.type === 'event');
  if (event) return event;
  const top = hits[0];
  if (top?.type !== 'statement') return null;
  const held = timeline.find((candidate) => candidate.statements.includes(top.statement));
  return held ? { type: 'event', event: held, marks: [] } : null;
}

/**
 * A free question: the best result first and the rest as ranked, except that a "when" question
 * leads with its dated event, and an "is it true" question that leads with a claim shows the
 * responses to it and the context on it next.
 */
export function composeQuestion(
  hits: readonly Hit[],
  intents: ReadonlySet<Intent>,
  timeline: readonly TimelineEvent[],
  options: CompositionOptions = defaultComposition,
): Hit[] {
  if (intents.has('when')) {
    const event = datedLead(hits, timeline);
    if (event) return rest(hits, [event]);
  }
  const lead = hits[0];
  if (!intents.has('status') || lead?.type !== 'statement' || lead.statement.stance !== 'claim') {
    return [...hits];
  }
  const claim = lead.statement;
  const first: QuoteHit[] = [lead];
  const taken = new Set<Statement>([claim]);
  for (let k = 0; k < options.responses; k++) {
    const response = bestOf(hits, claim.answeredBy, taken, claim);
    if (!response) break;
    first.push(response);
    taken.add(response.statement);
  }
  // Context on the claim's status: what answers the claim or its responses, or what they answer.
  const near = [...taken].flatMap((statement) => [...statement.answeredBy, ...statement.respondsTo]);
  const context = near.filter((statement) => statement.stance === 'context');
  for (let k = 0; k < options.context; k++) {
    const piece = bestOf(hits, context, taken);
    if (!piece) break;
    first.push(piece);
    taken.add(piece.statement);
  }
  return rest(hits, first);
}

/** In a check, the claims a message echoes come first, then what answers them, then the rest. */
export function composeCheck(
  hits: readonly QuoteHit[],
  options: CompositionOptions = defaultComposition,
): QuoteHit[] {
  const claims = hits.filter((hit) => hit.statement.stance === 'claim').slice(0, options.checkClaims);
  const lead = claims.length > 0 ? claims : hits.slice(0, 1);
  // Each leading claim brings its best answer (as the search ranked it, else as the pack links
  // it), in turn, so the page shows both sides of more than one claim.
  const responses: QuoteHit[] = [];
  const taken = new Set(lead.map((hit) => hit.statement));
  for (let round = 0; responses.length < options.checkResponses && round < options.checkResponses; round++) {
    for (const { statement } of lead) {
      if (responses.length >= options.checkResponses) break;
      const best = bestOf(hits, [...statement.answeredBy, ...statement.respondsTo], taken);
      if (!best) continue;
      taken.add(best.statement);
      responses.push(best);
    }
  }
  const first = [...lead, ...responses];
  return [...first, ...hits.filter((hit) => !taken.has(hit.statement))];
}

/** A date as a day count, for how far apart two dates are; a year or month is read as its middle. */
function dayOf(date: PackDate): number {
  let count = dayCounts.get(date);
  if (count === undefined) {
    const [year = 0, month, day] = date.iso.split('-').map(Number);
    count = year * 372 + ((month ?? 6.5) - 1) * 31 + (day ?? 15.5);
    dayCounts.set(date, count);
  }
  return count;
}

/** Each date's day count, worked out once (a pack's dates are frozen). */
const dayCounts = new WeakMap<PackDate, number>();

/**
 * The timeline asked with words: the event asked about first, then the other matches from the
 * nearest in time to the farthest (the earlier first when two are as near).
 */
export function composeTimeline(hits: readonly EventHit[]): EventHit[] {
  const [lead, ...others] = hits;
  if (!lead) return [];
  const at = dayOf(lead.event.date);
  // Each distance worked out once, not at every comparison of the sort (which is stable).
  const byDistance = others.map((hit) => ({ hit, distance: Math.abs(dayOf(hit.event.date) - at) }));
  byDistance.sort(
    (a, b) =>
      a.distance - b.distance ||
      (a.hit.event.date.iso < b.hit.event.date.iso
        ? -1
        : a.hit.event.date.iso > b.hit.event.date.iso
          ? 1
          : 0),
  );
  return [lead, ...byDistance.map(({ hit }) => hit)];
}
