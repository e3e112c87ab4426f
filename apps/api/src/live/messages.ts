/** Every message of the live feed a client can read. */
export const LIVE_MSG = {
  badSubscribe: 'Expected {"cluster": "<name>"}.',
  tooManySubscriptions: (max: number) => `At most ${max} cluster subscriptions per connection.`,
  unavailable: 'The live feed cannot reach its database; retry shortly.',
  credentialEnded: 'The session or token is no longer valid (expired or revoked).',
} as const;
