import { afterAll, beforeAll } from 'vitest';
import { connectDb, type Db } from '../src';
import { createTestDatabase, type TestDatabase } from '../src/testing';

/**
 * One migrated database for the calling test file: created (and `ready` called with it) before its tests,
 * closed and dropped after them.
 */
export function useTestDatabase(ready: (db: Db, url: string) => void): void {
  let tdb: TestDatabase | undefined;
  let db: Db | undefined;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = connectDb(tdb.url);
    ready(db, tdb.url);
  });
  afterAll(async () => {
    await db?.close();
    await tdb?.drop();
  });
}
