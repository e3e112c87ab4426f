import type { Pool, PoolClient } from 'pg';
import { inTransaction, toIdPage, writeAuditSql, type IdPage } from './sql-transaction';
import type { Actor } from './user-audit.repository';

/** Where an approved flow comes from: workloads of a namespace (all, or one), the internet, or an address range. */
export type ApprovedFlowSource = { namespace: string; workload?: string } | { internet: true } | { cidr: string };
/** Where it goes: workloads of a namespace (all, or one). */
export type ApprovedFlowDestination = { namespace: string; workload?: string };

export interface ApprovedFlowInput {
  /** null: the entry holds in every cluster. */
  clusterId: number | null;
  source: ApprovedFlowSource;
  destination: ApprovedFlowDestination;
  /** `TCP/5432`, `UDP/53`, `TCP/8000-8080`, `any`. Kept in the order given. */
  ports: string[];
  justification: string;
  owner: string;
  approver: string;
  approvedAt: Date;
  expiresAt: Date | null;
}

export interface ApprovedFlow extends ApprovedFlowInput {
  id: number;
  /** The cluster's name; null for a fleet-wide entry. */
  cluster: string | null;
  createdAt: Date;
  createdBy: string | null;
}

export interface ApprovedFlowQuery {
  /** The clusters the caller may see: fleet-wide entries are visible to everyone, the others per cluster. */
  visible: 'all' | readonly number[];
  /** Only the entries that hold in this cluster (its own and the fleet-wide ones). */
  clusterId?: number;
  limit: number;
  beforeId?: number;
}

const COLUMNS = `f.*, c.name AS cluster_name`;
const FROM = `approved_flow f LEFT JOIN cluster c ON c.id = f.cluster_id`;

/**
 * The approved-flows register (PCI DSS 1.2.5: the business need of each flow into or out of scope). Admins
 * write it (each change with its user_audit row); reports read the entries of the clusters they cover.
 */
export class ApprovedFlowRepository {
  constructor(private readonly pool: Pool) {}

  async list(q: ApprovedFlowQuery): Promise<IdPage<ApprovedFlow>> {
    const args: unknown[] = [];
    const arg = (v: unknown) => `$${args.push(v)}`;
    const where: string[] = [];
    if (q.visible !== 'all') where.push(`(f.cluster_id IS NULL OR f.cluster_id = ANY(${arg(q.visible.map(String))}::bigint[]))`);
    if (q.clusterId !== undefined) where.push(`(f.cluster_id IS NULL OR f.cluster_id = ${arg(q.clusterId)})`);
    if (q.beforeId !== undefined) where.push(`f.id < ${arg(q.beforeId)}`);
    const r = await this.pool.query<FlowSql>(
      `SELECT ${COLUMNS} FROM ${FROM} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY f.id DESC LIMIT ${arg(q.limit + 1)}`,
      args,
    );
    return toIdPage(r.rows.map(toFlow), q.limit);
  }

  /** Every entry that holds in one of these clusters (their own and the fleet-wide ones), oldest first. */
  async forClusters(clusterIds: readonly number[]): Promise<ApprovedFlow[]> {
    const r = await this.pool.query<FlowSql>(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE f.cluster_id IS NULL OR f.cluster_id = ANY($1::bigint[]) ORDER BY f.id`,
      [clusterIds.map(String)],
    );
    return r.rows.map(toFlow);
  }

  async get(id: number): Promise<ApprovedFlow | undefined> {
    const r = await this.pool.query<FlowSql>(`SELECT ${COLUMNS} FROM ${FROM} WHERE f.id = $1`, [id]);
    return r.rows.length ? toFlow(r.rows[0]) : undefined;
  }

  async create(input: ApprovedFlowInput, actor: Actor): Promise<ApprovedFlow> {
    return inTransaction(this.pool, async (c) => {
      const r = await c.query<{ id: string }>(
        `INSERT INTO approved_flow (cluster_id, source, destination, ports, justification, owner, approver, approved_at, expires_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [input.clusterId, JSON.stringify(input.source), JSON.stringify(input.destination), input.ports.join(','), input.justification,
          input.owner, input.approver, input.approvedAt, input.expiresAt, actor.email],
      );
      const flow = (await this.getWith(c, Number(r.rows[0].id)))!;
      await writeAuditSql(c, actor, { action: 'approved_flow.create', targetType: 'approved_flow', targetId: flow.id, details: auditDetails(flow) });
      return flow;
    });
  }

  /** false when there was no such entry (nothing written). */
  async delete(id: number, actor: Actor): Promise<boolean> {
    return inTransaction(this.pool, async (c) => {
      const flow = await this.getWith(c, id, true);
      if (!flow) return false;
      await c.query(`DELETE FROM approved_flow WHERE id = $1`, [id]);
      await writeAuditSql(c, actor, { action: 'approved_flow.delete', targetType: 'approved_flow', targetId: id, details: auditDetails(flow) });
      return true;
    });
  }

  private async getWith(c: PoolClient, id: number, lock = false): Promise<ApprovedFlow | undefined> {
    const r = await c.query<FlowSql>(`SELECT ${COLUMNS} FROM ${FROM} WHERE f.id = $1${lock ? ' FOR UPDATE OF f' : ''}`, [id]);
    return r.rows.length ? toFlow(r.rows[0]) : undefined;
  }
}

/** What the audit row keeps: the whole entry, so a deleted approval can still be read back from the log. */
function auditDetails(f: ApprovedFlow): Record<string, unknown> {
  return {
    cluster: f.cluster, source: f.source, destination: f.destination, ports: f.ports, justification: f.justification, owner: f.owner,
    approver: f.approver, approvedAt: f.approvedAt.toISOString(), expiresAt: f.expiresAt?.toISOString() ?? null,
  };
}

interface FlowSql {
  id: string; cluster_id: string | null; cluster_name: string | null; source: ApprovedFlowSource; destination: ApprovedFlowDestination; ports: string;
  justification: string; owner: string; approver: string; approved_at: Date; expires_at: Date | null; created_at: Date; created_by: string | null;
}

function toFlow(r: FlowSql): ApprovedFlow {
  return {
    id: Number(r.id), clusterId: r.cluster_id === null ? null : Number(r.cluster_id), cluster: r.cluster_name, source: r.source,
    destination: r.destination, ports: r.ports === '' ? [] : r.ports.split(','), justification: r.justification, owner: r.owner,
    approver: r.approver, approvedAt: r.approved_at, expiresAt: r.expires_at, createdAt: r.created_at, createdBy: r.created_by,
  };
}
