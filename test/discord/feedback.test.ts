/**
 * The feedback menu on every page of the whole shipped pack, in Discord: claims, responses, the
 * timeline, and /ask, whose pages now list timeline events beside quotes. A choice in the menu is
 * stored against what that page shows: its statements, a timeline event's statements, or the
 * event itself when it cites none.
 */
import {
  type APIInteractionResponseCallbackData,
  type APIMessageComponentInteraction,
  ComponentType,
} from 'discord-api-types/v10';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnswerContext } from '../../src/answers/answer.js';
import { openContext } from '../../src/answers/context.js';
import type { Hit } from '../../src/answers/types.js';
import { answerFeedbackChoice, feedbackMessages } from '../../src/discord/feedback.js';
import type { Recorder } from '../../src/discord/recording.js';
import type { StoreRecord } from '../../src/store/records.js';
import { reportView } from '../../src/store/report-view.js';
import { shippedPack } from '../support/pack.js';
import { describeAsk, everyAsk, type Walked, walk } from '../support/surfaces.js';

let context: AnswerContext;
let walked: Walked[];

beforeAll(async () => {
  const opened = await openContext(shippedPack);
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  context = opened.context;
  // Each event's own words as a question and as a timeline query, so that pages of events alone,
  // events that cite no statement among them, are walked too.
  const events = context.pack.timeline.flatMap((event) => [
    { mode: 'ask', query: event.summary },
    { mode: 'timeline', query: event.summary },
  ]);
  walked = [];
  for (const ask of everyAsk(context, events)) walked.push(await walk(context, ask));
});

/** What feedback on these hits is about, written out here: statements, else the event itself. */
function expectedTargets(hits: readonly Hit[]): string[] {
  const targets = hits.flatMap((hit) =>
    hit.type === 'statement'
      ? [hit.statement.id]
      : hit.event.statements.length > 0
        ? hit.event.statements.map((statement) => statement.id)
        : [`event:${hit.event.id}`],
  );
  return [...new Set(targets)];
}

function menuOf(data: APIInteractionResponseCallbackData): { custom_id: string } | undefined {
  for (const row of data.components ?? []) {
    for (const component of 'components' in row ? row.components : []) {
      if (component.type === ComponentType.StringSelect) return component;
    }
  }
  return undefined;
}

/** A member picks a reason in the menu; returns what was recorded. */
function choose(customId: string, reason: string): StoreRecord[] {
  const records: StoreRecord[] = [];
  const recorder: Recorder = { record: (record) => records.push(record), recordQuestions: true };
  const interaction = {
    id: '600000000000000001',
    application_id: '600000000000000002',
    type: 3,
    guild_id: '600000000000000003',
    channel_id: '600000000000000004',
    member: { user: { id: '600000000000000005' } },
    message: { id: '600000000000000006' },
    data: { custom_id: customId, component_type: ComponentType.StringSelect, values: [reason] },
  } as unknown as APIMessageComponentInteraction;
  const response = answerFeedbackChoice(interaction, context.pack, recorder);
  expect(response).toMatchObject({ data: { content: feedbackMessages.thanks('missing-context') } });
  return records;
}

describe('GIVEN every page of the whole pack in Discord, with events among the /ask results', () => {
  it('THEN each page has the feedback menu, and a choice in it is stored against what the page shows', () => {
    let pages = 0;
    let eventOnly = 0;
    for (const { discord } of walked) {
      // "Nothing found" shows no quote or event to give feedback on.
      for (const page of discord.filter(({ hits }) => hits.length > 0)) {
        const where = `${describeAsk(page.ask)} page ${page.page + 1}`;
        const menu = menuOf(page.shown);
        expect(menu, where).toBeDefined();
        const records = choose(menu?.custom_id ?? '', 'missing-context');
        expect(records, where).toMatchObject([
          { kind: 'feedback', reason: 'missing-context', statementIds: expectedTargets(page.hits) },
        ]);
        pages++;
        if (expectedTargets(page.hits).every((target) => target.startsWith('event:'))) eventOnly++;
      }
    }
    expect(pages).toBeGreaterThan(walked.length);
    // Pages that show only events citing no statement were among them.
    expect(eventOnly).toBeGreaterThan(0);
  });

  it('THEN the report names an event that cites no statement by its summary', () => {
    const event = context.pack.timeline.find((candidate) => candidate.statements.length === 0);
    if (!event) throw new Error('the shipped pack has no event without statements');
    const view = reportView(
      {
        guildId: '1',
        generatedAt: 0,
        questions: [],
        feedback: [{ statementId: `event:${event.id}`, reason: 'out-of-date', count: 1, comments: [] }],
        shown: [],
      },
      context.pack,
    );
    expect(view.feedback).toEqual([
      {
        statement: { id: `event:${event.id}`, title: event.summary },
        reason: 'out-of-date',
        reasonLabel: 'Out of date',
        count: 1,
        comments: [],
      },
    ]);
  });
});
