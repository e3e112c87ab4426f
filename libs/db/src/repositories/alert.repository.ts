import type { Pool } from 'pg';
import type { Actor } from './user-audit.repository';

export const ALERT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];
export const ALERT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export interface AlertRow {
  id: number;
  clusterId: number;
  clusterName: string;
  rule: string;
  severity: AlertSeverity;
  subjectKey: string;
  subject: unknown;
  state: AlertState;
  message: string;
  details: Record<string, unknown>;
  firstSeen: Date;
  lastSeen: Date;
  firstSeq: number;
  lastSeq: number;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  resolvedAt: Date | null;
  /** The user who resolved it by hand; null when the worker resolved it (its condition ended). */
  resolvedBy: string | null;
}

export interface AlertQuery {
  /** The clusters the caller may see ('all', or these ids); further narrowed by `clusterId`. */
  visible: 'all' | readonly number[];
  clusterId?: number;
  states?: readonly AlertState[];
  severities?: readonly AlertSeverity[];
  rule?: string;
  limit: number;
  /** Continue with alerts older than this id. */
  beforeId?: number;
}

/** What a transition found: the alert after it, or why it could not happen. */
export type TransitionResult = { ok: true; alert: AlertRow } | { ok: false; reason: 'not-found' | 'wrong-state'; alert?: AlertRow };

/** Which states each hand transition may start from. */
const FROM: Record<'acknowledged' | 'resolved', AlertState[]> = { acknowledged: ['open'], resolved: ['open', 'acknowledged'] };

/** Alerts across the fleet: listing for people, and the hand transitions (acknowledge, resolve) with their audit row. */
export class AlertRepository {
  constructor(private readonly pool: Pool) {}

  /** Newest first by id (ids never repeat: pages neither skip nor repeat). */
  async list(q: AlertQuery): Promise<{ items: AlertRow[]; nextBeforeId: number | null }> {
    const args: unknown[] = [];
    const arg = (v: unknown) => `$${args.push(v)}`;
    const where: string[] = [];
    if (q.visible !== 'all') where.push(`a.cluster_id = ANY(${arg(q.visible.map(String))}::bigint[])`);
    if (q.clusterId !== undefined) where.push(`a.cluster_id = ${arg(q.clusterId)}`);
    if (q.states?.length) where.push(`a.state = ANY(${arg(q.states)}::text[])`);
    if (q.severities?.length) where.push(`a.severity = ANY(${arg(q.severities)}::text[])`);
    if (q.rule !== undefined) where.push(`a.rule = ${arg(q.rule)}`);
    if (q.beforeId !== undefined) where.push(`a.id < ${arg(q.beforeId)}`);
    const r = await this.pool.query<AlertSql>(
      `SELECT a.*, c.name AS cluster_name FROM alert a JOIN cluster c ON c.id = a.cluster_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.id DESC LIMIT ${arg(q.limit + 1)}`,
      args,
    );
    const items = r.rows.slice(0, q.limit).map(toAlert);
    return { items, nextBeforeId: r.rows.length > q.limit ? items[items.length - 1].id : null };
  }

  async get(id: number): Promise<AlertRow | undefined> {
    const r = await this.pool.query<AlertSql>(`SELECT a.*, c.name AS cluster_name FROM alert a JOIN cluster c ON c.id = a.cluster_id WHERE a.id = $1`, [id]);
    return r.rows.length ? toAlert(r.rows[0]) : undefined;
  }

  /**
   * Acknowledge or resolve by hand. The state check is part of the UPDATE, so a concurrent change (the
   * worker resolving it, another user) cannot be overwritten; the user_audit row commits with it.
   */
  async transition(id: number, to: 'acknowledged' | 'resolved', actor: Actor): Promise<TransitionResult> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const set = to === 'acknowledged'
        ? `state = 'acknowledged', acknowledged_at = now(), acknowledged_by = $3`
        : `state = 'resolved', resolved_at = now(), resolved_by = $3`;
      // `old` is the row as locked before the change: its state goes into the audit row.
      const r = await c.query<{ state: string }>(
        `UPDATE alert a SET ${set} FROM (SELECT id, state FROM alert WHERE id = $1 FOR UPDATE) old
          WHERE a.id = old.id AND old.state = ANY($2::text[]) RETURNING old.state`,
        [id, FROM[to], actor.email],
      );
      if (r.rows.length === 0) {
        await c.query('ROLLBACK');
        const alert = await this.get(id);
        return alert ? { ok: false, reason: 'wrong-state', alert } : { ok: false, reason: 'not-found' };
      }
      await c.query(
        `INSERT INTO user_audit (actor_user_id, actor_email, ip, action, target_type, target_id, details) VALUES ($1, $2, $3, $4, 'alert', $5, $6)`,
        [actor.userId, actor.email, actor.ip, to === 'acknowledged' ? 'alert.acknowledge' : 'alert.resolve', id, { from: r.rows[0].state }],
      );
      await c.query('COMMIT');
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
    return { ok: true, alert: (await this.get(id))! };
  }
}

interface AlertSql {
  id: string; cluster_id: string; cluster_name: string; rule: string; severity: AlertSeverity; subject_key: string; subject: unknown;
  state: AlertState; message: string; details: Record<string, unknown>; first_seen: Date; last_seen: Date; first_seq: string; last_seq: string;
  acknowledged_at: Date | null; acknowledged_by: string | null; resolved_at: Date | null; resolved_by: string | null;
}

function toAlert(r: AlertSql): AlertRow {
  return {
    id: Number(r.id), clusterId: Number(r.cluster_id), clusterName: r.cluster_name, rule: r.rule, severity: r.severity, subjectKey: r.subject_key,
    subject: r.subject, state: r.state, message: r.message, details: r.details, firstSeen: r.first_seen, lastSeen: r.last_seen,
    firstSeq: Number(r.first_seq), lastSeq: Number(r.last_seq), acknowledgedAt: r.acknowledged_at, acknowledgedBy: r.acknowledged_by,
    resolvedAt: r.resolved_at, resolvedBy: r.resolved_by,
  };
}
