/**
 * A clock the test moves by hand. The emulator reads Discord's 3-second deadline from it and the
 * bot defers by it, so whether an answer is late is decided by the test, not by how busy the
 * machine is.
 */
import type { DeadlineClock } from '../../src/discord/deadline.js';
import type { EmulatorClock } from '../emulator/index.js';

interface Timer {
  readonly at: number;
  readonly callback: () => void;
  cancelled: boolean;
}

export class TestClock implements EmulatorClock, DeadlineClock {
  private time = 0;
  private timers: Timer[] = [];

  now(): number {
    return this.time;
  }

  after(ms: number, callback: () => void): () => void {
    const timer: Timer = { at: this.time + ms, callback, cancelled: false };
    // Nothing to wait for: run on the next turn of the event loop, as a zero timer would.
    if (ms <= 0) setImmediate(() => timer.cancelled || callback());
    else this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  /** Timers still to fire. */
  pending(): number {
    return this.timers.filter((timer) => !timer.cancelled).length;
  }

  /** Moves the clock on by `ms`, firing each timer that falls due at its own time, in order. */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers.splice(this.timers.indexOf(due), 1);
      this.time = due.at;
      if (!due.cancelled) due.callback();
    }
    this.time = until;
  }
}
