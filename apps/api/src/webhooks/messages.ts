/** Every message of the webhooks resource a client can read. */
export const WEBHOOKS_MSG = {
  notFound: (id: number) => `No webhook with id ${id}.`,
  nameTaken: (name: string) => `A webhook named "${name}" already exists.`,
  badUrl: 'expected an http:// or https:// URL with a host, e.g. https://hooks.example.com/reachwatch',
  testQueued: 'Queued: the dispatcher sends it like an alert (with retries); follow it in GET /api/v1/webhooks/{id}/deliveries.',
} as const;
