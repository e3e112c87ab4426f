import type { Pool, PoolClient } from 'pg';
import type { Actor, AuditEntry } from './user-audit.repository';

/**
 * Shared plumbing of the pg-based repositories of alerting and compliance (webhooks, approved flows,
 * reports, schedules): one transaction on one pooled connection, and the user_audit row written inside it
 * so that a change and its record commit together or not at all.
 */
export async function inTransaction<T>(pool: Pool, f: (c: PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const out = await f(c);
    await c.query('COMMIT');
    return out;
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}

/** One user_audit row in the caller's transaction (the pg twin of writeAudit). `details` must hold no secret. */
export async function writeAuditSql(c: PoolClient, actor: Actor, entry: AuditEntry): Promise<void> {
  await c.query(
    `INSERT INTO user_audit (actor_user_id, actor_email, ip, action, target_type, target_id, details) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [actor.userId, actor.email, actor.ip, entry.action, entry.targetType, entry.targetId, JSON.stringify(entry.details ?? {})],
  );
}

/** A page of a list ordered newest first by id: ids never repeat, so pages neither skip nor repeat a row. */
export interface IdPage<T> {
  items: T[];
  /** Pass as `beforeId` for the next (older) page; null when this was the last. */
  nextBeforeId: number | null;
}

/** Cuts the `limit + 1` rows a query fetched into a page (the extra row only says that there is more). */
export function toIdPage<T extends { id: number }>(rows: T[], limit: number): IdPage<T> {
  const items = rows.slice(0, limit);
  return { items, nextBeforeId: rows.length > limit ? items[items.length - 1].id : null };
}

/** Postgres unique_violation: the one constraint error the create operations turn into an answer. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}
