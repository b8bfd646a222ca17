/**
 * How the interactions a test sent were answered, as Discord saw it: each interaction's accepted
 * callback, and for a deferral the edit that completed it.
 */
import type { Emulator, RecordedCall } from '../emulator/index.js';
import { PATIENCE_MS } from './patience.js';

/** What became of a set of interactions. */
export interface Tally {
  readonly sent: number;
  /**
   * Acknowledged once and complete: a message callback, or a deferral completed by an accepted
   * edit of the original response or an accepted follow-up.
   */
  readonly answered: number;
  /** More than one accepted callback, or a second callback Discord refused as already acknowledged. */
  readonly answeredTwice: number;
  /** A callback or edit Discord refused (late, malformed, duplicate); injected faults are not counted. */
  readonly refused: number;
  readonly unanswered: number;
  /** Interactions answered by a deferral and then an edit or follow-up rather than directly. */
  readonly deferred: number;
}

const DEFERRALS = new Set([5, 6]);

/** Tallies the emulator's record for these interaction ids. */
export function tally(emulator: Emulator, ids: readonly string[]): Tally {
  const wanted = new Set(ids);
  const callbacks = new Map<string, RecordedCall[]>();
  const edits = new Map<string, RecordedCall[]>();
  const byToken = new Map<string, string>();
  for (const id of ids) {
    const token = emulator.interaction(id)?.token;
    if (token) byToken.set(token, id);
  }
  for (const call of emulator.calls) {
    if (call.operationId === 'create_interaction_response') {
      const id = call.params.interaction_id ?? '';
      if (wanted.has(id)) callbacks.set(id, [...(callbacks.get(id) ?? []), call]);
    } else if (
      call.operationId === 'update_original_webhook_message' ||
      call.operationId === 'execute_webhook'
    ) {
      const id = byToken.get(call.params.webhook_token ?? '');
      if (id) edits.set(id, [...(edits.get(id) ?? []), call]);
    }
  }
  let answered = 0;
  let answeredTwice = 0;
  let refused = 0;
  let deferred = 0;
  for (const id of ids) {
    const own = callbacks.get(id) ?? [];
    const accepted = own.filter((call) => call.status < 300);
    const edited = (edits.get(id) ?? []).some((call) => call.status < 300);
    const first = accepted[0]?.body as { type?: number } | undefined;
    const isDeferral = first?.type !== undefined && DEFERRALS.has(first.type);
    if (first && (!isDeferral || edited)) answered++;
    if (isDeferral && edited) deferred++;
    if (accepted.length > 1 || own.some((call) => (call.response as { code?: number })?.code === 40060))
      answeredTwice++;
    const refusedCalls = [...own, ...(edits.get(id) ?? [])].filter(
      (call) => !call.injected && call.status >= 400 && call.status < 500,
    );
    if (refusedCalls.length > 0) refused++;
  }
  return { sent: ids.length, answered, answeredTwice, refused, unanswered: ids.length - answered, deferred };
}

/** Waits until every interaction is answered (see {@link tally}), or throws with the tally. */
export async function waitUntilAnswered(
  emulator: Emulator,
  ids: readonly string[],
  timeoutMs = PATIENCE_MS,
): Promise<Tally> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = tally(emulator, ids);
    if (now.answered === ids.length) return now;
    if (Date.now() > deadline) {
      throw new Error(
        `${now.unanswered} of ${ids.length} interactions unanswered after ${timeoutMs} ms: ${JSON.stringify(now)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
