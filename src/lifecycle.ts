/** How a serving process refuses to start and how it stops. */
import type { Logger } from './log.js';

/** Prints why the process cannot start (one line each) and marks it failed. */
export function refuse(lines: readonly string[]): void {
  for (const line of lines) console.error(line);
  process.exitCode = 1;
}

/**
 * Stops cleanly on SIGINT or SIGTERM: `stop` finishes what is in flight, then the process
 * exits 0 (1 if stopping failed). A second signal while stopping is ignored. Returns the same
 * shutdown, for other reasons to stop (e.g. a sharding manager that went away).
 */
export function onSignal(log: Logger, stop: () => Promise<void>): (reason: string) => void {
  let stopping = false;
  const shutdown = (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal: reason }, 'shutting down');
    stop().then(
      () => {
        log.flush();
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        log.flush();
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return shutdown;
}
