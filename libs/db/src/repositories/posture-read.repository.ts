import type { Pool } from 'pg';
import type { PostureFields } from './posture-fields';

/** One posture row as the worker wrote it (libs/policy-engine posture.ts computes every number). */
export interface PostureRow extends PostureFields {
  details: Record<string, unknown>;
  /** The journal position this row is as of. */
  updatedSeq: number;
  updatedAt: Date;
}

/** Sort keys → SQL. Percentages of a namespace without pods sort as -1 (below 0 %), so keys are never NULL. */
export const POSTURE_SORTS = {
  namespace: 'namespace',
  score: 'score::float8',
  pods: 'pods::float8',
  policies: 'policies::float8',
  ingressIsolated: 'CASE WHEN pods = 0 THEN -1 ELSE ingress_isolated_pods::float8 / pods END',
  egressIsolated: 'CASE WHEN pods = 0 THEN -1 ELSE egress_isolated_pods::float8 / pods END',
} as const;
export type PostureSort = keyof typeof POSTURE_SORTS;

export interface PostureQuery {
  sort: PostureSort;
  order: 'asc' | 'desc';
  limit: number;
  /** The (sort value, namespace) of the last row of the previous page. */
  after?: [string | number, string];
  /** Substring of the namespace name. */
  search?: string;
  exposedToInternet?: boolean;
  reachableFromOtherNamespaces?: boolean;
  defaultDenyIngress?: boolean;
  defaultDenyEgress?: boolean;
  minScore?: number;
  maxScore?: number;
}

export interface PostureRowPage {
  items: PostureRow[];
  /** Keyset of the last row when more follow, else null. */
  next: [string | number, string] | null;
}

/** Posture rows (per namespace) of one cluster: filtered, sorted by any key with the name as tie-break. */
export class PostureReadRepository {
  constructor(private readonly pool: Pool) {}

  async list(clusterId: number, q: PostureQuery): Promise<PostureRowPage> {
    const args: unknown[] = [clusterId];
    const where = ['cluster_id = $1'];
    const arg = (v: unknown) => `$${args.push(v)}`;
    if (q.search) where.push(`strpos(namespace, ${arg(q.search)}) > 0`);
    for (const [col, v] of [
      ['exposed_to_internet', q.exposedToInternet], ['reachable_from_other_namespaces', q.reachableFromOtherNamespaces],
      ['default_deny_ingress', q.defaultDenyIngress], ['default_deny_egress', q.defaultDenyEgress],
    ] as const) if (v !== undefined) where.push(`${col} = ${arg(v)}`);
    if (q.minScore !== undefined) where.push(`score >= ${arg(q.minScore)}`);
    if (q.maxScore !== undefined) where.push(`score <= ${arg(q.maxScore)}`);
    const key = POSTURE_SORTS[q.sort];
    const dir = q.order === 'desc' ? 'DESC' : 'ASC';
    if (q.after) {
      const op = q.order === 'desc' ? '<' : '>';
      const value = q.sort === 'namespace' ? arg(String(q.after[0])) : `${arg(Number(q.after[0]))}::float8`;
      where.push(`(${key}, namespace) ${op} (${value}, ${arg(q.after[1])})`);
    }
    const r = await this.pool.query<PostureSql & { sort_key: string | number }>(
      `SELECT *, ${key} AS sort_key FROM posture WHERE ${where.join(' AND ')} ORDER BY ${key} ${dir}, namespace ${dir} LIMIT ${arg(q.limit + 1)}`,
      args,
    );
    const rows = r.rows.slice(0, q.limit);
    const last = rows[rows.length - 1];
    return { items: rows.map(toPosture), next: r.rows.length > q.limit ? [last.sort_key, last.namespace] : null };
  }

  /** The rows of the given namespaces (all namespaces when omitted), by name. */
  async byNamespaces(clusterId: number, namespaces?: readonly string[]): Promise<PostureRow[]> {
    const r = namespaces
      ? await this.pool.query<PostureSql>(`SELECT * FROM posture WHERE cluster_id = $1 AND namespace = ANY($2::text[]) ORDER BY namespace`, [clusterId, namespaces])
      : await this.pool.query<PostureSql>(`SELECT * FROM posture WHERE cluster_id = $1 ORDER BY namespace`, [clusterId]);
    return r.rows.map(toPosture);
  }
}

interface PostureSql {
  namespace: string; pods: number; ingress_isolated_pods: number; egress_isolated_pods: number; policies: number;
  default_deny_ingress: boolean; default_deny_egress: boolean; exposed_to_internet: boolean; reachable_from_other_namespaces: boolean;
  score: number; details: Record<string, unknown>; updated_seq: string; updated_at: Date;
}

function toPosture(r: PostureSql): PostureRow {
  return {
    namespace: r.namespace, pods: r.pods, ingressIsolatedPods: r.ingress_isolated_pods, egressIsolatedPods: r.egress_isolated_pods,
    policies: r.policies, defaultDenyIngress: r.default_deny_ingress, defaultDenyEgress: r.default_deny_egress,
    exposedToInternet: r.exposed_to_internet, reachableFromOtherNamespaces: r.reachable_from_other_namespaces, score: r.score,
    details: r.details, updatedSeq: Number(r.updated_seq), updatedAt: r.updated_at,
  };
}
