import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDatabase } from '../src/postgres/server';

/**
 * vitest globalSetup: when the run has no DATABASE_URL (libs/db tested on its own, not through
 * `libs/db/bin/with-postgres.js`), start a throw-away embedded Postgres for it. Test files then call
 * createTestDatabase() for a database of their own on that server. Other projects can reuse this file.
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (process.env.DATABASE_URL) return async () => undefined;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reachwatch-vitest-pg-'));
  fs.chmodSync(root, 0o755); // as root, Postgres runs as "postgres" and must enter it
  const server = await startDatabase({ dataDir: path.join(root, 'data'), port: 0, ephemeral: true, env: {} }).catch((err) => {
    fs.rmSync(root, { recursive: true, force: true });
    throw err;
  });
  process.env.DATABASE_URL = server.url; // inherited by the test workers, started after this
  return async () => {
    await server.stop();
    delete process.env.DATABASE_URL;
    fs.rmSync(root, { recursive: true, force: true });
  };
}
