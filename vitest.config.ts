import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // the auditor's profile in a temporary folder, never the real ~/.tickmark
    setupFiles: ['test/helpers/profile-dir.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
