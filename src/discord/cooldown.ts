/**
 * A cooldown on public answers per member and channel, so one member cannot flood a channel.
 * With the store it is kept there, so it holds across shards and HTTP instances; when the store
 * is away (or slow) it falls back to this process's memory, so an answer never waits on it.
 */
import type { StoreService } from '../store/queue.js';

/** Decides whether a member may post publicly in a channel now. */
export interface CooldownGate {
  /**
   * Starts the member's window in the channel and gives 0, or gives how many seconds remain
   * when a window is open.
   */
  take(userId: string, channelId: string): number | Promise<number>;
}

/** Tracks when each member last posted publicly in each channel, in this process's memory. */
export class Cooldown implements CooldownGate {
  private readonly last = new Map<string, number>();

  /**
   * @param seconds Length of the window; 0 turns the cooldown off.
   * @param now The clock, in milliseconds.
   */
  constructor(
    private readonly seconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(userId: string, channelId: string): number {
    if (this.seconds === 0) return 0;
    const now = this.now();
    const key = `${channelId}:${userId}`;
    const since = this.last.get(key);
    const windowMs = this.seconds * 1000;
    if (since !== undefined && now - since < windowMs) return Math.ceil((windowMs - (now - since)) / 1000);
    this.last.set(key, now);
    if (this.last.size > 10_000) this.sweep(now);
    return 0;
  }

  private sweep(now: number): void {
    for (const [key, at] of this.last) if (now - at >= this.seconds * 1000) this.last.delete(key);
  }
}

/** Tuning of the shared cooldown. */
export const sharedCooldownDefaults = {
  /**
   * The longest a public answer waits for the store's verdict before using this process's
   * memory instead; well inside the 2 s after which an answer is deferred anyway.
   */
  storeTimeoutMs: 1000,
  /** Windows remembered before the ended ones are swept out. */
  knownWindows: 10_000,
} as const;

/**
 * The cooldown kept in the store (one statement decides, so processes sharing the store agree),
 * with this process's memory as the fallback while the store is degraded or too slow.
 *
 * A window the store has told this process about (one it started, or one it was refused by) is
 * remembered until it ends: while it is open, the store would refuse again, so the member is
 * refused from memory, for the same number of seconds, without a round trip. Only a member with
 * no window known here costs a statement, and an allowed answer costs exactly one.
 */
export class SharedCooldown implements CooldownGate {
  private readonly local: Cooldown;
  /** When each window the store told of ends (ms), by channel and member. */
  private readonly known = new Map<string, number>();

  constructor(
    private readonly store: StoreService,
    private readonly seconds: number,
    private readonly now: () => number = Date.now,
    private readonly timeoutMs: number = sharedCooldownDefaults.storeTimeoutMs,
  ) {
    this.local = new Cooldown(seconds, now);
  }

  async take(userId: string, channelId: string): Promise<number> {
    if (this.seconds === 0) return 0;
    const store = this.store.current();
    if (!store) return this.local.take(userId, channelId);
    const key = `${channelId}:${userId}`;
    const now = this.now();
    const until = this.known.get(key);
    if (until !== undefined && until > now) return Math.ceil(Math.max(1, until - now) / 1000);
    let timer: NodeJS.Timeout | undefined;
    try {
      const waitMs = await Promise.race([
        store.takeCooldown(channelId, userId, this.seconds * 1000, now),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('the store was too slow')), this.timeoutMs);
        }),
      ]);
      // Keep this process's record too, for when the store goes away.
      if (waitMs === 0) this.local.take(userId, channelId);
      this.remember(key, now + (waitMs === 0 ? this.seconds * 1000 : waitMs), now);
      return Math.ceil(waitMs / 1000);
    } catch {
      return this.local.take(userId, channelId);
    } finally {
      clearTimeout(timer);
    }
  }

  private remember(key: string, until: number, now: number): void {
    this.known.set(key, until);
    if (this.known.size > sharedCooldownDefaults.knownWindows) {
      for (const [known, ends] of this.known) if (ends <= now) this.known.delete(known);
    }
  }
}
