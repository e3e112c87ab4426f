// Prisma CLI configuration. Lives in prisma/ because the top level of the repository is fixed; pass it
// with `prisma generate --config prisma/prisma.config.ts` (libs/db's `prisma:generate` script does).
// Migrations are not run by the Prisma CLI (its schema engine cannot be fetched offline): libs/db's
// runner applies prisma/migrations/*/migration.sql itself, in the same layout and tracking table.
import path from 'node:path';
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: path.join(__dirname, 'schema.prisma'),
  migrations: { path: path.join(__dirname, 'migrations') },
  // env('DATABASE_URL') throws when it is unset, and `generate` needs no database at all.
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
