import type { Pool } from 'pg';
import { inTransaction, isUniqueViolation, toIdPage, writeAuditSql, type IdPage } from './sql-transaction';
import type { Actor } from './user-audit.repository';

export interface ReportScheduleInput {
  name: string;
  framework: string;
  scope: string;
  /** Empty: every cluster of the fleet at run time. */
  clusterIds: number[];
  /** Cron expression (validated by the caller, which also computes the runs). */
  cron: string;
  periodDays: number;
  /** The first run. */
  nextRunAt: Date;
}

export interface ReportSchedule extends ReportScheduleInput {
  id: number;
  enabled: boolean;
  lastRunAt: Date | null;
  createdAt: Date;
  createdBy: string | null;
}

export interface ReportScheduleQuery {
  /** The clusters the caller may see: a schedule is visible when it names clusters and every one is visible. */
  visible: 'all' | readonly number[];
  limit: number;
  beforeId?: number;
}

export type CreateScheduleResult = { ok: true; schedule: ReportSchedule } | { ok: false; reason: 'name-taken' };

/**
 * The run after `now` for a claimed schedule; null when its cron has no further run (the schedule is then
 * disabled).
 */
export type NextRun = (schedule: ReportSchedule, now: Date) => Date | null;

const COLUMNS = `id, name, framework, scope, cluster_ids, cron, period_days, enabled, next_run_at, last_run_at, created_at, created_by`;

/**
 * Report schedules, and the claim that makes each due run happen exactly once across API instances.
 */
export class ReportScheduleRepository {
  constructor(private readonly pool: Pool) {}

  async list(q: ReportScheduleQuery): Promise<IdPage<ReportSchedule>> {
    const args: unknown[] = [];
    const arg = (v: unknown) => `$${args.push(v)}`;
    const where: string[] = [];
    // A fleet schedule (no clusters named) reports on every cluster: only for those who see every cluster.
    if (q.visible !== 'all') where.push(`cardinality(cluster_ids) > 0 AND cluster_ids <@ ${arg(q.visible.map(String))}::bigint[]`);
    if (q.beforeId !== undefined) where.push(`id < ${arg(q.beforeId)}`);
    const r = await this.pool.query<ScheduleSql>(
      `SELECT ${COLUMNS} FROM report_schedule ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${arg(q.limit + 1)}`,
      args,
    );
    return toIdPage(r.rows.map(toSchedule), q.limit);
  }

  async get(id: number): Promise<ReportSchedule | undefined> {
    const r = await this.pool.query<ScheduleSql>(`SELECT ${COLUMNS} FROM report_schedule WHERE id = $1`, [id]);
    return r.rows.length ? toSchedule(r.rows[0]) : undefined;
  }

  async create(input: ReportScheduleInput, actor: Actor): Promise<CreateScheduleResult> {
    try {
      return await inTransaction(this.pool, async (c) => {
        const r = await c.query<ScheduleSql>(
          `INSERT INTO report_schedule (name, framework, scope, cluster_ids, cron, period_days, next_run_at, created_by)
           VALUES ($1, $2, $3, $4::bigint[], $5, $6, $7, $8) RETURNING ${COLUMNS}`,
          [input.name, input.framework, input.scope, input.clusterIds, input.cron, input.periodDays, input.nextRunAt, actor.email],
        );
        const schedule = toSchedule(r.rows[0]);
        const { nextRunAt, ...details } = input;
        await writeAuditSql(c, actor, { action: 'report_schedule.create', targetType: 'report_schedule', targetId: schedule.id, details: { ...details, nextRunAt: nextRunAt.toISOString() } });
        return { ok: true as const, schedule };
      });
    } catch (err) {
      if (isUniqueViolation(err)) return { ok: false, reason: 'name-taken' };
      throw err;
    }
  }

  /** false when there was no such schedule (nothing written). Reports it produced stay (schedule_id set to null). */
  async delete(id: number, actor: Actor): Promise<boolean> {
    return inTransaction(this.pool, async (c) => {
      const r = await c.query<{ name: string }>(`DELETE FROM report_schedule WHERE id = $1 RETURNING name`, [id]);
      if (r.rows.length === 0) return false;
      await writeAuditSql(c, actor, { action: 'report_schedule.delete', targetType: 'report_schedule', targetId: id, details: { name: r.rows[0].name } });
      return true;
    });
  }

  /**
   * Claims the enabled schedules due at `now` (at most `limit`, oldest due first) and, in the same
   * transaction, moves each one's next_run_at past `now` (or disables it when its cron has no further run)
   * and sets last_run_at = now. Exactly once across instances: rows another instance holds are skipped
   * (SKIP LOCKED), and a row it already advanced no longer matches `next_run_at <= now` when re-checked
   * under the lock. Returns the claimed schedules as they were before the claim (their due time in
   * `nextRunAt`); the caller runs them. A run that fails is not retried: the next one comes at its time.
   */
  async claimDue(now: Date, nextRun: NextRun, limit = 10): Promise<ReportSchedule[]> {
    return inTransaction(this.pool, async (c) => {
      const due = await c.query<ScheduleSql>(
        `SELECT ${COLUMNS} FROM report_schedule WHERE enabled AND next_run_at <= $1 ORDER BY next_run_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [now, limit],
      );
      const claimed = due.rows.map(toSchedule);
      for (const s of claimed) {
        const next = nextRun(s, now);
        // A cron may answer a time not after `now` (a date pattern in the past): that is no further run.
        const ok = next !== null && next.getTime() > now.getTime();
        await c.query(
          `UPDATE report_schedule SET next_run_at = $2, last_run_at = $3, enabled = $4 WHERE id = $1`,
          [s.id, ok ? next : s.nextRunAt, now, ok],
        );
      }
      return claimed;
    });
  }
}

interface ScheduleSql {
  id: string; name: string; framework: string; scope: string; cluster_ids: string[]; cron: string; period_days: number; enabled: boolean;
  next_run_at: Date; last_run_at: Date | null; created_at: Date; created_by: string | null;
}

function toSchedule(r: ScheduleSql): ReportSchedule {
  return {
    id: Number(r.id), name: r.name, framework: r.framework, scope: r.scope, clusterIds: r.cluster_ids.map(Number).sort((a, b) => a - b), cron: r.cron,
    periodDays: r.period_days, enabled: r.enabled, nextRunAt: r.next_run_at, lastRunAt: r.last_run_at, createdAt: r.created_at, createdBy: r.created_by,
  };
}
