/**
 * Which questions are recorded, with the shipped pack's real answers: one nothing answers is
 * unanswered; one answered with the closest the sources come, or directly but with little of it
 * covered, is weakly answered; one answered well, a checked message, or anything with recording
 * off is not.
 */
import type { APIInteraction } from 'discord-api-types/v10';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AnswerContext, answerSearch } from '../../src/answers/answer.js';
import { openContext } from '../../src/answers/context.js';
import type { ResultsAnswer, SearchMode } from '../../src/answers/types.js';
import { type Recorder, recordingDefaults, recordQuestion } from '../../src/discord/recording.js';
import type { StoreRecord } from '../../src/store/records.js';
import { shippedPack } from '../support/pack.js';

let context: AnswerContext;

beforeAll(async () => {
  const opened = await openContext(shippedPack);
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  context = opened.context;
});

const interaction = {
  id: '500000000000000001',
  guild_id: '500000000000000002',
  channel_id: '500000000000000003',
} as unknown as APIInteraction;

/** Records what a member asking `query` in `mode` would leave in the store. */
function recorded(mode: SearchMode, query: string, recordQuestions = true): StoreRecord[] {
  const records: StoreRecord[] = [];
  const recorder: Recorder = { record: (record) => records.push(record), recordQuestions };
  const answer = answerSearch(context, { mode, query, pageSize: 3 });
  recordQuestion(recorder, interaction, answer, context.pack, 1_000);
  return records;
}

function results(mode: SearchMode, query: string): ResultsAnswer {
  const answer = answerSearch(context, { mode, query, pageSize: 3 });
  if (answer.kind !== 'results') throw new Error(`“${query}” found nothing`);
  return answer;
}

describe('GIVEN the shipped pack', () => {
  it('WHEN nothing answers a question THEN it is recorded as unanswered, with the server and pack version', () => {
    expect(recorded('ask', 'what will the weather be in london tomorrow')).toEqual([
      {
        kind: 'question',
        guildId: '500000000000000002',
        mode: 'ask',
        query: 'what will the weather be in london tomorrow',
        outcome: 'unanswered',
        packVersion: context.pack.meta.version,
        at: 1_000,
      },
    ]);
  });

  it('WHEN the sources only come close THEN the question is recorded as weakly answered', () => {
    expect(results('ask', 'who were the lawyers for the letter about netflix').closest).toBe(true);
    expect(recorded('ask', 'who were the lawyers for the letter about netflix')).toMatchObject([
      { outcome: 'weak' },
    ]);
  });

  it('WHEN the closest answer covers most of the question THEN it is still weakly answered', () => {
    const records: StoreRecord[] = [];
    const recorder: Recorder = { record: (record) => records.push(record), recordQuestions: true };
    const found = results('ask', 'inbox api');
    recordQuestion(recorder, interaction, { ...found, closest: true, coverage: 1 }, context.pack);
    expect(records).toMatchObject([{ kind: 'question', outcome: 'weak' }]);
  });

  it('WHEN a question is answered directly and well covered THEN nothing is recorded', () => {
    const found = results('ask', 'inbox api');
    expect(found.closest).toBe(false);
    expect(found.coverage).toBeGreaterThanOrEqual(recordingDefaults.weakCoverage);
    expect(recorded('ask', 'inbox api')).toEqual([]);
  });

  it('WHEN a direct answer covers little of the question THEN it is recorded as weakly answered', () => {
    const found = results('ask', 'did netflix pay for user data');
    expect(found.closest).toBe(false);
    expect(found.coverage).toBeLessThan(recordingDefaults.weakCoverage);
    expect(recorded('ask', 'did netflix pay for user data')).toMatchObject([{ outcome: 'weak' }]);
  });

  it('WHEN a message is checked, or questions are not recorded THEN nothing is', () => {
    expect(recorded('check', 'what will the weather be in london tomorrow')).toEqual([]);
    expect(recorded('ask', 'who were the lawyers for the letter about netflix', false)).toEqual([]);
  });
});
