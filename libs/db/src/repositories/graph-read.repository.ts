import type { Pool } from 'pg';

/** One port range of an edge, as the worker stored it (PortSet.toList()). */
export interface StoredPortRange {
  protocol: 'TCP' | 'UDP' | 'SCTP';
  from: number;
  to: number;
}

export interface EdgeFilter {
  /** Only edges with an end in one of these namespaces. */
  namespaces?: readonly string[];
  /** Only edges that allow this port. */
  port?: { protocol: string; port: number };
  /** `workload`: both ends are workloads; `external`: one end is an address range. */
  peer?: 'workload' | 'external';
}

/** Edges between two groups (namespaces, or an external range), aggregated. */
export interface GroupEdge {
  /** Namespace name, or the external endpoint's key. */
  src: string;
  dst: string;
  srcExternal: boolean;
  dstExternal: boolean;
  /** The external endpoint (JSON) when the end is external. */
  srcEndpoint: unknown | null;
  dstEndpoint: unknown | null;
  /** Workload-level edges in the group. */
  edges: number;
  allPorts: boolean;
  /** The distinct port lists of the group's edges (their union is the group's ports). */
  portLists: StoredPortRange[][];
}

export interface StoredEdge {
  srcKey: string;
  dstKey: string;
  src: unknown;
  dst: unknown;
  srcNamespace: string | null;
  dstNamespace: string | null;
  allPorts: boolean;
  ports: StoredPortRange[];
  portsText: string;
}

/** Inbound edges of a fan-in destination, grouped by source namespace ('' = external ranges). */
export interface FanInSummary {
  dstKey: string;
  dst: unknown;
  srcNamespace: string | null;
  sources: number;
  allPorts: boolean;
  portLists: StoredPortRange[][];
}

/** The edge table (current workload-level connections, written by the worker) for graphs and matrices. */
export class GraphReadRepository {
  constructor(private readonly pool: Pool) {}

  /** Edges grouped by (source namespace | external range) × (destination namespace | external range). */
  async namespaceGraph(clusterId: number, f: EdgeFilter): Promise<GroupEdge[]> {
    const { where, args } = filterSql(clusterId, f);
    const r = await this.pool.query<{
      src: string; dst: string; src_ext: boolean; dst_ext: boolean; src_ep: unknown; dst_ep: unknown; edges: number; all_ports: boolean; port_lists: StoredPortRange[][];
    }>(
      `SELECT coalesce(src_namespace, src_key) AS src, coalesce(dst_namespace, dst_key) AS dst,
              src_namespace IS NULL AS src_ext, dst_namespace IS NULL AS dst_ext,
              CASE WHEN src_namespace IS NULL THEN min(src::text)::jsonb END AS src_ep,
              CASE WHEN dst_namespace IS NULL THEN min(dst::text)::jsonb END AS dst_ep,
              count(*)::int AS edges, bool_or(all_ports) AS all_ports,
              jsonb_agg(DISTINCT ports) FILTER (WHERE NOT all_ports) AS port_lists
         FROM edge WHERE ${where}
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2`,
      args,
    );
    return r.rows.map((x) => ({
      src: x.src, dst: x.dst, srcExternal: x.src_ext, dstExternal: x.dst_ext, srcEndpoint: x.src_ep, dstEndpoint: x.dst_ep,
      edges: x.edges, allPorts: x.all_ports, portLists: x.port_lists ?? [],
    }));
  }

