import { CNI_PROFILES } from '@reachwatch/db';
import { z } from 'zod';
import { Cursor, Limit } from './query';

export const ClusterName = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "1–63 lower-case letters, digits and '-', starting and ending with a letter or digit");

export const RegisterClusterBody = z.strictObject({
  // "summary" would be shadowed by GET /api/v1/clusters/summary.
  name: ClusterName.refine((n) => n !== 'summary', 'the name "summary" is reserved'),
  /** How ipBlock matches pod IPs (libs/policy-engine SEMANTICS.md, CNI profiles). */
  cni: z.enum(CNI_PROFILES).default('generic'),
});
export type RegisterClusterBody = z.infer<typeof RegisterClusterBody>;

export const ListClustersQuery = z.strictObject({
  limit: Limit(500, 100),
  /** Continue after this cluster name. */
  cursor: Cursor(z.string()).optional(),
});
