/**
 * Members are never stored by id. Where the store must tell one member from another (one
 * feedback per member and answer, the public-answer cooldown), it keeps an HMAC-SHA-256 of the
 * id under a secret: the one configured (STORE_SECRET), or else one made at random for this
 * installation and kept in the store. Without the secret, a key cannot be traced back to an id.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Turns a member's id into the key stored in its place. */
export type MemberKeyer = (userId: string) => string;

const SECRET_KEY = 'member-key-secret';

/** A keyer over a secret. */
export function memberKeyer(secret: string): MemberKeyer {
  return (userId) => createHmac('sha256', secret).update(`member:${userId}`).digest('base64url');
}

/**
 * The installation's secret: the configured one, or the one kept in the store (made on first
 * use; when several processes start at once, the first written wins and all read it).
 */
export async function loadMemberSecret(db: Kysely<Database>, configured: string | null): Promise<string> {
  if (configured) return configured;
  await db
    .insertInto('meta')
    .values({ key: SECRET_KEY, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('meta')
    .select('value')
    .where('key', '=', SECRET_KEY)
    .executeTakeFirstOrThrow();
  return row.value;
}
