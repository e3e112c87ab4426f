import { DbError, migrate, startDatabase, type DatabaseHandle } from '@reachwatch/db';
import { createApi, type RunningApi } from './api';
import { describeFirstAdmin, ensureFirstAdmin } from './auth/first-admin';
import { jsonLineLogger } from './common/logger';
import { portFromEnv } from './config';

/**
 * `tsx apps/api/src/main.ts` (`npm run start:api`): the API on its own.
 *   DATABASE_URL  Postgres to use; unset → an embedded Postgres under .reachwatch/pgdata
 *   PORT          default 8080
 *   HOST          default 127.0.0.1 (set 0.0.0.0 in a container)
 *   REACHWATCH_ADMIN_EMAIL / REACHWATCH_ADMIN_PASSWORD  the first admin, on a database without users
 *                 (no password: one is generated and printed once on stderr)
 * Migrations run before the API listens. SIGINT/SIGTERM stop it cleanly; a second signal exits at once.
 */
async function main(): Promise<void> {
  const log = jsonLineLogger;
  let port: number;
  try {
    port = portFromEnv(process.env);
  } catch (err) {
    throw new StartError((err as Error).message);
  }
  const host = process.env.HOST || '127.0.0.1';

  const database: DatabaseHandle = await step('start the database', () => startDatabase({ log: (line) => log.info('postgres', { line }) }));
  let api: RunningApi;
  try {
    const migrated = await step(`migrate the ${database.mode === 'external' ? 'DATABASE_URL' : 'embedded'} database`, () => migrate(database.url));
    log.info('migrated', { applied: migrated.applied, alreadyApplied: migrated.skipped.length });
    const firstAdmin = await step('create the first admin', () => ensureFirstAdmin({ databaseUrl: database.url, env: process.env }));
    if (firstAdmin.created) log.info('first-admin-created', { email: firstAdmin.email, password: firstAdmin.generatedPassword ? 'generated' : 'environment' });
    // A generated password goes to the terminal, once, and never into the JSON log (which may be shipped).
    const message = describeFirstAdmin(firstAdmin);
    if (message) process.stderr.write(`${message}\n`);
    api = await step(`listen on ${host}:${port}`, () => createApi({ databaseUrl: database.url, port, host, logger: log }));
  } catch (err) {
    await database.stop();
    throw err;
  }
  log.info('listening', { url: api.url, database: database.mode });

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info('stopping', { signal });
    try {
      await api.close();
    } finally {
      await database.stop();
    }
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** Failures an operator can act on (a DbError, a refused connection, a port in use) keep their message. */
class StartError extends Error {}

async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof DbError) throw new StartError(`cannot ${what}: ${err.code}: ${err.message}`);
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string') throw new StartError(`cannot ${what}: ${(err as Error).message}`);
    throw err;
  }
}

main().catch((err: unknown) => {
  // Anything but a StartError is unexpected and keeps its stack.
  const text = err instanceof StartError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`reachwatch api: ${text}\n`);
  process.exit(1);
});
