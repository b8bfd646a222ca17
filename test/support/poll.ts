/** Waiting for something to become true, by looking again every few milliseconds. */

/**
 * Resolves once `check` returns true; throws after `timeoutMs` with `what` and, if given, the
 * state `explain` describes. The time-out only stops a test that would never finish: no test
 * asserts how long anything took.
 */
export async function until(
  check: () => boolean,
  what: string,
  options: { timeoutMs?: number; explain?: () => string } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30_000;
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
