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

  /**
   * The worker cursor: every journal event up to it is in the edges and summaries. Read it before them, so
   * a live client knows which edges.changed events the answer already holds (seq ≤ this).
   */
  async cursor(clusterId: number): Promise<number> {
    const r = await this.pool.query<{ last_seq: string }>(`SELECT last_seq FROM worker_cursor WHERE cluster_id = $1`, [clusterId]);
    return r.rows.length ? Number(r.rows[0].last_seq) : 0;
  }

  /**
   * Edges grouped by (source namespace | external range) × (destination namespace | external range).
   * Without a port filter this aggregates the worker's edge_group summaries (one row per destination and
   * source group) instead of every edge; a port filter needs the edges themselves.
   */
  async namespaceGraph(clusterId: number, f: EdgeFilter): Promise<GroupEdge[]> {
    if (f.port) return this.namespaceGraphFromEdges(clusterId, f);
    const { where, args } = groupFilterSql(clusterId, f);
    const r = await this.pool.query<GroupSql>(
      `SELECT g.src_group AS src, coalesce(g.dst_namespace, g.dst_key) AS dst,
              g.src IS NOT NULL AS src_ext, g.dst_namespace IS NULL AS dst_ext,
              min(g.src::text)::jsonb AS src_ep,
              CASE WHEN g.dst_namespace IS NULL THEN min(d.dst::text)::jsonb END AS dst_ep,
              ${GROUP_AGGREGATES}
         FROM edge_group g JOIN edge_dst d ON d.cluster_id = g.cluster_id AND d.dst_key = g.dst_key
              ${GROUP_PORT_LISTS}
        WHERE ${where}
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2`,
      args,
    );
    return r.rows.map(toGroupEdge);
  }

  private async namespaceGraphFromEdges(clusterId: number, f: EdgeFilter): Promise<GroupEdge[]> {
    const { where, args } = filterSql(clusterId, f);
    const r = await this.pool.query<GroupSql>(
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
    return r.rows.map(toGroupEdge);
  }

  /**
   * Workload-level edges, destination by destination (sorted by destination key, then source key).
   * Destinations with more than `fanIn` inbound edges (typically workloads no ingress policy isolates)
   * are not listed edge by edge: their inbound edges come back as summaries per source namespace (null:
   * external ranges). A destination's fan-in counts all its inbound edges, whatever the filters; the
   * listed edges and the summaries' counts are those the filters keep. At most `limit` of each.
   *
   * Cost: an index walk over the non-fan destinations and their edges up to `limit` rows, and over
   * edge_group for the summaries — never an aggregation of the whole edge table.
   */
  async workloadGraph(clusterId: number, f: EdgeFilter, opts: { limit: number; fanIn: number; afterKey?: [string, string] }) {
    const { where, args } = filterSql(clusterId, f);
    const arg = (v: unknown) => `$${args.push(v)}`;
    const fanIn = arg(opts.fanIn);
    let after = '';
    let dstFrom = '';
    if (opts.afterKey) {
      const [dst, src] = [arg(opts.afterKey[0]), arg(opts.afterKey[1])];
      dstFrom = ` AND d.dst_key >= ${dst}`;
      after = ` AND (d.dst_key > ${dst} OR e.src_key > ${src})`;
    }
    const limit = arg(opts.limit + 1);
    const edges = await this.pool.query<EdgeSql>(
      `SELECT e.* FROM edge_dst d
        CROSS JOIN LATERAL (SELECT * FROM edge WHERE ${where} AND edge.dst_key = d.dst_key ORDER BY edge.src_key) e
        WHERE d.cluster_id = $1 AND d.inbound <= ${fanIn}${dstFrom}${after}
        ORDER BY d.dst_key, e.src_key LIMIT ${limit}`,
      args,
    );
    const summaries = opts.afterKey ? [] : await this.fanInSummaries(clusterId, f, opts);
    const rows = edges.rows.slice(0, opts.limit).map(toEdge);
    const last = rows[rows.length - 1];
    return {
      edges: rows,
      nextAfter: edges.rows.length > opts.limit ? ([last.dstKey, last.srcKey] as [string, string]) : null,
      summaries: summaries.slice(0, opts.limit),
      summariesTruncated: summaries.length > opts.limit,
    };
  }

  /** Up to limit + 1 summaries of fan-in destinations, per source namespace (external ranges merged). */
  private async fanInSummaries(clusterId: number, f: EdgeFilter, opts: { limit: number; fanIn: number }): Promise<FanInSummary[]> {
    const { where, args } = groupFilterSql(clusterId, { ...f, port: undefined });
    const arg = (v: unknown) => `$${args.push(v)}`;
    const fanIn = arg(opts.fanIn);
    const limit = arg(opts.limit + 1);
    const ns = `CASE WHEN g.src IS NULL THEN g.src_group END`;
    // Every fan-in destination with a group the filters keep gives at least one summary row, so the first
    // limit + 1 rows come from the first limit + 1 such destinations: only their groups are aggregated.
    const page = `page AS (SELECT d.dst_key, d.dst FROM edge_dst d
                   WHERE d.cluster_id = $1 AND d.inbound > ${fanIn}
                     AND EXISTS (SELECT 1 FROM edge_group g WHERE g.cluster_id = $1 AND g.dst_key = d.dst_key AND ${where})
                   ORDER BY d.dst_key LIMIT ${limit})`;
    if (!f.port) {
      const r = await this.pool.query<SummarySql>(
        `WITH ${page}
         SELECT g.dst_key, min(d.dst::text)::jsonb AS dst, ${ns} AS src_namespace, ${GROUP_AGGREGATES.replace('AS edges', 'AS sources')}
           FROM page d JOIN edge_group g ON g.cluster_id = $1 AND g.dst_key = d.dst_key
                ${GROUP_PORT_LISTS}
          WHERE ${where}
          GROUP BY g.dst_key, 3 ORDER BY g.dst_key, 3 NULLS FIRST LIMIT ${limit}`,
        args,
      );
      return r.rows.map(toSummary);
    }
    // A port filter: the groups whose ports may include it, then their edges that do, counted exactly.
    const port = { protocol: arg(f.port.protocol), port: arg(f.port.port) };
    const r = await this.pool.query<SummarySql>(
      `WITH cand AS (
         SELECT g.dst_key, g.src_group, g.src FROM edge_dst d JOIN edge_group g ON g.cluster_id = d.cluster_id AND g.dst_key = d.dst_key
          WHERE d.cluster_id = $1 AND d.inbound > ${fanIn} AND ${where}
            AND (g.all_ports OR EXISTS (SELECT 1 FROM jsonb_array_elements(g.port_lists) pl, jsonb_array_elements(pl) p
                  WHERE p->>'protocol' = ${port.protocol} AND (p->>'from')::int <= ${port.port} AND (p->>'to')::int >= ${port.port}))),
       hits AS (
         SELECT c.dst_key, CASE WHEN c.src IS NULL THEN c.src_group END AS src_namespace, e.dst, e.all_ports, e.ports
           FROM cand c JOIN edge e ON e.cluster_id = $1 AND e.dst_key = c.dst_key
            AND (CASE WHEN c.src IS NULL THEN e.src_namespace = c.src_group ELSE e.src_key = c.src_group END)
          WHERE ${portSql('e', port)})
       SELECT dst_key, min(dst::text)::jsonb AS dst, src_namespace, count(*)::int AS sources, bool_or(all_ports) AS all_ports,
              jsonb_agg(DISTINCT ports) FILTER (WHERE NOT all_ports) AS port_lists
         FROM hits GROUP BY dst_key, src_namespace ORDER BY dst_key, src_namespace NULLS FIRST LIMIT ${limit}`,
      args,
    );
    return r.rows.map(toSummary);
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

/**
 * Aggregates over edge_group rows `g` joined with their port lists unnested (GROUP_PORT_LISTS): each group
 * row appears once per port list (or once without any), so counts take only its first appearance.
 */
const GROUP_PORT_LISTS = 'LEFT JOIN LATERAL jsonb_array_elements(g.port_lists) WITH ORDINALITY AS pl(list, i) ON true';
const GROUP_AGGREGATES = `sum(g.sources) FILTER (WHERE pl.i IS NULL OR pl.i = 1)::int AS edges, bool_or(g.all_ports) AS all_ports,
              jsonb_agg(DISTINCT pl.list) FILTER (WHERE pl.list IS NOT NULL) AS port_lists`;

/** The same filters on edge_group rows `g` (source group, destination namespace); no port filter here. */
function groupFilterSql(clusterId: number, f: EdgeFilter): { where: string; args: unknown[] } {
  const args: unknown[] = [clusterId];
  const arg = (v: unknown) => `$${args.push(v)}`;
  const where = ['g.cluster_id = $1'];
  if (f.namespaces) {
    const ns = arg(f.namespaces);
    where.push(`((g.src IS NULL AND g.src_group = ANY(${ns}::text[])) OR g.dst_namespace = ANY(${ns}::text[]))`);
  }
  if (f.peer === 'workload') where.push('g.src IS NULL AND g.dst_namespace IS NOT NULL');
  if (f.peer === 'external') where.push('(g.src IS NOT NULL OR g.dst_namespace IS NULL)');
  return { where: where.join(' AND '), args };
}

function portSql(alias: string, p: { protocol: string; port: string }): string {
  return `(${alias}.all_ports OR EXISTS (SELECT 1 FROM jsonb_array_elements(${alias}.ports) p
            WHERE p->>'protocol' = ${p.protocol} AND (p->>'from')::int <= ${p.port} AND (p->>'to')::int >= ${p.port}))`;
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
  if (f.port) where.push(portSql('edge', { protocol: arg(f.port.protocol), port: arg(f.port.port) }));
  return { where: where.join(' AND '), args };
}

interface GroupSql {
  src: string; dst: string; src_ext: boolean; dst_ext: boolean; src_ep: unknown; dst_ep: unknown; edges: number; all_ports: boolean; port_lists: StoredPortRange[][] | null;
}

function toGroupEdge(x: GroupSql): GroupEdge {
  return {
    src: x.src, dst: x.dst, srcExternal: x.src_ext, dstExternal: x.dst_ext, srcEndpoint: x.src_ext ? x.src_ep : null, dstEndpoint: x.dst_ep,
    edges: x.edges, allPorts: x.all_ports, portLists: x.port_lists ?? [],
  };
}

interface SummarySql {
  dst_key: string; dst: unknown; src_namespace: string | null; sources: number; all_ports: boolean; port_lists: StoredPortRange[][] | null;
}

function toSummary(s: SummarySql): FanInSummary {
  return { dstKey: s.dst_key, dst: s.dst, srcNamespace: s.src_namespace, sources: s.sources, allPorts: s.all_ports, portLists: s.port_lists ?? [] };
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
