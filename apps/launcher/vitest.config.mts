import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
    pool: 'threads',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One Postgres for the run (unless DATABASE_URL is given); each test file makes its own database.
    globalSetup: ['../../libs/db/test/global-setup.ts'],
  },
});
