/** Snowflake ids: fresh ones for created objects, and guild ids chosen to land on a given shard. */
import { randomBytes } from 'node:crypto';
import { SnowflakeUtil } from 'discord.js';

/** A new, unique snowflake for the current time. */
export function snowflake(): string {
  return SnowflakeUtil.generate().toString();
}

/** The shard that receives a guild's events: `(guild_id >> 22) % shard_count`. */
export function shardForGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** A fixed point in time (2023-11-14) for deterministic guild ids, in ms since Discord's epoch. */
const guildEpochOffset = BigInt(1_700_000_000_000) - SnowflakeUtil.epoch;

/**
 * A deterministic guild id that lands on `shardId` of `shardCount`; `index` picks further distinct
 * ids on the same shard.
 */
export function guildIdOnShard(shardId: number, shardCount: number, index = 0): string {
  const count = BigInt(shardCount);
  let timestamp = guildEpochOffset + BigInt(index) * count;
  timestamp += (((BigInt(shardId) - (timestamp % count)) % count) + count) % count;
  return ((timestamp << 22n) | 1n).toString();
}

/** An opaque interaction token, shaped like Discord's (long, URL-safe). */
export function interactionToken(): string {
  return `aW50ZXJhY3Rpb246${randomBytes(48).toString('base64url')}`;
}
