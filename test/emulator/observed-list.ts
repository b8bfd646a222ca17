/** An append-only list that tests can wait on: `waitFor` resolves with the first item that matches. */
interface Waiter<T> {
  predicate: (item: T) => boolean;
  resolve: (item: T) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class ObservedList<T> {
  private readonly items: T[] = [];
  private readonly waiters = new Set<Waiter<T>>();

  get all(): readonly T[] {
    return this.items;
  }

  push(item: T): void {
    this.items.push(item);
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate(item)) {
        this.waiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.resolve(item);
      }
    }
  }

  /**
   * The first item (already present at or after index `from`, or still to come) that matches.
   * Rejects after `timeoutMs` with `describe()` in the message.
   */
  waitFor(predicate: (item: T) => boolean, timeoutMs: number, describe: () => string, from = 0): Promise<T> {
    const present = this.items.slice(from).find(predicate);
    if (present !== undefined) return Promise.resolve(present);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${describe()}`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Rejects every pending wait (used when the emulator closes). */
  rejectWaiters(reason: string): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(reason));
    }
    this.waiters.clear();
  }
}
