/**
 * How long a test waits for something before it gives up. Long, because a busy machine may take
 * its time: it only stops a test that would otherwise never finish, and no test asserts how long
 * anything took.
 */
export const PATIENCE_MS = 120_000;
