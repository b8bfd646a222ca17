/**
 * The store: every read and write the app makes, written once with Kysely for SQLite and
 * PostgreSQL alike. Writes from answering arrive in batches from the write queue; reads serve
 * the moderators' report, the cooldown and the corrections of posted answers.
 */
import type { Compilable, CompiledQuery, Insertable, Kysely, Transaction } from 'kysely';
import type { Logger } from '../log.js';
import { openDatabase, type StoreLocation } from './database.js';
import { loadMemberSecret, type MemberKeyer, memberKeyer } from './member-key.js';
import { dayOf, type PostRecord, questionKey, type StoreRecord } from './records.js';
import type { Database, FeedbackTable, QuestionsTable, StatementViewsTable } from './schema.js';

const DAY_MS = 86_400_000;

/** The columns of each multi-row write, in the order its rows are built in (see `writeRun`). */
const QUESTION_COLUMNS = [
  'guild_id',
  'mode',
  'query',
  'query_key',
  'outcome',
  'pack_version',
  'asked_at',
] as const satisfies readonly (keyof QuestionsTable)[];
const VIEW_COLUMNS = [
  'guild_id',
  'day',
  'statement_id',
  'shown',
] as const satisfies readonly (keyof StatementViewsTable)[];
const FEEDBACK_COLUMNS = [
  'guild_id',
  'channel_id',
  'message_id',
  'member_key',
  'statement_id',
  'reason',
  'comment',
  'pack_version',
  'given_at',
] as const satisfies readonly (keyof FeedbackTable)[];

/** Most rows in one statement (a power of two): far below SQLite's and PostgreSQL's limits on parameters. */
const MOST_ROWS_PER_STATEMENT = 512;

/** Kysely's raw compiled query, taken from the package when a store opens (as Kysely is). */
type RawQuery = (sql: string, parameters: unknown[]) => CompiledQuery;

/** The values of `rows`, row by row, each in the order of `columns`. */
function valuesOf<R>(rows: readonly R[], columns: readonly (keyof R)[]): unknown[] {
  const values: unknown[] = [];
  for (const row of rows) for (const column of columns) values.push(row[column]);
  return values;
}

function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** One line of the report's questions: a question as typed, how often, and how it fared. */
export interface QuestionRow {
  readonly query: string;
  readonly mode: string;
  readonly outcome: 'unanswered' | 'weak';
  readonly last7: number;
  readonly last30: number;
}

/** Feedback on one statement for one reason. */
export interface FeedbackRow {
  readonly statementId: string;
  readonly reason: string;
  /** Members who gave it (each counted once per answer). */
  readonly count: number;
  /** The latest comments given with "other", newest first. */
  readonly comments: readonly string[];
}

/** How often a statement was shown. */
export interface ShownRow {
  readonly statementId: string;
  readonly count: number;
}

/** What the store knows for the report, for one server or all of them. */
export interface ReportData {
  /** The server reported on, or null for every server (and DMs). */
  readonly guildId: string | null;
  readonly generatedAt: number;
  /** Questions the pack could not answer or answered weakly in the last 30 days, most asked first. */
  readonly questions: readonly QuestionRow[];
  /** Feedback of the last 30 days, by statement and reason, most given first. */
  readonly feedback: readonly FeedbackRow[];
  /** Statements shown most in the last 30 days. */
  readonly shown: readonly ShownRow[];
}

/** How many rows of each list a report holds. */
export const reportDefaults = { questions: 10, feedback: 10, shown: 10, comments: 3 } as const;

/** A posted answer as the corrections need it: the post as recorded, in a guild, with its progress. */
export interface PostRow extends Omit<PostRecord, 'kind' | 'guildId' | 'applied' | 'packVersion' | 'at'> {
  readonly guildId: string;
  readonly postedAt: number;
  readonly attempts: number;
  /** Correction keys it already reflects. */
  readonly applied: ReadonlySet<string>;
}

