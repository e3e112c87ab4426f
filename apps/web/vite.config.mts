import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The API serves the built UI (dist/) in production; in development `npm run dev -w @reachwatch/web`
// proxies the API and socket.io to a running `npm start` (port 8080 unless API_URL says otherwise).
const api = process.env.API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    sourcemap: true,
    // d3 and React change far less often than the views: a separate chunk stays cached across UI releases.
    rolldownOptions: {
      output: {
        codeSplitting: { groups: [{ name: 'vendor', test: /node_modules[\\/](react|react-dom|scheduler|d3[^\\/]*|internmap|socket\.io|engine\.io|@socket\.io)/ }] },
      },
    },
  },
  server: {
    proxy: {
      '/api': api,
      '/socket.io': { target: api, ws: true },
      '/healthz': api,
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.spec.ts', 'test/*.spec.ts'], pool: 'threads' },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.spec.ts'],
          pool: 'forks',
          // One browser and one whole stack per file: never two at once on a shared machine.
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 240_000,
          // One Postgres for the run (unless DATABASE_URL is given); each test file makes its own database.
          globalSetup: ['../../libs/db/test/global-setup.ts'],
        },
      },
    ],
  },
});
