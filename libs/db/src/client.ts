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

export function connectDb(url: string, options: { max?: number } = {}): Db {
  const pool = new Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle client losing its connection (server restart) must not crash the process; the pool
  // replaces it on the next checkout.
  pool.on('error', () => undefined);
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