/** What a sweep deleted. */
export interface SweepCounts {
  readonly questions: number;
  readonly feedback: number;
  readonly views: number;
  readonly posts: number;
}

function count(result: { numDeletedRows?: bigint; numUpdatedRows?: bigint } | undefined): number {
  return Number(result?.numDeletedRows ?? result?.numUpdatedRows ?? 0n);
}

/** The store over an open database. */
export class Store {
  /**
   * Multi-row statements already compiled, by what they write and how many rows. A batch's rows
   * are written in statements of a power of two rows each (the binary digits of its size), so
   * each kind of write has ten texts at most: Kysely builds and compiles each once (building a
   * statement of hundreds of rows took longer than running it), and SQLite prepares each once
   * (see `database.ts`). Later batches pass their rows' values to the compiled text.
   */
  private readonly compiledRows = new Map<string, string>();

  private constructor(
    readonly db: Kysely<Database>,
    readonly engine: 'sqlite' | 'postgres',
    private readonly key: MemberKeyer,
    private readonly rawQuery: RawQuery,
  ) {}

  /** Opens (and migrates) the store; `secret` is STORE_SECRET when configured. */
  static async open(
    location: StoreLocation,
    options: { secret?: string | null; log?: Logger | null } = {},
  ): Promise<Store> {
    const opened = await openDatabase(location, options.log ?? null);
    try {
      const secret = await loadMemberSecret(opened.db, options.secret ?? null);
      const { CompiledQuery } = await import('kysely');
      return new Store(opened.db, opened.engine, memberKeyer(secret), CompiledQuery.raw);
    } catch (error) {
      await opened.close().catch(() => {});
      throw error;
    }
  }

  /** Checks the store answers. */
  async ping(): Promise<void> {
    await this.db.selectFrom('meta').select('key').limit(1).execute();
  }

  /**
   * Writes a batch of records in one transaction. Runs of questions, shown statements and
   * feedback become one statement each (shown statements counted up first), so a batch costs a
   * few statements, not one per record; the rarer records (posts, pins, forgetting a server)
   * are applied in their place in the order, so a server forgotten loses what came before.
   */
  async write(records: readonly StoreRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.db.transaction().execute(async (tx) => {
      let run: StoreRecord[] = [];
      for (const record of records) {
        if (
          record.kind === 'question' ||
          record.kind === 'shown' ||
          record.kind === 'views' ||
          record.kind === 'feedback'
        ) {
          run.push(record);
          continue;
        }
        await this.writeRun(tx, run);
        run = [];
        await this.apply(tx, record);
      }
      await this.writeRun(tx, run);
    });
  }

  private async writeRun(tx: Transaction<Database>, run: readonly StoreRecord[]): Promise<void> {
    const questions: Insertable<QuestionsTable>[] = [];
    const views = new Map<string, Insertable<StatementViewsTable>>();
    const feedback: Insertable<FeedbackTable>[] = [];
    for (const record of run) {
      if (record.kind === 'question') {
        questions.push({
          guild_id: record.guildId ?? '',
          mode: record.mode,
          query: record.query,
          query_key: questionKey(record.query),
          outcome: record.outcome,
          pack_version: record.packVersion,
          asked_at: record.at,
        });
      } else if (record.kind === 'shown' || record.kind === 'views') {
        const guild = record.guildId ?? '';
        const day = record.kind === 'views' ? record.day : dayOf(record.at);
        const counts =
          record.kind === 'views'
            ? record.counts
            : new Map([...new Set(record.statementIds)].map((id) => [id, 1]));
        for (const [id, times] of counts) {
          const key = `${guild}\n${day}\n${id}`;
          const row = views.get(key);
          if (row) row.shown = Number(row.shown) + times;
          else views.set(key, { guild_id: guild, day, statement_id: id, shown: times });
        }
      } else if (record.kind === 'feedback') {
        const memberKey = this.key(record.userId);
        for (const id of new Set(record.statementIds)) {
          feedback.push({
            guild_id: record.guildId ?? '',
            channel_id: record.channelId,
            message_id: record.messageId,
            member_key: memberKey,
            statement_id: id,
            reason: record.reason,
            comment: record.comment,
            pack_version: record.packVersion,
            given_at: record.at,
          });
        }
      }
    }
    await this.writeRows(tx, 'questions', questions, QUESTION_COLUMNS, (rows) =>
      tx.insertInto('questions').values(rows),
    );
    await this.writeRows(tx, 'views', [...views.values()], VIEW_COLUMNS, (rows) =>
      tx
        .insertInto('statement_views')
        .values(rows)
        .onConflict((oc) =>
          oc
            .columns(['guild_id', 'day', 'statement_id'])
            .doUpdateSet((eb) => ({ shown: eb('statement_views.shown', '+', eb.ref('excluded.shown')) })),
        ),
    );
    await this.writeRows(tx, 'feedback', feedback, FEEDBACK_COLUMNS, (rows) =>
      tx
        .insertInto('feedback')
        .values(rows)
        .onConflict((oc) => oc.columns(['message_id', 'member_key', 'statement_id']).doNothing()),
    );
  }

