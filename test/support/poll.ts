/** Waiting for something to become true, by looking again every few milliseconds. */
import { PATIENCE_MS } from './patience.js';

/**
 * Resolves once `check` returns true; throws after `timeoutMs` (default {@link PATIENCE_MS})
 * with `what` and, if given, the state `explain` describes.
 */
export async function until(
  check: () => boolean,
  what: string,
  options: { timeoutMs?: number; explain?: () => string } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? PATIENCE_MS;
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) {
      throw new Error(
        `waited ${timeoutMs} ms for ${what}${options.explain ? `:\n${options.explain()}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
