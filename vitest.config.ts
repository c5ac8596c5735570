import { defineConfig } from 'vitest/config';

// Two projects: fast pure tests, and tests that talk to real PostgreSQL / Redis / HTTP.
// Integration files each get their own database or schema (tests/helpers/db.ts), so they may run in parallel.
export default defineConfig({
  test: {
    // Each test file runs in a fresh module graph (vitest's default isolation). `isolate: false` saved about a third
    // of the bot files' CPU, but in a fresh-clone CI run tests/e2e/leader-digest.test.ts then timed out waiting
    // for escalations (it passes alone): some module state outlives a file. Until that state is found, files stay
    // isolated.
    isolate: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/golden/**/*.test.ts'],
          // A bound for a hung test, not a speed check: on a loaded 2-core machine a property run or the first ESLint
          // call takes several times vitest's default 5 s. Speed is measured by the bench:* scripts.
          testTimeout: 60_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          // A hang bound, not a speed check: at load 20 on two cores (eight sessions' suites at once) a test that
          // starts child services or an embedded PostgreSQL took 60–70 s and failed on the former 60 s bound.
          testTimeout: 180_000,
          hookTimeout: 120_000,
          // Two cores on CI machines: keep the number of concurrent service-heavy files small.
          maxWorkers: 2,
          // Runs after the unit project (vitest requires distinct group orders for different worker limits).
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
