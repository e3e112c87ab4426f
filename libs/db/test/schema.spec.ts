import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDb, Db } from '../src';
import { repoRoot } from '../src/paths';
import { createTestDatabase, TestDatabase } from '../src/testing';
import { expectedSqlType, parsePrismaSchema } from './prisma-schema';

const schemaFile = path.join(repoRoot(), 'prisma', 'schema.prisma');
const models = parsePrismaSchema(schemaFile);

let tdb: TestDatabase;
let db: Db;
beforeAll(async () => {
  tdb = await createTestDatabase();
  db = connectDb(tdb.url);
});
afterAll(async () => {
  await db.close();
  await tdb.drop();
});

describe('prisma/schema.prisma agrees with the SQL migrations', () => {
  it('has a model for every table and nothing else', async () => {
    const { rows } = await db.pool.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1",
    );
    expect(models.map((m) => m.table).sort()).toEqual(rows.map((r) => r.table_name));
    expect(models.length).toBe(25);
  });

  it('maps every column with the same type and nullability', async () => {
    const { rows } = await db.pool.query(
      "SELECT table_name, column_name, data_type, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'",
    );
    const actual = rows
      .map((r) => `${r.table_name}.${r.column_name} ${r.data_type === 'ARRAY' ? `ARRAY:${r.udt_name}` : r.data_type}${r.is_nullable === 'YES' ? ' NULL' : ''}`)
      .sort();
    const expected = models
      .flatMap((m) => m.fields.map((f) => `${m.table}.${f.column} ${expectedSqlType(f)}${f.optional ? ' NULL' : ''}`))
      .sort();
    expect(expected).toEqual(actual);
  });

  it('declares the same primary keys and named indexes', async () => {
    const pk = await db.pool.query(
      `SELECT tc.table_name, array_agg(kcu.column_name::text ORDER BY kcu.ordinal_position) AS cols
         FROM information_schema.table_constraints tc
         JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_name = tc.table_name
        WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'public' AND tc.table_name <> '_prisma_migrations'
        GROUP BY tc.table_name`,
    );
    const actualPk = Object.fromEntries(pk.rows.map((r) => [r.table_name, r.cols]));
    expect(Object.fromEntries(models.map((m) => [m.table, m.primaryKey]))).toEqual(actualPk);
    const idx = await db.pool.query("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'");
    const names = new Set(idx.rows.map((r) => r.indexname));
    for (const m of models) for (const name of m.indexNames) expect(names, `${m.table}: ${name}`).toContain(name);
  });

  it('lets the generated client query every model', async () => {
    const client = db.prisma as unknown as Record<string, { findMany(args: object): Promise<unknown[]> }>;
    for (const m of models) {
      const delegate = client[m.name[0].toLowerCase() + m.name.slice(1)];
      await expect(delegate.findMany({ take: 1 }), m.name).resolves.toEqual([]);
    }
  });
});

describe('the committed generated client', () => {
  it('is what `prisma generate` produces from the schema', () => {
    // Generate into a scratch copy of the layout (same relative output path, so the same inline schema).
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-prisma-gen-'));
    try {
      fs.mkdirSync(path.join(tmp, 'prisma'));
      fs.copyFileSync(schemaFile, path.join(tmp, 'prisma', 'schema.prisma'));
      const cli = path.join(path.dirname(require.resolve('prisma/package.json')), 'build', 'index.js');
      const r = spawnSync(process.execPath, [cli, 'generate', '--schema', 'prisma/schema.prisma'], {
        cwd: tmp,
        encoding: 'utf8',
        env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      });
      expect(r.status, r.stderr).toBe(0);
      const generated = path.join(tmp, 'libs', 'db', 'src', 'generated', 'prisma');
      const committed = path.join(__dirname, '..', 'src', 'generated', 'prisma');
      const list = (dir: string) => (fs.readdirSync(dir, { recursive: true }) as string[]).sort();
      expect(list(committed)).toEqual(list(generated));
      for (const f of list(generated).filter((f) => fs.statSync(path.join(generated, f)).isFile())) {
        const same = fs.readFileSync(path.join(generated, f), 'utf8') === fs.readFileSync(path.join(committed, f), 'utf8');
        expect(same, `${f} is stale: run npm run -w @reachwatch/db prisma:generate`).toBe(true);
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
