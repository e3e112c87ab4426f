/**
 * Every failure of libs/db that a caller may need to tell apart carries a code; the API maps codes to
 * HTTP statuses at its edge. Messages are written for the person who has to act on them.
 */
export type DbErrorCode =
  | 'PORT_IN_USE' // the embedded Postgres cannot bind its port
  | 'DATA_DIR_IN_USE' // another Postgres owns the data folder
  | 'POSTGRES_START_FAILED' // initdb or postgres exited with an error
  | 'POSTGRES_BINARIES' // the embedded Postgres binaries are missing or unusable
  | 'MIGRATION_CHECKSUM' // an applied migration file was edited afterwards
  | 'MIGRATION_FAILED' // a migration's SQL failed (rolled back)
  | 'MIGRATION_FILES' // the migrations folder is missing or malformed
  | 'CLUSTER_EXISTS'
  | 'CLUSTER_NOT_FOUND'
  | 'INVALID_CLUSTER'
  | 'INVALID_BATCH'; // an ingest batch failed validation; nothing was written

export class DbError extends Error {
  constructor(
    readonly code: DbErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DbError';
  }
}
