import { defineConfig } from 'vitest/config';

/**
 * Tests that load the machine (a flood on purpose; a real Chromium and axe-core by nature): they
 * run after the others, one at a time, so they neither slow nor are slowed by the timed tests.
 */
const alone = ['test/reliability/floods.test.ts', 'test/site/browser.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['test/support/build.ts'],
    // Only for a test that would never finish: a busy machine may take its time, and no test
    // asserts how long anything took.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    projects: [
      { extends: true, test: { name: 'tests', include: ['test/**/*.test.ts'], exclude: alone } },
      {
        extends: true,
        test: { name: 'load', include: alone, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
