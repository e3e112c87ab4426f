/**
 * A connection lost while checked out but between queries must not crash the process (an unhandled 'error'
 * on the client did, on every Ctrl-C of `npm start`, which stops Postgres and Node at the same moment).
 */
import { expect, it } from 'vitest';
import type { Db } from '../src';
import { useTestDatabase } from './test-database';

let db: Db;
useTestDatabase((d) => (db = d));

it('a checked-out client whose connection is terminated between queries reports it on its next query, without crashing', async () => {
  const client = await db.pool.connect();
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  await client.query('BEGIN');
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => uncaught.push(e);
  process.on('uncaughtException', onUncaught);
  try {
    const other = await db.pool.connect();
    await other.query('SELECT pg_terminate_backend($1)', [pid]);
    other.release();
    // Let the termination notice reach the idle, checked-out client.
    await new Promise((r) => setTimeout(r, 200));
    await expect(client.query('SELECT 1')).rejects.toThrow();
    expect(uncaught).toEqual([]);
  } finally {
    process.off('uncaughtException', onUncaught);
    client.release(true);
  }
  // The pool goes on with a fresh connection.
  expect((await db.pool.query('SELECT 1 AS one')).rows[0].one).toBe(1);
});
