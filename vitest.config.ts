import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One migrated PGlite per run, cloned by test/support/db.ts (createTestDatabase).
    globalSetup: ['test/support/global-setup.ts'],
    // Generous: CI is a busy 2-core machine; a test that fails only because the machine is slow is a broken test.
    testTimeout: 180_000,
    hookTimeout: 240_000,
    pool: 'forks',
    maxWorkers: 2,
    // CI (.ci/run) also writes a JSON summary to print one plain closing line.
    ...(process.env.GONGKAI_VITEST_JSON
      ? { reporters: ['default', 'json'], outputFile: { json: process.env.GONGKAI_VITEST_JSON } }
      : {}),
  },
});
