import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDb, Db } from '../src';
import { copyRows, encodeRow, JsonText, textArray } from '../src/copy';
import { createTestDatabase, TestDatabase } from '../src/testing';

let tdb: TestDatabase;
let db: Db;

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = connectDb(tdb.url);
  await db.pool.query(`CREATE TABLE copy_probe (id int PRIMARY KEY, t text, j jsonb, a text[], b boolean, n bigint, d timestamptz)`);
});
afterAll(async () => {
  await db.close();
  await tdb.drop();
});

// Every character COPY's text format treats specially, plus what JSON and array literals escape.
const NASTY = ['plain', 'tab\there', 'line\nbreak', 'cr\rhere', 'back\\slash', '\\N', 'quote"s', "apo'strophe", 'comma,brace{}', 'NULL', '', 'ünïcødé ✓ 🚀', '\\\\t literal'];

describe('copyRows', () => {
  it('stores every value exactly as given, whatever characters it holds', async () => {
    const client = await db.pool.connect();
    try {
      const rows: unknown[][] = NASTY.map((s, i) => [i, s, { s, nested: { list: [s, i, null, true] } }, textArray([s, 'x', s]), i % 2 === 0, BigInt(2) ** BigInt(40) + BigInt(i), new Date(Date.UTC(2026, 10, 23, 12, 0, i))]);
      rows.push([100, null, null, null, null, null, null]);
      rows.push([101, 'pre-serialised', new JsonText(JSON.stringify({ s: 'tab\there \\ "q"' })), null, null, null, null]);
      expect(await copyRows(client, 'copy_probe', ['id', 't', 'j', 'a', 'b', 'n', 'd'], rows)).toBe(rows.length);
    } finally {
      client.release();
    }
    const { rows } = await db.pool.query('SELECT id, t, j, a, b, n::text, d FROM copy_probe ORDER BY id');
    NASTY.forEach((s, i) => {
      expect(rows[i]).toEqual({ id: i, t: s, j: { s, nested: { list: [s, i, null, true] } }, a: [s, 'x', s], b: i % 2 === 0, n: String(2 ** 40 + i), d: new Date(Date.UTC(2026, 10, 23, 12, 0, i)) });
    });
    expect(rows[NASTY.length]).toEqual({ id: 100, t: null, j: null, a: null, b: null, n: null, d: null });
    expect(rows[NASTY.length + 1].j).toEqual({ s: 'tab\there \\ "q"' });
  });

  it('fails the transaction and writes nothing when a row is refused', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      // Id 0 exists: the COPY fails on the primary key; the rows before it must not stay.
      await expect(copyRows(client, 'copy_probe', ['id', 't'], [[1000, 'a'], [0, 'duplicate']])).rejects.toThrow(/duplicate key/);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect((await db.pool.query('SELECT count(*)::int AS n FROM copy_probe WHERE id = 1000')).rows[0].n).toBe(0);
    // The pool's connection is usable afterwards.
    expect((await db.pool.query('SELECT 1 AS one')).rows[0].one).toBe(1);
  });

  it('refuses values it cannot encode and identifiers that are not plain names', async () => {
    const client = await db.pool.connect();
    try {
      await expect(copyRows(client, 'copy_probe; DROP TABLE x', ['id'], [[1]])).rejects.toThrow(/plain identifier/);
      await expect(copyRows(client, 'copy_probe', ['id', 't'], [[1]])).rejects.toThrow(/1 values for 2 columns/);
    } finally {
      client.release();
    }
    expect(() => encodeRow([Number.NaN])).toThrow(/cannot be stored/);
    expect(() => encodeRow([() => 1])).toThrow(/cannot be stored/);
  });

  it('streams many rows in chunks', async () => {
    const client = await db.pool.connect();
    try {
      const many = Array.from({ length: 5000 }, (_, i) => [10_000 + i, `row ${i}\twith tab`]);
      expect(await copyRows(client, 'copy_probe', ['id', 't'], many)).toBe(5000);
    } finally {
      client.release();
    }
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n, min(t) AS t FROM copy_probe WHERE id >= 10000 AND t LIKE '%\twith tab'`);
    expect(rows[0]).toEqual({ n: 5000, t: 'row 0\twith tab' });
  });
});
