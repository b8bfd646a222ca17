/** Which build of the program is running. */

declare const RECEIPTS_BUILD: string | undefined;

/**
 * The build's id, a hash of the sources it was built from (`scripts/build.mjs` compiles it in),
 * or null when the sources run as they are (tests, tsx).
 */
export const buildId: string | null = typeof RECEIPTS_BUILD === 'string' ? RECEIPTS_BUILD : null;
