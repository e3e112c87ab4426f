import type { IdPage } from '@reachwatch/db';
import { z } from 'zod';
import { Cursor, encodeCursor, Limit } from '../clusters/query';

/**
 * Ids in URLs and the paging of the id-ordered lists of alerting and compliance (webhooks, deliveries,
 * approved flows, reports, schedules): newest first, `limit` + opaque `cursor`.
 */
export const IdParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const IdPageQuery = z.strictObject({
  limit: Limit(500, 100),
  cursor: Cursor(z.number().int().positive()).optional(),
});
export type IdPageQuery = z.infer<typeof IdPageQuery>;

/** A repository page as the API answers it. */
export function pageView<T, V>(page: IdPage<T>, view: (t: T) => V): { items: V[]; nextCursor: string | null } {
  return { items: page.items.map(view), nextCursor: page.nextBeforeId === null ? null : encodeCursor(page.nextBeforeId) };
}
