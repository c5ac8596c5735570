import { defineConfig } from 'vitest/config';

// Two projects: fast pure tests, and tests that talk to real PostgreSQL / Redis / HTTP.
// Integration files each get their own database or schema (tests/helpers/db.ts), so they may run in parallel.
export default defineConfig({
  test: {
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
          testTimeout: 60_000,
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
