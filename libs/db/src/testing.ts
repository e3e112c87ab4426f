import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migrate } from './migrate';

export interface TestDatabase {
  /** URL of the new, migrated database. */
  url: string;
  name: string;
  /** Drops the database (closing any sessions still on it). */
  drop(): Promise<void>;
}

/**
 * A fresh, uniquely named, migrated database on the server of DATABASE_URL, so that each test file is
 * isolated while one Postgres serves the whole run. DATABASE_URL is set by `libs/db/bin/with-postgres.js`
 * (root `npm test`) or by a project's vitest globalSetup (see libs/db/test/global-setup.ts).
 */
export async function createTestDatabase(options: { migrate?: boolean; serverUrl?: string } = {}): Promise<TestDatabase> {
  const serverUrl = options.serverUrl ?? process.env.DATABASE_URL;
  if (!serverUrl) {
    throw new Error('createTestDatabase needs DATABASE_URL: run the tests through `node libs/db/bin/with-postgres.js …` or a vitest globalSetup that starts Postgres.');
  }
  const name = `rw_test_${process.pid}_${randomBytes(5).toString('hex')}`;
  await admin(serverUrl, async (c) => {
    await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`);
  });
  const url = withDatabase(serverUrl, name);
  if (options.migrate !== false) await migrate(url);
  return {
    url,
    name,
    drop: () => admin(serverUrl, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`);
    }),
  };
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

async function admin(url: string, fn: (c: Client) => Promise<void>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}
