/**
 * The pack the search page loads in a browser is a JSON snapshot of the checked pack: read
 * back, it must be the same pack to every reader, so the browser answers as the bot does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AnswerContext, answerSearch } from '../../src/answers/answer.js';
import { createContext, openContext } from '../../src/answers/context.js';
import type { SearchMode } from '../../src/answers/types.js';
import { fromSnapshot, type PackSnapshot, toSnapshot } from '../../src/knowledge/snapshot.js';
import type { Pack } from '../../src/knowledge/types.js';
import { repoRoot } from '../support/run.js';

let loaded: AnswerContext;
let restored: AnswerContext;

beforeAll(async () => {
  const opened = await openContext(join(repoRoot, 'knowledge'));
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  loaded = opened.context;
  const json = JSON.stringify(toSnapshot(loaded.pack));
  restored = createContext(fromSnapshot(JSON.parse(json) as PackSnapshot));
});

const ids = (items: readonly { id: string }[]) => items.map((item) => item.id);

function shape(pack: Pack) {
  return {
    meta: pack.meta,
    documents: pack.documents,
    statements: pack.statements.map((statement) => ({
      ...statement,
      source: statement.source.id,
      original: statement.original?.id ?? null,
      ownWords: statement.ownWords?.id ?? null,
      topics: ids(statement.topics),
      respondsTo: ids(statement.respondsTo),
      answeredBy: ids(statement.answeredBy),
    })),
    timeline: pack.timeline.map((event) => ({
      ...event,
      statements: ids(event.statements),
      documents: ids(event.documents),
      disputedBy: ids(event.disputedBy),
      topics: ids(event.topics),
    })),
    topics: pack.topics,
    corrections: pack.corrections,
  };
}

describe('GIVEN the shipped pack written as a snapshot and read back', () => {
  it('THEN every statement, event, document and link between them is the same, in the same order', () => {
    expect(shape(restored.pack)).toEqual(shape(loaded.pack));
    const claim = restored.pack.byId.statements.get('claim-inbox-api');
    expect(claim?.answeredBy.every((other) => other.respondsTo.includes(claim))).toBe(true);
    expect(Object.isFrozen(restored.pack.statements[0])).toBe(true);
  });

  it('THEN every eval question gets the same answer: the same quotes, order, marks and notes', () => {
    const cases = ['questions.json', 'held-out.json'].flatMap(
      (file) =>
        (
          JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', file), 'utf8')) as {
            cases: { mode: SearchMode; q: string }[];
          }
        ).cases,
    );
    expect(cases.length).toBeGreaterThan(100);
    const asked = (context: AnswerContext, mode: SearchMode, query: string) => {
      const answer = answerSearch(context, { mode, query, pageSize: 1000 });
      return answer.kind === 'results'
        ? {
            notes: answer.notes,
            hits: answer.hits.map((hit) =>
              hit.type === 'statement' ? [hit.statement.id, hit.marks] : [hit.event.id, hit.marks],
            ),
          }
        : answer;
    };
    for (const { mode, q } of [...cases, ...cases.map((c) => ({ mode: 'ask' as const, q: c.q }))]) {
      expect(asked(restored, mode, q), `${mode} ${q}`).toEqual(asked(loaded, mode, q));
    }
  });

  it('THEN a snapshot of another format, or naming what it does not hold, is refused with the reason', () => {
    const snapshot = toSnapshot(loaded.pack);
    expect(() => fromSnapshot({ ...snapshot, format: 2 } as unknown as PackSnapshot)).toThrow(
      'pack snapshot: format 2, expected 1',
    );
    const [first, ...rest] = snapshot.statements;
    const dangling = { ...snapshot, statements: [{ ...first, respondsTo: ['nowhere'] }, ...rest] };
    expect(() => fromSnapshot(dangling as PackSnapshot)).toThrow(
      'pack snapshot: names statement "nowhere", which it does not hold',
    );
  });
});
