import { ALERT_SEVERITIES, ALERT_STATES } from '@reachwatch/db';
import { z } from 'zod';
import { CommaList, Cursor, Limit } from '../clusters/query';
import { ClusterName } from '../clusters/clusters.schemas';

export const AlertsQuery = z.strictObject({
  cluster: ClusterName.optional(),
  state: CommaList(z.enum(ALERT_STATES), 3).optional().describe('comma-separated: open, acknowledged, resolved'),
  severity: CommaList(z.enum(ALERT_SEVERITIES), 4).optional().describe('comma-separated: low, medium, high, critical'),
  rule: z.string().min(1).max(100).optional(),
  limit: Limit(500, 100),
  cursor: Cursor(z.number().int().positive()).optional(),
});
export type AlertsQuery = z.infer<typeof AlertsQuery>;

export const AlertIdParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
