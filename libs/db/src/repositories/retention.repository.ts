import type { Pool } from 'pg';

/** How long each kind of history is kept, in days. */
export interface RetentionPolicy {
  /** change_event: posture at a past time is reconstructible this far back. */
  journalDays: number;
  /** reachability_change: per-event connection deltas (bulk; policy_audit keeps each change's counts and exposures). */
  deltaDays: number;
  /** policy_audit, resolved alerts, posture samples: the audit trail. PCI DSS 10.5.1 asks for a year. */
  auditDays: number;
  /** webhook_delivery rows no longer pending. */
  deliveryDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { journalDays: 400, deltaDays: 90, auditDays: 400, deliveryDays: 30 };
/** Below this the audit trail would not cover a PCI audit year; refused rather than silently honoured. */
export const MIN_AUDIT_DAYS = 365;

export interface PruneResult {
  journal: number;
  deltas: number;
  audits: number;
  alerts: number;
  samples: number;
}

/** Rows deleted per statement, so pruning a large backlog never holds long locks. */
const CHUNK = 5000;

/**
 * Deletes history older than its retention. The journal is pruned only up to the worker's cursor (events
 * not yet applied are never lost) and only from the oldest end, so what remains is gap-free from some
 * seq to the head: AuditReadRepository.objectsAt answers every time after that and says "pruned" before it.
 */
export class RetentionRepository {
  constructor(private readonly pool: Pool) {}

  async pruneCluster(clusterId: string | number, p: RetentionPolicy, now = new Date()): Promise<PruneResult> {
    if (p.auditDays < MIN_AUDIT_DAYS) throw new Error(`audit retention must be at least ${MIN_AUDIT_DAYS} days (got ${p.auditDays})`);
    const before = (days: number) => new Date(now.getTime() - days * 86_400_000);
    const journal = await this.chunked(
      `DELETE FROM change_event WHERE ctid IN (
         SELECT ctid FROM change_event
          WHERE cluster_id = $1 AND received_at < $2
            AND seq <= COALESCE((SELECT last_seq FROM worker_cursor WHERE cluster_id = $1), 0)
          ORDER BY seq LIMIT ${CHUNK})`,
      [clusterId, before(p.journalDays)],
    );
    const deltas = await this.chunked(
      `DELETE FROM reachability_change WHERE ctid IN (SELECT ctid FROM reachability_change WHERE cluster_id = $1 AND computed_at < $2 LIMIT ${CHUNK})`,
      [clusterId, before(p.deltaDays)],
    );
    const audits = await this.chunked(
      `DELETE FROM policy_audit WHERE ctid IN (SELECT ctid FROM policy_audit WHERE cluster_id = $1 AND occurred_at < $2 LIMIT ${CHUNK})`,
      [clusterId, before(p.auditDays)],
    );
    const alerts = await this.chunked(
      `DELETE FROM alert WHERE ctid IN (SELECT ctid FROM alert WHERE cluster_id = $1 AND state = 'resolved' AND resolved_at < $2 LIMIT ${CHUNK})`,
      [clusterId, before(p.auditDays)],
    );
    const samples = await this.chunked(
      `DELETE FROM posture_sample WHERE ctid IN (SELECT ctid FROM posture_sample WHERE cluster_id = $1 AND sampled_at < $2 LIMIT ${CHUNK})`,
      [clusterId, before(p.auditDays)],
    );
    return { journal, deltas, audits, alerts, samples };
  }

  /** Webhook deliveries are fleet-wide: delivered or dead ones older than their retention. */
  async pruneDeliveries(p: RetentionPolicy, now = new Date()): Promise<number> {
    return this.chunked(
      `DELETE FROM webhook_delivery WHERE id IN (SELECT id FROM webhook_delivery WHERE state <> 'pending' AND created_at < $1 LIMIT ${CHUNK})`,
      [new Date(now.getTime() - p.deliveryDays * 86_400_000)],
    );
  }

  private async chunked(sql: string, args: unknown[]): Promise<number> {
    let total = 0;
    for (;;) {
      const r = await this.pool.query(sql, args);
      total += r.rowCount ?? 0;
      if ((r.rowCount ?? 0) < CHUNK) return total;
    }
  }
}
