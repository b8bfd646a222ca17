import { defineConfig } from 'vitest/config';

/** Tests that load the machine on purpose; they run after the others, on their own. */
const alone = ['test/reliability/floods.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['test/support/build.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'tests', include: ['test/**/*.test.ts'], exclude: alone } },
      {
        extends: true,
        test: { name: 'load', include: alone, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
