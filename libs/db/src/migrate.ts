import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { DbError } from './errors';
import { migrationsDir } from './paths';

export interface Migration {
  /** Folder name, e.g. `20261123000000_init`; migrations apply in name order. */
  name: string;
  sql: string;
  /** SHA-256 (hex) of migration.sql, as Prisma computes it. */
  checksum: string;
}

export interface MigrateResult {
  /** Migrations applied by this call, in order. */
  applied: string[];
  /** Migrations that were already applied. */
  skipped: string[];
}

// Any fixed pair works; it only has to be the same in every process that migrates this database.
const LOCK_KEY: number[] = [0x52_57_61_74, 0x6d_69_67_72]; // "RWat", "migr"

/** Prisma's own tracking table, so `prisma migrate status` (where it can run) agrees with us. */
const TRACKING_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export function readMigrations(dir = migrationsDir()): Migration[] {
  if (!fs.existsSync(dir)) throw new DbError('MIGRATION_FILES', `The migrations folder ${dir} does not exist.`);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const file = path.join(dir, name, 'migration.sql');
      if (!fs.existsSync(file)) throw new DbError('MIGRATION_FILES', `The migration folder ${path.join(dir, name)} has no migration.sql.`);
      const sql = fs.readFileSync(file, 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Applies the pending migrations of prisma/migrations to the database at `url`, each in its own
 * transaction, recorded in `_prisma_migrations`. Holds an advisory lock for the whole run, so processes
 * starting together apply each migration once; the others wait and then find nothing to do. Refuses to
 * run when an applied migration's file has changed since (its effects would not match the file).
 */
export async function migrate(url: string, options: { dir?: string } = {}): Promise<MigrateResult> {
  const migrations = readMigrations(options.dir);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', LOCK_KEY);
    await client.query(TRACKING_TABLE);
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const done = new Map<string, string>();
    for (const row of rows) {
      if (row.finished_at === null) {
        throw new DbError('MIGRATION_FAILED', `Migration ${row.migration_name} is recorded as started but not finished (a failed run of another tool). Repair the database, then delete that row of _prisma_migrations.`);
      }
      done.set(row.migration_name, row.checksum);
    }
    const result: MigrateResult = { applied: [], skipped: [] };
    for (const m of migrations) {
      const checksum = done.get(m.name);
      if (checksum !== undefined) {
        if (checksum !== m.checksum) {
          throw new DbError('MIGRATION_CHECKSUM', `Migration ${m.name} was changed after it was applied to this database (checksum ${checksum.slice(0, 12)}… applied, ${m.checksum.slice(0, 12)}… on disk). Never edit an applied migration: restore the file and add a new migration.`);
        }
        result.skipped.push(m.name);
        continue;
      }
      await applyOne(client, m);
      result.applied.push(m.name);
    }
    return result;
  } finally {
    // Ending the session releases the advisory lock too; unlocking first frees waiters sooner.
    await client.query('SELECT pg_advisory_unlock($1, $2)', LOCK_KEY).catch(() => undefined);
    await client.end();
  }
}

async function applyOne(client: Client, m: Migration): Promise<void> {
  const started = new Date();
  try {
    await client.query('BEGIN');
    await client.query(m.sql); // simple-query protocol: a file of several statements
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, now(), $3, $4, 1)`,
      [randomUUID(), m.checksum, m.name, started],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new DbError('MIGRATION_FAILED', `Migration ${m.name} failed and was rolled back: ${(err as Error).message}`, err);
  }
}
