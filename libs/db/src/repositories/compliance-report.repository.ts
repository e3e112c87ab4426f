import type { Pool } from 'pg';
import { inTransaction, toIdPage, writeAuditSql, type IdPage } from './sql-transaction';
import type { Actor } from './user-audit.repository';

export interface ComplianceReportInput {
  framework: string;
  scope: string;
  /** The clusters the report covers (never empty: a report covers at least one cluster). */
  clusterIds: number[];
  periodFrom: Date;
  periodTo: Date;
  snapshotAt: Date;
  stateHash: string;
  /** What a listing shows without loading the document (counts, per-cluster positions); plain JSON. */
  summary: Record<string, unknown>;
  /** The report itself (JSON); PDF and CSV are rendered from it. */
  document: unknown;
  /** The schedule that produced it; null for a report asked for by a person. */
  scheduleId: number | null;
}

/** A stored report without its document. */
export interface ComplianceReportMeta {
  id: number;
  framework: string;
  scope: string;
  clusterIds: number[];
  periodFrom: Date;
  periodTo: Date;
  snapshotAt: Date;
  stateHash: string;
  summary: Record<string, unknown>;
  scheduleId: number | null;
  createdAt: Date;
  createdBy: string | null;
}

export interface ComplianceReportQuery {
  /** The clusters the caller may see: a report is visible when every cluster it covers is. */
  visible: 'all' | readonly number[];
  limit: number;
  beforeId?: number;
}

const META = `id, framework, scope, cluster_ids, period_from, period_to, snapshot_at, state_hash, summary, schedule_id, created_at, created_by`;

/**
 * Generated compliance reports. The JSON document is the record; listing and metadata never read it (it
 * can be megabytes). A report is written once and never changed.
 */
export class ComplianceReportRepository {
  constructor(private readonly pool: Pool) {}

  /** Stores a report; the user_audit row (the system actor for a scheduled run) commits with it. */
  async store(input: ComplianceReportInput, actor: Actor): Promise<ComplianceReportMeta> {
    if (input.clusterIds.length === 0) throw new Error('a compliance report covers at least one cluster');
    return inTransaction(this.pool, async (c) => {
      const r = await c.query<MetaSql>(
        `INSERT INTO compliance_report (framework, scope, cluster_ids, period_from, period_to, snapshot_at, state_hash, summary, document, schedule_id, created_by)
         VALUES ($1, $2, $3::bigint[], $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${META}`,
        [input.framework, input.scope, input.clusterIds, input.periodFrom, input.periodTo, input.snapshotAt, input.stateHash,
          JSON.stringify(input.summary), JSON.stringify(input.document), input.scheduleId, actor.email],
      );
      const meta = toMeta(r.rows[0]);
      await writeAuditSql(c, actor, {
        action: 'report.generate', targetType: 'report', targetId: meta.id,
        details: { framework: meta.framework, scope: meta.scope, clusterIds: meta.clusterIds, stateHash: meta.stateHash, scheduleId: meta.scheduleId },
      });
      return meta;
    });
  }

  /** Newest first, without documents. */
  async list(q: ComplianceReportQuery): Promise<IdPage<ComplianceReportMeta>> {
    const args: unknown[] = [];
    const arg = (v: unknown) => `$${args.push(v)}`;
    const where: string[] = [];
    if (q.visible !== 'all') where.push(`cluster_ids <@ ${arg(q.visible.map(String))}::bigint[]`);
    if (q.beforeId !== undefined) where.push(`id < ${arg(q.beforeId)}`);
    const r = await this.pool.query<MetaSql>(
      `SELECT ${META} FROM compliance_report ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${arg(q.limit + 1)}`,
      args,
    );
    return toIdPage(r.rows.map(toMeta), q.limit);
  }

  async getMeta(id: number): Promise<ComplianceReportMeta | undefined> {
    const r = await this.pool.query<MetaSql>(`SELECT ${META} FROM compliance_report WHERE id = $1`, [id]);
    return r.rows.length ? toMeta(r.rows[0]) : undefined;
  }

  /** The metadata and the stored document. */
  async get(id: number): Promise<{ meta: ComplianceReportMeta; document: unknown } | undefined> {
    const r = await this.pool.query<MetaSql & { document: unknown }>(`SELECT ${META}, document FROM compliance_report WHERE id = $1`, [id]);
    return r.rows.length ? { meta: toMeta(r.rows[0]), document: r.rows[0].document } : undefined;
  }
}

interface MetaSql {
  id: string; framework: string; scope: string; cluster_ids: string[]; period_from: Date; period_to: Date; snapshot_at: Date; state_hash: string;
  summary: Record<string, unknown>; schedule_id: string | null; created_at: Date; created_by: string | null;
}

function toMeta(r: MetaSql): ComplianceReportMeta {
  return {
    id: Number(r.id), framework: r.framework, scope: r.scope, clusterIds: r.cluster_ids.map(Number).sort((a, b) => a - b), periodFrom: r.period_from,
    periodTo: r.period_to, snapshotAt: r.snapshot_at, stateHash: r.state_hash, summary: r.summary,
    scheduleId: r.schedule_id === null ? null : Number(r.schedule_id), createdAt: r.created_at, createdBy: r.created_by,
  };
}
