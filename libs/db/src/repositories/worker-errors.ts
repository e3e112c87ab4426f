/**
 * Failures of the worker repositories that the worker tells apart. Both mean "this step was not
 * written and must not be": the worker drops its in-memory state for the cluster and starts over from
 * the database if it still holds the lease.
 */
export type WorkerDbErrorCode =
  | 'LEASE_LOST' // another worker holds (or nobody holds) the cluster's lease now
  | 'CURSOR_MOVED'; // the stored cursor is not where this worker's step started

export class WorkerDbError extends Error {
  constructor(
    readonly code: WorkerDbErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WorkerDbError';
  }
}
