/**
 * Failures of the account repositories (users, sessions, personal tokens) that a caller must tell apart.
 * The API maps each code to an HTTP status in one place (apps/api/src/auth/account-errors.ts).
 */
export type AccountDbErrorCode =
  | 'EMAIL_TAKEN' // another user has this email
  | 'INVALID_EMAIL' // not an address we accept
  | 'USER_NOT_FOUND'
  | 'LAST_ADMIN' // the change would leave no enabled admin, locking everyone out of administration
  | 'UNKNOWN_CLUSTER' // a grant names a cluster that does not exist
  | 'TOKEN_NOT_FOUND'; // no such personal token of this user

export class AccountDbError extends Error {
  constructor(
    readonly code: AccountDbErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AccountDbError';
  }
}
