/**
 * Every message of the accounts area a client can read. Authentication failures are deliberately uniform:
 * a login failure never says whether the email exists, and a cluster the caller may not see is "not found"
 * exactly like one that does not exist.
 */
export const AUTH_MSG = {
  missingCredentials: 'Authentication required: log in (session cookie) or send "Authorization: Bearer <token>".',
  malformedCredentials: 'Malformed credentials: expected "Authorization: Bearer <token>" with a single token.',
  invalidCredentials: 'The session or token is not valid (unknown, expired or revoked).',
  agentTokenHere: 'Agent tokens can only ingest; use a session or a personal API token here.',
  loginFailed: 'Email or password is wrong.',
  loginRateLimited: (seconds: number) => `Too many login attempts; retry in ${seconds} s.`,
  csrfHeaderMissing:
    'Cookie-authenticated requests that change something must carry the header "X-Requested-With" (any value); scripts should use a bearer token instead.',
  forbiddenRole: (roles: readonly string[]) => `This needs the role ${roles.join(' or ')}.`,
  clusterNotFound: (name: string) => `No cluster named "${name.length > 63 ? `${name.slice(0, 63)}…` : name}".`,
  logoutNeedsSession: 'Logout ends a login session; a personal token is revoked with DELETE /api/v1/tokens/{id}.',
  tokenNeedsSession: 'Personal tokens are created from a login session, not with another token.',
  userNotFound: (id: number) => `No user with id ${id}.`,
  emptyChange: 'Nothing to change: give at least one of role, disabled, password.',
} as const;
