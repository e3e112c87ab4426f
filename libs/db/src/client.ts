import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from './generated/prisma/client';

/**
 * One connection pool per process, shared by the Prisma client (model queries) and by repositories that
 * need set-based SQL (ingest). Only repositories use this; services get repositories, never a Db.
 */
export interface Db {
  pool: Pool;
  prisma: PrismaClient;
  close(): Promise<void>;
}

/**
 * A connection lost while checked out but between queries (a transaction's client while the code prepares
 * its next statement, a LISTEN connection) emits 'error' on the client itself, where the pool's own idle
 * listener is not attached: unhandled, it would crash the process — which is what a Ctrl-C did, as it
 * stops Postgres and Node at the same moment. The caller's next query on that client fails with the error
 * instead, so nothing is lost; `onError` only reports it.
 */
export function survivesLostConnections(pool: Pool, onError: (err: Error) => void = () => undefined): Pool {
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}

export function connectDb(url: string, options: { max?: number } = {}): Db {
  // An idle client losing its connection (server restart) must not crash the process; the pool
  // replaces it on the next checkout.
  const pool = survivesLostConnections(new Pool({ connectionString: url, max: options.max ?? 10 }));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  let closed: Promise<void> | undefined;
  return {
    pool,
    prisma,
    close: () => {
      closed ??= (async () => {
        await prisma.$disconnect();
        await pool.end();
      })();
      return closed;
    },
  };
}
