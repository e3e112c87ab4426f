import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../src';
import { migrationsDir } from '../src/paths';
import { createTestDatabase, TestDatabase } from '../src/testing';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0)) await f();
});

async function freshDb(): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrate: false });
  cleanups.push(db.drop);
  return db;
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows as T[];
  } finally {
    await c.end();
  }
}

function copyMigrations(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-migrations-'));
  fs.cpSync(migrationsDir(), dir, { recursive: true });
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const names = readMigrations().map((m) => m.name);

describe('migrate', () => {
  it('applies every migration to a fresh database, in order, recorded like Prisma does', async () => {
    const db = await freshDb();
    expect(await migrate(db.url)).toEqual({ applied: names, skipped: [] });
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date; applied_steps_count: number }>(
      db.url,
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY started_at, migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    expect(rows.map((r) => r.checksum)).toEqual(readMigrations().map((m) => m.checksum));
    expect(rows.every((r) => r.finished_at instanceof Date && r.applied_steps_count === 1)).toBe(true);
    const tables = await query<{ table_name: string }>(db.url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1");
    expect(tables.map((t) => t.table_name)).toContain('change_event');
  });

  it('does nothing on a re-run', async () => {
    const db = await freshDb();
    await migrate(db.url);
    expect(await migrate(db.url)).toEqual({ applied: [], skipped: names });
  });

  it('refuses a migration that changed after it was applied', async () => {
    const db = await freshDb();
    const dir = copyMigrations();
    await migrate(db.url, { dir });
    fs.appendFileSync(path.join(dir, names[0], 'migration.sql'), '\n-- edited\n');
    await expect(migrate(db.url, { dir })).rejects.toMatchObject({ code: 'MIGRATION_CHECKSUM', message: expect.stringContaining(names[0]) });
  });

  it('rolls a failing migration back completely and reports it', async () => {
    const db = await freshDb();
    const dir = copyMigrations();
    fs.mkdirSync(path.join(dir, '29990101000000_broken'));
    fs.writeFileSync(path.join(dir, '29990101000000_broken', 'migration.sql'), 'CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;\n');
    await expect(migrate(db.url, { dir })).rejects.toMatchObject({ code: 'MIGRATION_FAILED', message: expect.stringMatching(/29990101000000_broken.*no_such_table/) });
    expect(await query(db.url, "SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'")).toEqual([]);
    // The good ones before it were committed, each in its own transaction.
    expect((await query<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM _prisma_migrations'))[0].n).toBe(names.length);
  });

  it('reports a migration folder without migration.sql', async () => {
    const dir = copyMigrations();
    fs.mkdirSync(path.join(dir, '29990101000000_empty'));
    expect(() => readMigrations(dir)).toThrow(/29990101000000_empty has no migration.sql/);
    expect(() => readMigrations(path.join(dir, 'nope'))).toThrow(/does not exist/);
  });

  it('applies each migration once when several processes start together', async () => {
    const db = await freshDb();
    const results = await Promise.all(Array.from({ length: 6 }, () => migrate(db.url)));
    expect(results.flatMap((r) => r.applied).sort()).toEqual([...names].sort());
    expect((await query<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM _prisma_migrations'))[0].n).toBe(names.length);
  });
});
