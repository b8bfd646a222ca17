/**
 * The store's versioned migrations, applied in order at start (Kysely's migrator records which
 * have run, and locks so that several processes starting together apply each once). Written with
 * the schema builder, so one text serves SQLite and PostgreSQL; a migration, once released, is
 * never edited: a change is a new migration.
 */
import type { Kysely, Migration, MigrationProvider } from 'kysely';

/** Timestamps need 64 bits; `bigint` is that in both engines. */
const TIME = 'bigint';

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('meta')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('questions')
      .addColumn('guild_id', 'text', (c) => c.notNull())
      .addColumn('mode', 'text', (c) => c.notNull())
      .addColumn('query', 'text', (c) => c.notNull())
      .addColumn('query_key', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('pack_version', 'text', (c) => c.notNull())
      .addColumn('asked_at', TIME, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('questions_by_guild')
      .on('questions')
      .columns(['guild_id', 'asked_at'])
      .execute();
    await db.schema.createIndex('questions_by_time').on('questions').column('asked_at').execute();

    await db.schema
      .createTable('statement_views')
      .addColumn('guild_id', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('statement_id', 'text', (c) => c.notNull())
      .addColumn('shown', TIME, (c) => c.notNull())
      .addPrimaryKeyConstraint('statement_views_key', ['guild_id', 'day', 'statement_id'])
      .execute();

    await db.schema
      .createTable('feedback')
      .addColumn('guild_id', 'text', (c) => c.notNull())
      .addColumn('channel_id', 'text', (c) => c.notNull())
      .addColumn('message_id', 'text', (c) => c.notNull())
      .addColumn('member_key', 'text', (c) => c.notNull())
      .addColumn('statement_id', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('comment', 'text')
      .addColumn('pack_version', 'text', (c) => c.notNull())
      .addColumn('given_at', TIME, (c) => c.notNull())
      .addPrimaryKeyConstraint('feedback_once', ['message_id', 'member_key', 'statement_id'])
      .execute();
    await db.schema
      .createIndex('feedback_by_guild')
      .on('feedback')
      .columns(['guild_id', 'given_at'])
      .execute();

    await db.schema
      .createTable('posts')
      .addColumn('post_id', 'text', (c) => c.primaryKey())
      .addColumn('guild_id', 'text', (c) => c.notNull())
      .addColumn('channel_id', 'text', (c) => c.notNull())
      .addColumn('message_id', 'text')
      .addColumn('application_id', 'text', (c) => c.notNull())
      .addColumn('interaction_token', 'text')
      .addColumn('token_expires_at', TIME, (c) => c.notNull())
      .addColumn('mode', 'text', (c) => c.notNull())
      .addColumn('items', 'text', (c) => c.notNull())
      .addColumn('pack_version', 'text', (c) => c.notNull())
      .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('posted_at', TIME, (c) => c.notNull())
      .addColumn('claimed_until', TIME, (c) => c.notNull().defaultTo(0))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('state', 'text', (c) => c.notNull().defaultTo('live'))
      .execute();
    await db.schema.createIndex('posts_by_guild').on('posts').column('guild_id').execute();
    await db.schema.createIndex('posts_by_message').on('posts').column('message_id').execute();

    await db.schema
      .createTable('post_statements')
      .addColumn('post_id', 'text', (c) => c.notNull())
      .addColumn('statement_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('post_statements_key', ['post_id', 'statement_id'])
      .execute();
    await db.schema
      .createIndex('post_statements_by_statement')
      .on('post_statements')
      .column('statement_id')
      .execute();

    await db.schema
      .createTable('post_corrections')
      .addColumn('post_id', 'text', (c) => c.notNull())
      .addColumn('correction_key', 'text', (c) => c.notNull())
      .addColumn('how', 'text', (c) => c.notNull())
      .addColumn('at', TIME, (c) => c.notNull())
      .addPrimaryKeyConstraint('post_corrections_key', ['post_id', 'correction_key'])
      .execute();

    await db.schema
      .createTable('cooldowns')
      .addColumn('channel_id', 'text', (c) => c.notNull())
      .addColumn('member_key', 'text', (c) => c.notNull())
      .addColumn('until_at', TIME, (c) => c.notNull())
      .addPrimaryKeyConstraint('cooldowns_key', ['channel_id', 'member_key'])
      .execute();
  },
};

/** Every migration, by name; names sort in the order they apply. */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001-initial': initial,
};

/** The migrations, for Kysely's migrator. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...migrations }),
};
