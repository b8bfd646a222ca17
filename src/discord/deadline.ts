/**
 * Discord voids an interaction not answered within 3 seconds. An answer that is not ready
 * in time is deferred (a "thinking…" placeholder, or an acknowledged click) and completed by
 * editing the original response when it is.
 */
import {
  type APIInteraction,
  type APIInteractionResponse,
  type APIInteractionResponseCallbackData,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
} from 'discord-api-types/v10';

/** Defer when an answer takes longer than this; leaves time for the callback to travel. */
export const DEFER_AFTER_MS = 2000;

/**
 * The clock an answer's deadline is measured on. The process's own timers by default; a test
 * passes a clock it moves itself, so the deadline does not depend on how fast the machine is.
 */
export interface DeadlineClock {
  /** Calls `callback` once `ms` have passed on this clock; returns a function that cancels it. */
  after(ms: number, callback: () => void): () => void;
}

/** The process's timers. */
export const systemClock: DeadlineClock = {
  after(ms, callback) {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

/** How a transport delivers an answer. */
export interface Delivery {
  /** Sends the interaction callback (once). */
  callback(body: APIInteractionResponse): Promise<void>;
  /** Edits the original response (after a deferral). */
  editOriginal(data: APIInteractionResponseCallbackData): Promise<void>;
  /**
   * Deletes the original response (a public deferral whose answer is for the member alone).
   * With {@link followUp}; a transport without them edits the original instead.
   */
  deleteOriginal?(): Promise<void>;
  /** Sends a follow-up message. */
  followUp?(data: APIInteractionResponseCallbackData): Promise<void>;
}

function isEphemeral(flags: number | undefined): boolean {
  return ((flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}

/**
 * Delivers `work`'s answer: directly when it is ready within `deferAfterMs`, otherwise as a
 * deferral followed by an edit. Autocomplete cannot be deferred and is always sent as is.
 */
export async function deliverInTime(
  interaction: APIInteraction,
  work: Promise<APIInteractionResponse>,
  delivery: Delivery,
  options: {
    /** The placeholder to send if the answer is late (type 5 with the answer's privacy, or 6). */
    readonly deferral: APIInteractionResponse;
    readonly deferAfterMs?: number;
    /** The clock `deferAfterMs` is measured on; default {@link systemClock}. */
    readonly clock?: DeadlineClock;
  },
): Promise<'direct' | 'deferred'> {
  const deferAfterMs = options.deferAfterMs ?? DEFER_AFTER_MS;
  const clock = options.clock ?? systemClock;
  let cancel = () => {};
  const late = Symbol('late');
  const first = await Promise.race([
    work,
    new Promise<typeof late>((resolve) => {
      cancel = clock.after(deferAfterMs, () => resolve(late));
    }),
  ]);
  cancel();
  if (first !== late || interaction.type === InteractionType.ApplicationCommandAutocomplete) {
    await delivery.callback(first === late ? await work : first);
    return 'direct';
  }
  await delivery.callback(options.deferral);
  const answer = await work;
  if (
    'data' in answer &&
    answer.data &&
    answer.type !== InteractionResponseType.ApplicationCommandAutocompleteResult
  ) {
    const { flags, ...data } = answer.data as APIInteractionResponseCallbackData;
    const deferral = options.deferral;
    if (
      deferral.type === InteractionResponseType.DeferredChannelMessageWithSource &&
      !isEphemeral(deferral.data?.flags) &&
      isEphemeral(flags) &&
      delivery.deleteOriginal &&
      delivery.followUp
    ) {
      // A public placeholder cannot become private: an answer for the member alone (nothing
      // found, a refusal) replaces it with a private follow-up.
      await delivery.deleteOriginal();
      await delivery.followUp({ ...data, flags: MessageFlags.Ephemeral });
    } else {
      await delivery.editOriginal(data);
    }
  }
  return 'deferred';
}

/**
 * An answer expected to wait longer than this for its turn is deferred at once rather than
 * after {@link DEFER_AFTER_MS}: under load, sending the deferral takes time too, and it must
 * still reach Discord within the 3 seconds.
 */
export const DEFER_AT_ONCE_AFTER_MS = 1000;

/** When to defer an answer that will wait `expectedWaitMs` for its turn. */
export function deferAfter(expectedWaitMs: number): number {
  return expectedWaitMs > DEFER_AT_ONCE_AFTER_MS ? 0 : DEFER_AFTER_MS;
}

/**
 * Hands out turns, one per pass of the event loop, in the order they were asked for. Answering
 * is synchronous work (search, then render); a burst of interactions answered as they arrive
 * would hold the event loop until the last was done, so no answer would be sent, and no deadline
 * timer would fire, before then. Taking a turn first lets each answer go out as soon as it is
 * ready, and lets the ones still waiting be deferred in time.
 */
export class Turns {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;
  /** When the last turn was handed out, while turns follow one another. */
  private last: number | null = null;
  /** Recent time between consecutive turns, in milliseconds. */
  private pace = 0;

  /** Resolves when it is this caller's turn. */
  take(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  /** How long a caller asking now would wait for its turn, at the recent pace. */
  expectedWaitMs(): number {
    return this.waiting.length * this.pace;
  }

  private schedule(): void {
    if (this.scheduled) return;
    if (this.waiting.length === 0) {
      this.last = null;
      return;
    }
    this.scheduled = true;
    setImmediate(() => {
      const now = performance.now();
      if (this.last !== null) this.pace = this.pace * 0.8 + (now - this.last) * 0.2;
      this.last = now;
      this.scheduled = false;
      this.waiting.shift()?.();
      this.schedule();
    });
  }
}

/**
 * Acknowledgements on their way to Discord. An interaction must be acknowledged within 3 seconds
 * but may be completed for 15 minutes, so completions (edits of a deferred response) give way to
 * acknowledgements still being sent, for up to {@link GIVE_WAY_MS}.
 */
export class Acknowledgements {
  private sending = 0;
  private readonly idle: (() => void)[] = [];

  /** Sends an acknowledgement, counted while it is on its way. */
  async send<T>(sending: () => Promise<T>): Promise<T> {
    this.sending++;
    try {
      return await sending();
    } finally {
      this.sending--;
      if (this.sending === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  /** Resolves when no acknowledgement is on its way, or after `maxMs` at most. */
  async giveWay(maxMs = GIVE_WAY_MS): Promise<void> {
    if (this.sending === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.idle.push(resolve)),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, maxMs);
      }),
    ]);
    clearTimeout(timer);
  }
}

/** The longest a completion waits for acknowledgements to be sent. */
export const GIVE_WAY_MS = 2000;
