import type { DbError } from '@reachwatch/db';
import { ApiError } from './api-error';
import { MSG } from './messages';

/**
 * libs/db failures as HTTP answers, one exhaustive switch. Start-up failures (Postgres, migrations)
 * cannot happen during a request; if one does it is a bug and answers 500.
 */
export function fromDbError(err: DbError): ApiError {
  switch (err.code) {
    case 'INVALID_BATCH':
      return new ApiError('validation_failed', err.message, { issues: err.details ?? [] });
    case 'INVALID_CLUSTER':
      return new ApiError('bad_request', err.message);
    case 'CLUSTER_EXISTS':
      return new ApiError('conflict', err.message);
    case 'CLUSTER_NOT_FOUND':
      return new ApiError('not_found', err.message);
    case 'PORT_IN_USE':
    case 'DATA_DIR_IN_USE':
    case 'POSTGRES_START_FAILED':
    case 'POSTGRES_BINARIES':
    case 'MIGRATION_CHECKSUM':
    case 'MIGRATION_FAILED':
    case 'MIGRATION_FILES':
      return new ApiError('internal', MSG.internal);
    default: {
      const unreachable: never = err.code;
      throw new Error(`unknown DbError code ${String(unreachable)}`);
    }
  }
}

/** Prisma's codes for "the server cannot be reached / did not answer in time". */
const PRISMA_UNAVAILABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** Socket errors and Postgres SQLSTATEs meaning the same (class 08: connection exception). */
const PG_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', '57P01', '57P02', '57P03', '53300']);

/**
 * Whether a failure means "the database is not there right now" rather than a bug: the client should
 * retry later (503), and an agent will, keeping its batch.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (PRISMA_UNAVAILABLE.has(code) || PG_UNAVAILABLE.has(code) || code.startsWith('08'))) return true;
  const message = (err as { message?: unknown }).message;
  return typeof message === 'string' && /Connection terminated|Can't reach database server/.test(message);
}
