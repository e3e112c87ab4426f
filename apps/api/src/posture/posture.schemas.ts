import { POSTURE_SORTS } from '@reachwatch/db';
import { z } from 'zod';
import { Cursor, Limit, NamespaceName, QueryBool } from '../clusters/query';

export const NamespacesQuery = z.strictObject({
  sort: z.enum(Object.keys(POSTURE_SORTS) as [keyof typeof POSTURE_SORTS, ...(keyof typeof POSTURE_SORTS)[]]).default('namespace'),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: Limit(500, 100),
  cursor: Cursor(z.tuple([z.union([z.string(), z.number()]), z.string()])).optional(),
  search: z.string().min(1).max(63).optional().describe('substring of the namespace name'),
  exposedToInternet: QueryBool.optional(),
  reachableFromOtherNamespaces: QueryBool.optional(),
  defaultDenyIngress: QueryBool.optional(),
  defaultDenyEgress: QueryBool.optional(),
  minScore: z.coerce.number().min(0).max(100).optional(),
  maxScore: z.coerce.number().min(0).max(100).optional(),
});
export type NamespacesQuery = z.infer<typeof NamespacesQuery>;

export const WorkloadsQuery = z.strictObject({
  namespace: NamespaceName.optional(),
  search: z.string().min(1).max(253).optional().describe('substring of the workload name'),
  exposure: z.enum(['internet', 'other-namespace', 'any', 'none']).optional().describe('only workloads with (or without: none) this exposure'),
  limit: Limit(500, 100),
  /** Continue after this workload key (`ns/name[Kind]`). */
  cursor: Cursor(z.string()).optional(),
});
export type WorkloadsQuery = z.infer<typeof WorkloadsQuery>;
