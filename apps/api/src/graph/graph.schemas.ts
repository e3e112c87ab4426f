import { z } from 'zod';
import { CommaList, Cursor, Limit, NamespaceName, PortQuery } from '../clusters/query';

export const GraphQuery = z.strictObject({
  level: z.enum(['namespace', 'workload']).default('namespace'),
  namespaces: CommaList(NamespaceName, 200).optional().describe('only edges with an end in one of these namespaces (comma-separated)'),
  port: PortQuery.optional().describe('only edges that allow this port, e.g. TCP/443'),
  peer: z.enum(['workload', 'external', 'all']).default('all').describe('workload: both ends are workloads; external: one end is an address range'),
  limit: Limit(10_000, 2000).describe('workload level: at most this many edges (and this many summaries) per page'),
  fanIn: z.coerce.number().int().min(1).max(100_000).default(50)
    .describe('workload level: a destination reached by more workloads than this (typically one no ingress policy isolates) is summarised per source namespace'),
  cursor: Cursor(z.tuple([z.string(), z.string()])).optional(),
});
export type GraphQuery = z.infer<typeof GraphQuery>;
