/**
 * `npm run report`: the moderators' report across every server, as text and as JSON, read from
 * the store the bot is configured with (here a real SQLite file written through the store).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { packIdentity } from '../support/pack.js';
import { cleanEnv, lines, runNode } from '../support/run.js';

let dataDir: string;
const now = Date.now();
const day = 86_400_000;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'receipts-report-'));
  const store = await Store.open({ engine: 'sqlite', file: join(dataDir, 'receipts.sqlite') });
  const question = (
    guildId: string | null,
    query: string,
    ago: number,
    outcome: 'unanswered' | 'weak' = 'unanswered',
  ) =>
    ({
      kind: 'question',
      guildId,
      mode: 'ask',
      query,
      outcome,
      packVersion: '1.0.0',
      at: now - ago * day,
    }) as const;
  await store.write([
    question('1', 'who is titan', 1),
    question('2', 'Who is Titan', 10),
    question(null, 'inbox api price', 2, 'weak'),
    {
      kind: 'feedback',
      guildId: '1',
      channelId: '3',
      messageId: '4',
      userId: '5',
      statementIds: ['claim-inbox-api'],
      reason: 'other',
      comment: 'The date is  wrong.',
      packVersion: '1.0.0',
      at: now,
    },
    { kind: 'shown', guildId: '1', statementIds: ['claim-inbox-api', 'gone-statement'], at: now },
  ]);
  await store.close();
});

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm run report', () => {
  it('GIVEN records from two servers and a DM THEN the text report lists them all, titles from the pack', async () => {
    const ran = await runNode('dist/src/cli/report.js', [], { env: cleanEnv({ DATA_DIR: dataDir }) });
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    const [heading, ...rest] = lines(ran.stdout);
    expect(heading?.slice(0, heading.lastIndexOf(' · '))).toBe(
      `Receipts report, every server · pack meta-netflix-inbox-api ${packIdentity().version}`,
    );
    expect(heading).toMatch(/ · \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(rest).toEqual([
      '',
      'Not answered (last 7 days, last 30 days)',
      '     1     2  Who is Titan  (/ask)',
      '     1     1  inbox api price  (/ask, weak answer)',
      '',
      'Feedback by statement and reason (last 30 days)',
      "     1  Other  claim-inbox-api  Plaintiffs say Facebook's Inbox API gave Netflix programmatic access to users' message inboxes (DMs)",
      '        “The date is wrong.”',
      '',
      'Most shown statements (last 30 days)',
      "     1  claim-inbox-api  Plaintiffs say Facebook's Inbox API gave Netflix programmatic access to users' message inboxes (DMs)",
      '     1  gone-statement  (no longer in the pack)',
    ]);
  });

  it('GIVEN --json THEN the same report as one JSON object', async () => {
    const ran = await runNode('dist/src/cli/report.js', ['--json'], { env: cleanEnv({ DATA_DIR: dataDir }) });
    expect(ran.code).toBe(0);
    const report = JSON.parse(ran.stdout);
    expect(report).toMatchObject({
      guildId: null,
      pack: `meta-netflix-inbox-api ${packIdentity().version}`,
      questions: [
        { query: 'Who is Titan', mode: 'ask', outcome: 'unanswered', last7: 1, last30: 2 },
        { query: 'inbox api price', mode: 'ask', outcome: 'weak', last7: 1, last30: 1 },
      ],
      feedback: [
        {
          statement: { id: 'claim-inbox-api' },
          reason: 'other',
          reasonLabel: 'Other',
          count: 1,
          comments: ['The date is  wrong.'],
        },
      ],
    });
    expect(report.shown).toEqual([
      { statement: { id: 'claim-inbox-api', title: expect.any(String) }, count: 1 },
      { statement: { id: 'gone-statement', title: null }, count: 1 },
    ]);
  });

  it('GIVEN the store turned off or an unknown flag THEN one line says why, and the exit status is not 0', async () => {
    const off = await runNode('dist/src/cli/report.js', [], { env: cleanEnv({ STORE: 'off' }) });
    expect(off.code).toBe(1);
    expect(off.stderr).toBe(
      'Receipts cannot report: the store is off (STORE=off), so nothing was recorded.\n',
    );
    const flag = await runNode('dist/src/cli/report.js', ['--csv'], { env: cleanEnv({ DATA_DIR: dataDir }) });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe('usage: npm run --silent report [-- --json] (unknown: --csv)\n');
  });
});
