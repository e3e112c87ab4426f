/**
 * The segmentation matrix of one cluster (PCI DSS 11.4.5): for each namespace with workloads (rows,
 * sources) and each in-scope namespace (columns, destinations), whether any workload of the row reaches
 * any workload of the column, and whether the register approves all of it. Inbound only: what leaves the
 * scope is 1.3.2's business.
 */
import { PortSet } from '@reachwatch/policy-engine';
import type { ClusterContext, ScopeFlow } from './context';
import type { SegmentationMatrix, SegmentationStatus } from './model';

export interface SegmentationCell {
  to: string;
  status: SegmentationStatus;
  ports: string;
  flows: ScopeFlow[];
}

export interface SegmentationRow {
  from: string;
  inScope: boolean;
  cells: SegmentationCell[];
}

export function segmentationRows(ctx: ClusterContext): SegmentationRow[] {
  const scoped = new Set(ctx.inScopeNamespaces);
  const sources = [...new Set(ctx.workloads.map((w) => w.endpoint.namespace))].sort();
  const byPair = new Map<string, ScopeFlow[]>();
  for (const f of ctx.flows) {
    const { src, dst } = f.connection;
    if (src.type !== 'workload' || dst.type !== 'workload' || !scoped.has(dst.namespace)) continue;
    const k = `${src.namespace}\u0000${dst.namespace}`;
    const list = byPair.get(k);
    if (list) list.push(f);
    else byPair.set(k, [f]);
  }
  return sources.map((from) => ({
    from,
    inScope: scoped.has(from),
    cells: ctx.inScopeNamespaces.map((to): SegmentationCell => {
      const flows = byPair.get(`${from}\u0000${to}`) ?? [];
      const ports = flows.reduce((acc, f) => acc.union(f.connection.ports), PortSet.NONE);
      const status: SegmentationStatus = scoped.has(from)
        ? 'in-scope'
        : flows.length === 0
          ? 'denied'
          : flows.every((f) => f.coverage.unapproved.isEmpty())
            ? 'approved'
            : 'open';
      return { to, status, ports: ports.toString(), flows };
    }),
  }));
}

export function segmentationMatrix(ctx: ClusterContext): SegmentationMatrix {
  return {
    cluster: ctx.name,
    columns: [...ctx.inScopeNamespaces],
    rows: segmentationRows(ctx).map((r) => ({ from: r.from, inScope: r.inScope, cells: r.cells.map(({ to, status, ports }) => ({ to, status, ports })) })),
  };
}
