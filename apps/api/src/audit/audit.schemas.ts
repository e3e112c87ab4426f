import { z } from 'zod';
import { Cursor, Instant, Limit, NamespaceName } from '../clusters/query';

export const AuditQuery = z.strictObject({
  namespace: z.union([NamespaceName, z.literal('')]).optional().describe("only changes in this namespace ('' = cluster-scoped objects)"),
  kind: z.enum(['NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'Namespace']).optional(),
  since: Instant.optional().describe('ISO 8601 with offset: changes at or after'),
  until: Instant.optional().describe('ISO 8601 with offset: changes at or before'),
  at: Instant.optional().describe('also return the posture of every namespace as it was at this time (rebuilt from the journal), and list changes up to it'),
  limit: Limit(500, 100),
  cursor: Cursor(z.number().int().positive()).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