  /**
   * Workload-level edges, sorted by (src, dst) keys. Destinations with more than `fanIn` inbound edges
   * (typically workloads no ingress policy isolates) are not listed edge by edge: their inbound edges
   * come back as summaries per source namespace. At most `limit` edges and `limit` summaries.
   */
  async workloadGraph(clusterId: number, f: EdgeFilter, opts: { limit: number; fanIn: number; afterKey?: [string, string] }) {
    const { where, args } = filterSql(clusterId, f);
    const arg = (v: unknown) => `$${args.push(v)}`;
    const fanIn = arg(opts.fanIn);
    const after = opts.afterKey ? ` AND (e.src_key, e.dst_key) > (${arg(opts.afterKey[0])}, ${arg(opts.afterKey[1])})` : '';
    const limit = arg(opts.limit + 1);
    const fanCte = `WITH f AS (SELECT * FROM edge WHERE ${where}),
                    fan AS (SELECT dst_key FROM f GROUP BY dst_key HAVING count(*) > ${fanIn})`;
    const edges = await this.pool.query<EdgeSql>(
      `${fanCte}
       SELECT e.* FROM f e WHERE NOT EXISTS (SELECT 1 FROM fan WHERE fan.dst_key = e.dst_key)${after}
        ORDER BY e.src_key, e.dst_key LIMIT ${limit}`,
      args,
    );
    const summaries = opts.afterKey ? { rows: [] } : await this.pool.query<{
      dst_key: string; dst: unknown; src_namespace: string | null; sources: number; all_ports: boolean; port_lists: StoredPortRange[][] | null;
    }>(
      `${fanCte}
       SELECT e.dst_key, min(e.dst::text)::jsonb AS dst, e.src_namespace, count(*)::int AS sources, bool_or(e.all_ports) AS all_ports,
              jsonb_agg(DISTINCT e.ports) FILTER (WHERE NOT e.all_ports) AS port_lists
         FROM f e JOIN fan USING (dst_key)
        GROUP BY e.dst_key, e.src_namespace ORDER BY e.dst_key, e.src_namespace NULLS FIRST LIMIT ${limit}`,
      args,
    );
    const rows = edges.rows.slice(0, opts.limit).map(toEdge);
    const last = rows[rows.length - 1];
    return {
      edges: rows,
      nextAfter: edges.rows.length > opts.limit ? ([last.srcKey, last.dstKey] as [string, string]) : null,
      summaries: summaries.rows.slice(0, opts.limit).map((s) => ({
        dstKey: s.dst_key, dst: s.dst, srcNamespace: s.src_namespace, sources: s.sources, allPorts: s.all_ports, portLists: s.port_lists ?? [],
      })) as FanInSummary[],
      summariesTruncated: summaries.rows.length > opts.limit,
    };
  }

  /** Edges between workloads of the given namespaces (both ends inside the set), sorted, at most `limit` + 1. */
  async edgesAmong(clusterId: number, namespaces: readonly string[], limit: number): Promise<StoredEdge[]> {
    const r = await this.pool.query<EdgeSql>(
      `SELECT * FROM edge WHERE cluster_id = $1 AND src_namespace = ANY($2::text[]) AND dst_namespace = ANY($2::text[])
        ORDER BY src_key, dst_key LIMIT $3`,
      [clusterId, namespaces, limit + 1],
    );
    return r.rows.map(toEdge);
  }

  /** Edges into workloads of the namespaces from outside them (external ranges or other namespaces). */
  async inboundFromOutside(clusterId: number, namespaces: readonly string[]): Promise<StoredEdge[]> {
    const r = await this.pool.query<EdgeSql>(
      `SELECT * FROM edge WHERE cluster_id = $1 AND dst_namespace = ANY($2::text[])
          AND (src_namespace IS NULL OR src_namespace <> dst_namespace) ORDER BY dst_key, src_key`,
      [clusterId, namespaces],
    );
    return r.rows.map(toEdge);
  }
}

function filterSql(clusterId: number, f: EdgeFilter): { where: string; args: unknown[] } {
  const args: unknown[] = [clusterId];
  const arg = (v: unknown) => `$${args.push(v)}`;
  const where = ['cluster_id = $1'];
  if (f.namespaces) {
    const ns = arg(f.namespaces);
    where.push(`(src_namespace = ANY(${ns}::text[]) OR dst_namespace = ANY(${ns}::text[]))`);
  }
  if (f.peer === 'workload') where.push('src_namespace IS NOT NULL AND dst_namespace IS NOT NULL');
  if (f.peer === 'external') where.push('(src_namespace IS NULL OR dst_namespace IS NULL)');
  if (f.port) {
    const proto = arg(f.port.protocol);
    const port = arg(f.port.port);
    where.push(`(all_ports OR EXISTS (SELECT 1 FROM jsonb_array_elements(ports) p
                  WHERE p->>'protocol' = ${proto} AND (p->>'from')::int <= ${port} AND (p->>'to')::int >= ${port}))`);
  }
  return { where: where.join(' AND '), args };
}

interface EdgeSql {
  src_key: string; dst_key: string; src: unknown; dst: unknown; src_namespace: string | null; dst_namespace: string | null;
  all_ports: boolean; ports: StoredPortRange[]; ports_text: string;
}

function toEdge(r: EdgeSql): StoredEdge {
  return {
    srcKey: r.src_key, dstKey: r.dst_key, src: r.src, dst: r.dst, srcNamespace: r.src_namespace, dstNamespace: r.dst_namespace,
    allPorts: r.all_ports, ports: r.ports, portsText: r.ports_text,
  };
}