  /**
   * Writes `rows` with the statement `build` makes for them, in statements of a power of two
   * rows (see {@link compiledRows}). A text is kept only when its parameters are the rows'
   * values in the order of `columns`, as they are then passed again; otherwise (a statement
   * that takes other parameters) it is run as built, every time.
   */
  private async writeRows<R>(
    tx: Transaction<Database>,
    kind: string,
    rows: readonly R[],
    columns: readonly (keyof R)[],
    build: (rows: R[]) => Compilable,
  ): Promise<void> {
    let at = 0;
    for (let size = MOST_ROWS_PER_STATEMENT; size >= 1 && at < rows.length; size /= 2) {
      while (rows.length - at >= size) {
        const part = rows.slice(at, at + size);
        at += size;
        const values = valuesOf(part, columns);
        const key = `${kind}\0${size}`;
        const kept = this.compiledRows.get(key);
        // Kysely writes DEFAULT, not a parameter, for a value left undefined.
        if (kept && !values.includes(undefined)) {
          await tx.executeQuery(this.rawQuery(kept, values));
          continue;
        }
        const compiled = build(part).compile();
        if (sameValues(compiled.parameters, values)) this.compiledRows.set(key, compiled.sql);
        await tx.executeQuery(compiled);
      }
    }
  }

  private async apply(tx: Transaction<Database>, record: StoreRecord): Promise<void> {
    switch (record.kind) {
      case 'question':
      case 'shown':
      case 'views':
      case 'feedback':
        await this.writeRun(tx, [record]);
        return;
      case 'post':
        await this.insertPost(tx, record);
        return;
      case 'message-id':
        await tx
          .updateTable('posts')
          .set({ message_id: record.messageId })
          .where('post_id', '=', record.postId)
          .execute();
        return;
      case 'pin': {
        const updated = await tx
          .updateTable('posts')
          .set({ pinned: 1, message_id: record.messageId })
          .where('post_id', '=', record.postId)
          .executeTakeFirst();
        if (count(updated) === 0 && record.post) await this.insertPost(tx, { ...record.post, pinned: true });
        return;
      }
      case 'forget':
        await this.forgetIn(tx, record.guildId);
        return;
    }
  }

