import { AccountDbError } from '@reachwatch/db';
import { ApiError } from '../common/api-error';

/** libs/db account failures as HTTP answers: one exhaustive switch. */
export function fromAccountError(err: AccountDbError): ApiError {
  switch (err.code) {
    case 'EMAIL_TAKEN':
    case 'LAST_ADMIN':
      return new ApiError('conflict', err.message);
    case 'INVALID_EMAIL':
      return new ApiError('validation_failed', err.message, { issues: [{ path: 'email', code: 'invalid_format', message: err.message }] });
    case 'UNKNOWN_CLUSTER':
      return new ApiError('validation_failed', err.message, {
        issues: [{ path: 'clusters', code: 'unknown_cluster', message: err.message }],
        ...(err.details as object),
      });
    case 'USER_NOT_FOUND':
    case 'TOKEN_NOT_FOUND':
      return new ApiError('not_found', err.message);
    default: {
      const unreachable: never = err.code;
      throw new Error(`unknown AccountDbError code ${String(unreachable)}`);
    }
  }
}

/** Runs a repository call, turning its AccountDbErrors into ApiErrors (anything else passes through). */
export async function mapAccountErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AccountDbError) throw fromAccountError(err);
    throw err;
  }
}
