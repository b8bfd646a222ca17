/**
 * The store, the same suite against every engine: a real SQLite file, a real PostgreSQL engine
 * (PGlite over the wire protocol), and the server named by TEST_DATABASE_URL when given.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { StoreLocation } from '../../src/store/database.js';
import type { FeedbackRecord, PostRecord, QuestionRecord } from '../../src/store/records.js';
import { Store } from '../../src/store/store.js';
import { externalEngine, pgliteEngine, sqliteEngine, type TestEngine } from '../support/store.js';

const external = await externalEngine();
const engines: TestEngine[] = [sqliteEngine(), await pgliteEngine(), ...(external ? [external] : [])];
afterAll(async () => {
  for (const engine of engines) await engine.close();
});

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 30, 12);
const GUILD = '1400000000000000001';
const OTHER_GUILD = '1400000000000000002';
const CHANNEL = '1400000000000000011';

const question = (query: string, at: number, overrides: Partial<QuestionRecord> = {}): QuestionRecord => ({
  kind: 'question',
  guildId: GUILD,
  mode: 'ask',
  query,
  outcome: 'unanswered',
  packVersion: '1.0.0',
  at,
  ...overrides,
});

const feedback = (
  userId: string,
  messageId: string,
  overrides: Partial<FeedbackRecord> = {},
): FeedbackRecord => ({
  kind: 'feedback',
  guildId: GUILD,
  channelId: CHANNEL,
  messageId,
  userId,
  statementIds: ['claim-inbox-api', 'stone-disputed-access-tc'],
  reason: 'wrong-attribution',
  comment: null,
  packVersion: '1.0.0',
  at: NOW,
  ...overrides,
});

const post = (postId: string, overrides: Partial<PostRecord> = {}): PostRecord => ({
  kind: 'post',
  postId,
  guildId: GUILD,
  channelId: CHANNEL,
  messageId: null,
  applicationId: '1300000000000000001',
  token: 'interaction-token',
  tokenExpiresAt: NOW + 15 * 60_000,
  mode: 'claim',
  items: ['claim-inbox-api'],
  statementIds: ['claim-inbox-api'],
  applied: [],
  packVersion: '1.0.0',
  pinned: false,
  at: NOW,
  ...overrides,
});

describe.each(engines.map((engine) => [engine.name, engine] as const))('the store on %s', (_name, engine) => {
  const opened: Store[] = [];
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });
  const open = async (location?: StoreLocation) => {
    const store = await Store.open(location ?? (await engine.fresh()));
    opened.push(store);
    return store;
  };

  it('GIVEN two processes opening one new store at once THEN the migrations apply once and both work', async () => {
    const location = await engine.fresh();
    const [a, b] = await Promise.all([open(location), open(location)]);
    await a.write([question('first', NOW)]);
    await b.write([question('second', NOW)]);
    const applied = await a.db
      .selectFrom('receipts_migrations' as never)
      .selectAll()
      .execute();
    expect(applied).toHaveLength(1);
    expect((await b.report(GUILD, NOW)).questions.map((row) => row.query).sort()).toEqual([
      'first',
      'second',
    ]);
  });

  it('GIVEN questions over 30 days THEN the report counts each, folded, in the last 7 and 30 days, most asked first', async () => {
    const store = await open();
    await store.write([
      question('Who is Titan?', NOW - 1 * DAY),
      question('who  is titan?', NOW - 2 * DAY),
      question('WHO IS TITAN?', NOW - 10 * DAY),
      question('netflix stock price', NOW - 3 * DAY, { outcome: 'weak', mode: 'claim' }),
      question('too old', NOW - 31 * DAY),
      question('another server', NOW - DAY, { guildId: OTHER_GUILD }),
      question('a dm', NOW - DAY, { guildId: null }),
    ]);
    const report = await store.report(GUILD, NOW);
    expect(report.questions).toEqual([
      { query: 'WHO IS TITAN?', mode: 'ask', outcome: 'unanswered', last7: 2, last30: 3 },
      { query: 'netflix stock price', mode: 'claim', outcome: 'weak', last7: 1, last30: 1 },
    ]);
    const everywhere = await store.report(null, NOW);
    expect(everywhere.questions.map((row) => row.query)).toEqual([
      'WHO IS TITAN?',
      'a dm',
      'another server',
      'netflix stock price',
    ]);
  });

  it('GIVEN one member giving feedback twice on one answer THEN it counts once, and no member id is stored', async () => {
    const store = await open();
    const member = '1500000000000000077';
    await store.write([
      feedback(member, '1600000000000000001'),
      feedback(member, '1600000000000000001', { reason: 'missing-context' }),
      feedback('1500000000000000078', '1600000000000000001'),
      feedback(member, '1600000000000000002', { reason: 'other', comment: 'The speaker is wrong.' }),
    ]);
    const report = await store.report(GUILD, NOW);
    expect(report.feedback).toEqual([
      { statementId: 'claim-inbox-api', reason: 'wrong-attribution', count: 2, comments: [] },
      { statementId: 'stone-disputed-access-tc', reason: 'wrong-attribution', count: 2, comments: [] },
      { statementId: 'claim-inbox-api', reason: 'other', count: 1, comments: ['The speaker is wrong.'] },
      {
        statementId: 'stone-disputed-access-tc',
        reason: 'other',
        count: 1,
        comments: ['The speaker is wrong.'],
      },
    ]);
    const rows = await store.db.selectFrom('feedback').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(member);
    expect(new Set(rows.map((row) => row.member_key)).size).toBe(2);
  });

  it('GIVEN statements shown in answers THEN the report lists the most shown, per server', async () => {
    const store = await open();
    await store.write([
      { kind: 'shown', guildId: GUILD, statementIds: ['a', 'b'], at: NOW },
      { kind: 'shown', guildId: GUILD, statementIds: ['b'], at: NOW - DAY },
      { kind: 'shown', guildId: GUILD, statementIds: ['b', 'c'], at: NOW - 40 * DAY },
      { kind: 'shown', guildId: OTHER_GUILD, statementIds: ['c', 'c'], at: NOW },
    ]);
    expect((await store.report(GUILD, NOW)).shown).toEqual([
      { statementId: 'b', count: 2 },
      { statementId: 'a', count: 1 },
    ]);
    expect((await store.report(null, NOW)).shown).toEqual([
      { statementId: 'b', count: 2 },
      { statementId: 'a', count: 1 },
      { statementId: 'c', count: 1 },
    ]);
  });

  it('GIVEN batches of many sizes THEN every row is written with its own values, the same texts written again', async () => {
    const store = await open();
    const sizes = [1, 3, 700, 5, 300, 37, 700];
    let n = 0;
    const shown = new Map<string, number>();
    for (const size of sizes) {
      const batch = Array.from({ length: size }, (_, i) => {
        const id = `statement-${(n + i) % 97}`;
        shown.set(id, (shown.get(id) ?? 0) + 1);
        return [
          question(`Question  ${n + i}`, NOW - (n + i)),
          { kind: 'shown', guildId: GUILD, statementIds: [id], at: NOW } as const,
        ];
      }).flat();
      n += size;
      await store.write(batch);
    }
    const questions = await store.db
      .selectFrom('questions')
      .select(['query', 'query_key', 'asked_at', 'guild_id'])
      .execute();
    expect(questions).toHaveLength(n);
    const byQuery = new Map(questions.map((row) => [row.query, row]));
    for (let i = 0; i < n; i++) {
      expect(byQuery.get(`Question  ${i}`), `question ${i}`).toMatchObject({
        query_key: `question ${i}`,
        asked_at: NOW - i,
        guild_id: GUILD,
      });
    }
    const views = await store.db.selectFrom('statement_views').select(['statement_id', 'shown']).execute();
    expect(new Map(views.map((row) => [row.statement_id, Number(row.shown)]))).toEqual(shown);
  });

  it('GIVEN a cooldown THEN a second take waits out the window, and two stores racing grant it once', async () => {
    const location = await engine.fresh();
    const [a, b] = await Promise.all([open(location), open(location)]);
    expect(await a.takeCooldown(CHANNEL, 'member', 30_000, NOW)).toBe(0);
    expect(await b.takeCooldown(CHANNEL, 'member', 30_000, NOW + 10_000)).toBe(20_000);
    expect(await b.takeCooldown('1400000000000000012', 'member', 30_000, NOW + 10_000)).toBe(0);
    expect(await a.takeCooldown(CHANNEL, 'member', 30_000, NOW + 30_000)).toBe(0);
    const race = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).takeCooldown(CHANNEL, 'racer', 30_000, NOW)),
    );
    expect(race.filter((wait) => wait === 0)).toHaveLength(1);
    const rows = await a.db.selectFrom('cooldowns').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain('racer');
  });

  it('GIVEN a server forgotten THEN its questions, feedback, counts and posts are gone, and no other server’s', async () => {
    const store = await open();
    await store.write([
      question('q', NOW),
      question('q', NOW, { guildId: OTHER_GUILD }),
      feedback('1', 'm1'),
      { kind: 'shown', guildId: GUILD, statementIds: ['a'], at: NOW },
      post('p1'),
      post('p2', { guildId: OTHER_GUILD }),
      { kind: 'forget', guildId: GUILD, at: NOW },
    ]);
    const mine = await store.report(GUILD, NOW);
    expect([mine.questions, mine.feedback, mine.shown]).toEqual([[], [], []]);
    expect((await store.report(OTHER_GUILD, NOW)).questions).toHaveLength(1);
    expect((await store.postsShowing(['claim-inbox-api'])).map((row) => row.postId)).toEqual(['p2']);
    expect(await store.db.selectFrom('post_statements').select('post_id').execute()).toEqual([
      { post_id: 'p2' },
    ]);
  });

  it('GIVEN records past the retention THEN a sweep deletes them, keeps pinned posts, and forgets expired tokens', async () => {
    const store = await open();
    await store.write([
      question('old', NOW - 31 * DAY),
      question('new', NOW - DAY),
      feedback('1', 'm-old', { at: NOW - 31 * DAY }),
      { kind: 'shown', guildId: GUILD, statementIds: ['a'], at: NOW - 31 * DAY },
      post('old-unpinned', { at: NOW - 31 * DAY, tokenExpiresAt: NOW - 31 * DAY }),
      post('old-pinned', { at: NOW - 31 * DAY, pinned: true, tokenExpiresAt: NOW - 31 * DAY }),
      post('fresh', { at: NOW - 60_000 }),
    ]);
    const swept = await store.sweep(NOW, 30);
    expect(swept).toEqual({ questions: 1, feedback: 2, views: 1, posts: 1 });
    const posts = await store.db
      .selectFrom('posts')
      .select(['post_id', 'interaction_token'])
      .orderBy('post_id')
      .execute();
    expect(posts).toEqual([
      { post_id: 'fresh', interaction_token: 'interaction-token' },
      { post_id: 'old-pinned', interaction_token: null },
    ]);
  });

  it('GIVEN posts THEN they are found by statement, pinned by message, claimed by one process, and marked corrected', async () => {
    const location = await engine.fresh();
    const [a, b] = await Promise.all([open(location), open(location)]);
    await a.write([
      post('p1', { applied: ['claim-inbox-api@2024-01-01'], at: NOW - 1000 }),
      { kind: 'message-id', postId: 'p1', messageId: '1700000000000000001' },
      { kind: 'pin', postId: 'p1', messageId: '1700000000000000001', post: null },
      {
        kind: 'pin',
        postId: 'm:1700000000000000002',
        messageId: '1700000000000000002',
        post: post('m:1700000000000000002', { messageId: '1700000000000000002', token: null }),
      },
    ]);
    const found = await b.postsShowing(['claim-inbox-api']);
    expect(
      found.map(({ postId, messageId, pinned, applied }) => ({
        postId,
        messageId,
        pinned,
        applied: [...applied],
      })),
    ).toEqual([
      {
        postId: 'p1',
        messageId: '1700000000000000001',
        pinned: true,
        applied: ['claim-inbox-api@2024-01-01'],
      },
      { postId: 'm:1700000000000000002', messageId: '1700000000000000002', pinned: true, applied: [] },
    ]);
    const claims = await Promise.all([a.claimPost('p1', NOW, 60_000), b.claimPost('p1', NOW, 60_000)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    await a.finishPost('p1', ['claim-inbox-api@2024-05-02'], 'edited', NOW);
    const [after] = await b.postsShowing(['claim-inbox-api']);
    expect([...(after?.applied ?? [])].sort()).toEqual([
      'claim-inbox-api@2024-01-01',
      'claim-inbox-api@2024-05-02',
    ]);
    expect(await b.claimPost('p1', NOW, 60_000)).toBe(true);
  });
});