  private async insertPost(tx: Transaction<Database>, post: PostRecord): Promise<void> {
    const inserted = await tx
      .insertInto('posts')
      .values({
        post_id: post.postId,
        guild_id: post.guildId ?? '',
        channel_id: post.channelId,
        message_id: post.messageId,
        application_id: post.applicationId,
        interaction_token: post.token,
        token_expires_at: post.tokenExpiresAt,
        mode: post.mode,
        items: JSON.stringify(post.items),
        pack_version: post.packVersion,
        pinned: post.pinned ? 1 : 0,
        posted_at: post.at,
      })
      .onConflict((oc) => oc.column('post_id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return;
    const statements = [...new Set(post.statementIds)];
    if (statements.length > 0) {
      await tx
        .insertInto('post_statements')
        .values(statements.map((id) => ({ post_id: post.postId, statement_id: id })))
        .onConflict((oc) => oc.columns(['post_id', 'statement_id']).doNothing())
        .execute();
    }
    if (post.applied.length > 0) {
      await tx
        .insertInto('post_corrections')
        .values(
          post.applied.map((key) => ({
            post_id: post.postId,
            correction_key: key,
            how: 'posted',
            at: post.at,
          })),
        )
        .onConflict((oc) => oc.columns(['post_id', 'correction_key']).doNothing())
        .execute();
    }
  }

  private async forgetIn(tx: Kysely<Database>, guildId: string): Promise<void> {
    await tx.deleteFrom('questions').where('guild_id', '=', guildId).execute();
    await tx.deleteFrom('statement_views').where('guild_id', '=', guildId).execute();
    await tx.deleteFrom('feedback').where('guild_id', '=', guildId).execute();
    const posts = tx.selectFrom('posts').select('post_id').where('guild_id', '=', guildId);
    await tx.deleteFrom('post_statements').where('post_id', 'in', posts).execute();
    await tx.deleteFrom('post_corrections').where('post_id', 'in', posts).execute();
    await tx.deleteFrom('posts').where('guild_id', '=', guildId).execute();
  }

  /**
   * Starts a member's public-answer window in a channel, or says how long the open one has
   * left: 0 when the answer may go out, else the milliseconds remaining. One statement decides,
   * so processes sharing the store cannot both start a window.
   */
  async takeCooldown(channelId: string, userId: string, windowMs: number, now: number): Promise<number> {
    const memberKey = this.key(userId);
    const started = await this.db
      .insertInto('cooldowns')
      .values({ channel_id: channelId, member_key: memberKey, until_at: now + windowMs })
      .onConflict((oc) =>
        oc
          .columns(['channel_id', 'member_key'])
          .doUpdateSet((eb) => ({ until_at: eb.ref('excluded.until_at') }))
          .where('cooldowns.until_at', '<=', now),
      )
      .returning('until_at')
      .executeTakeFirst();
    if (started) return 0;
    const open = await this.db
      .selectFrom('cooldowns')
      .select('until_at')
      .where('channel_id', '=', channelId)
      .where('member_key', '=', memberKey)
      .executeTakeFirst();
    return Math.max(1, Number(open?.until_at ?? now) - now);
  }

  /** The report for one server (or every server, with null), as of `now`. */
  async report(guildId: string | null, now: number, limits = reportDefaults): Promise<ReportData> {
    const since30 = now - 30 * DAY_MS;
    const since7 = now - 7 * DAY_MS;
    let questions = this.db
      .selectFrom('questions')
      .select((eb) => [
        eb.fn.min('query').as('query'),
        eb.fn.min('mode').as('mode'),
        'outcome',
        eb.fn.countAll<number>().as('last30'),
        eb.fn.sum<number>(eb.case().when('asked_at', '>=', since7).then(1).else(0).end()).as('last7'),
      ])
      .where('asked_at', '>=', since30)
      .groupBy(['query_key', 'outcome'])
      .orderBy('last30', 'desc')
      .orderBy('last7', 'desc')
      .orderBy('query_key')
      .limit(limits.questions);
    if (guildId !== null) questions = questions.where('guild_id', '=', guildId);

    let feedback = this.db
      .selectFrom('feedback')
      .select((eb) => ['statement_id', 'reason', eb.fn.countAll<number>().as('count')])
      .where('given_at', '>=', since30)
      .groupBy(['statement_id', 'reason'])
      .orderBy('count', 'desc')
      .orderBy('statement_id')
      .orderBy('reason')
      .limit(limits.feedback);
    if (guildId !== null) feedback = feedback.where('guild_id', '=', guildId);

    let comments = this.db
      .selectFrom('feedback')
      .select(['statement_id', 'comment'])
      .where('given_at', '>=', since30)
      .where('comment', 'is not', null)
      .orderBy('given_at', 'desc')
      .limit(200);
    if (guildId !== null) comments = comments.where('guild_id', '=', guildId);

    let shown = this.db
      .selectFrom('statement_views')
      .select((eb) => ['statement_id', eb.fn.sum<number>('shown').as('count')])
      .where('day', '>=', dayOf(since30))
      .groupBy('statement_id')
      .orderBy('count', 'desc')
      .orderBy('statement_id')
      .limit(limits.shown);
    if (guildId !== null) shown = shown.where('guild_id', '=', guildId);

    const [questionRows, feedbackRows, commentRows, shownRows] = await Promise.all([
      questions.execute(),
      feedback.execute(),
      comments.execute(),
      shown.execute(),
    ]);
    const commentsOf = (statementId: string) =>
      commentRows
        .filter((row) => row.statement_id === statementId && row.comment)
        .map((row) => row.comment as string)
        .filter((comment, index, all) => all.indexOf(comment) === index)
        .slice(0, limits.comments);
    return {
      guildId,
      generatedAt: now,
      questions: questionRows.map((row) => ({
        query: String(row.query),
        mode: String(row.mode),
        outcome: row.outcome === 'weak' ? 'weak' : 'unanswered',
        last7: Number(row.last7 ?? 0),
        last30: Number(row.last30),
      })),
      feedback: feedbackRows.map((row) => ({
        statementId: row.statement_id,
        reason: row.reason,
        count: Number(row.count),
        comments: row.reason === 'other' ? commentsOf(row.statement_id) : [],
      })),
      shown: shownRows.map((row) => ({ statementId: row.statement_id, count: Number(row.count) })),
    };
  }

  /** Deletes a server's records at once (outside the write queue; for tools and tests). */
  async forget(guildId: string): Promise<void> {
    await this.db.transaction().execute((tx) => this.forgetIn(tx, guildId));
  }

  /**
   * Deletes what is older than the retention period: questions, feedback, view counts and
   * posts that are not pinned (a pinned answer is kept, so a correction can still reach it);
   * forgets interaction tokens once they have expired, and cooldowns once over.
   */
  async sweep(now: number, retentionDays: number): Promise<SweepCounts> {
    const cutoff = now - retentionDays * DAY_MS;
    return this.db.transaction().execute(async (tx) => {
      const questions = await tx.deleteFrom('questions').where('asked_at', '<', cutoff).executeTakeFirst();
      const feedback = await tx.deleteFrom('feedback').where('given_at', '<', cutoff).executeTakeFirst();
      const views = await tx
        .deleteFrom('statement_views')
        .where('day', '<', dayOf(cutoff))
        .executeTakeFirst();
      const old = tx
        .selectFrom('posts')
        .select('post_id')
        .where((eb) => eb.or([eb('posted_at', '<', cutoff).and('pinned', '=', 0), eb('state', '=', 'gone')]));
      await tx.deleteFrom('post_statements').where('post_id', 'in', old).execute();
      await tx.deleteFrom('post_corrections').where('post_id', 'in', old).execute();
      const posts = await tx
        .deleteFrom('posts')
        .where((eb) => eb.or([eb('posted_at', '<', cutoff).and('pinned', '=', 0), eb('state', '=', 'gone')]))
        .executeTakeFirst();
      await tx
        .updateTable('posts')
        .set({ interaction_token: null })
        .where('token_expires_at', '<=', now)
        .where('interaction_token', 'is not', null)
        .execute();
      await tx.deleteFrom('cooldowns').where('until_at', '<=', now).execute();
      return {
        questions: count(questions),
        feedback: count(feedback),
        views: count(views),
        posts: count(posts),
      };
    });
  }

  /** Live posts whose message id is not known yet while their token still works. */
  async unresolvedPosts(now: number, limit = 50): Promise<PostRow[]> {
    const rows = await this.db
      .selectFrom('posts')
      .selectAll()
      .where('message_id', 'is', null)
      .where('interaction_token', 'is not', null)
      .where('token_expires_at', '>', now)
      .where('state', '=', 'live')
      .orderBy('posted_at')
      .limit(limit)
      .execute();
    return this.withDetails(rows);
  }

  /** Live posts showing any of these statements, with the corrections each already reflects. */
  async postsShowing(statementIds: readonly string[]): Promise<PostRow[]> {
    if (statementIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('posts')
      .selectAll()
      .where('state', '=', 'live')
      .where('post_id', 'in', (eb) =>
        eb
          .selectFrom('post_statements')
          .select('post_id')
          .where('statement_id', 'in', [...statementIds]),
      )
      .orderBy('pinned', 'desc')
      .orderBy('posted_at')
      .orderBy('post_id')
      .execute();
    return this.withDetails(rows);
  }

  private async withDetails(
    rows: readonly Database['posts'][] | readonly Record<string, unknown>[],
  ): Promise<PostRow[]> {
    const posts = rows as unknown as (Omit<Database['posts'], 'claimed_until' | 'attempts' | 'state'> & {
      attempts: number;
    })[];
    if (posts.length === 0) return [];
    const ids = posts.map((post) => post.post_id);
    const [statements, applied] = await Promise.all([
      this.db.selectFrom('post_statements').selectAll().where('post_id', 'in', ids).execute(),
      this.db
        .selectFrom('post_corrections')
        .select(['post_id', 'correction_key'])
        .where('post_id', 'in', ids)
        .execute(),
    ]);
    return posts.map((post) => ({
      postId: post.post_id,
      guildId: post.guild_id,
      channelId: post.channel_id,
      messageId: post.message_id,
      applicationId: post.application_id,
      token: post.interaction_token,
      tokenExpiresAt: Number(post.token_expires_at),
      mode: post.mode,
      items: JSON.parse(post.items) as string[],
      statementIds: statements.filter((row) => row.post_id === post.post_id).map((row) => row.statement_id),
      pinned: Number(post.pinned) === 1,
      postedAt: Number(post.posted_at),
      attempts: Number(post.attempts),
      applied: new Set(
        applied.filter((row) => row.post_id === post.post_id).map((row) => row.correction_key),
      ),
    }));
  }

  /** Takes a post for updating until `now + holdMs`; false when another process holds it. */
  async claimPost(postId: string, now: number, holdMs: number): Promise<boolean> {
    const result = await this.db
      .updateTable('posts')
      .set((eb) => ({ claimed_until: now + holdMs, attempts: eb('attempts', '+', 1) }))
      .where('post_id', '=', postId)
      .where('claimed_until', '<=', now)
      .executeTakeFirst();
    return count(result) === 1;
  }

  /** Records that a post now reflects these corrections, and releases it. */
  async finishPost(
    postId: string,
    keys: readonly string[],
    how: 'edited' | 'replied' | 'failed',
    now: number,
    messageId: string | null = null,
  ): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      if (keys.length > 0) {
        await tx
          .insertInto('post_corrections')
          .values(keys.map((key) => ({ post_id: postId, correction_key: key, how, at: now })))
          .onConflict((oc) => oc.columns(['post_id', 'correction_key']).doNothing())
          .execute();
      }
      await tx
        .updateTable('posts')
        .set({ claimed_until: 0, attempts: 0, ...(messageId ? { message_id: messageId } : {}) })
        .where('post_id', '=', postId)
        .execute();
    });
  }

  /** Releases a post without updating it, to try again after `retryAt`. */
  async releasePost(postId: string, retryAt: number): Promise<void> {
    await this.db
      .updateTable('posts')
      .set({ claimed_until: retryAt })
      .where('post_id', '=', postId)
      .execute();
  }

  /** Marks a post whose message is gone; the next sweep deletes it. */
  async postGone(postId: string): Promise<void> {
    await this.db
      .updateTable('posts')
      .set({ state: 'gone', claimed_until: 0 })
      .where('post_id', '=', postId)
      .execute();
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
