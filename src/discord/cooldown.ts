/**
 * A cooldown on public answers per member and channel, so one member cannot flood a channel.
 * It is held in this process's memory: with N processes serving, a member can post at most
 * N public answers per window, which still bounds a flood. Entries expire on their own.
 */

/** Tracks when each member last posted publicly in each channel. */
export class Cooldown {
  private readonly last = new Map<string, number>();

  /**
   * @param seconds Length of the window; 0 turns the cooldown off.
   * @param now The clock, in milliseconds.
   */
  constructor(
    private readonly seconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Starts the member's window in the channel and returns 0, or returns how many seconds
   * remain when a window is open.
   */
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
