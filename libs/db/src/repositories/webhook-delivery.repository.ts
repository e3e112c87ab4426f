import type { Pool, PoolClient } from 'pg';

/** What an alert webhook receives (format `json`; `slack` is rendered from it at send time). */
export interface AlertWebhookPayload {
  event: 'alert.raised' | 'alert.resolved' | 'test';
  sentBy: 'reachwatch';
  alert: {
    id: number;
    cluster: string;
    rule: string;
    severity: string;
    state: string;
    subjectKey: string;
    subject: unknown;
    message: string;
    details: unknown;
    firstSeen: string;
    lastSeen: string;
    /** The change event (journal seq) that raised or resolved it. */
    seq: number;
  } | null;
}

/** A delivery taken by the dispatcher, with where and how to send it. */
export interface DueDelivery {
  id: number;
  webhookId: number;
  url: string;
  format: 'json' | 'slack';
  secret: string | null;
  event: string;
  payload: AlertWebhookPayload;
  /** Attempts before this one. */
  attempts: number;
}

export interface DeliveryOutcome {
  ok: boolean;
  status: number | null;
  error: string | null;
}

/** How long a taken delivery stays invisible to other dispatchers while it is being sent. */
const IN_FLIGHT_MS = 60_000;

/**
 * The webhook outbox. `enqueueForAlert` runs inside the worker's transaction (so an alert and its
 * deliveries commit together); the dispatcher `takeDue`s rows (SKIP LOCKED, then hidden for the send),
 * and records each attempt's outcome: delivered, or retried later, or dead after the last attempt.
 */
export class WebhookDeliveryRepository {
  constructor(private readonly pool: Pool) {}

  async takeDue(limit: number): Promise<DueDelivery[]> {
    const r = await this.pool.query<{
      id: string; webhook_id: string; url: string; format: 'json' | 'slack'; secret: string | null; event: string; payload: AlertWebhookPayload; attempts: number;
    }>(
      `UPDATE webhook_delivery d SET next_attempt_at = now() + make_interval(secs => $2 / 1000.0)
         FROM webhook w
        WHERE d.id IN (SELECT id FROM webhook_delivery WHERE state = 'pending' AND next_attempt_at <= now()
                        ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
          AND w.id = d.webhook_id
       RETURNING d.id, d.webhook_id, w.url, w.format, w.secret, d.event, d.payload, d.attempts`,
      [limit, IN_FLIGHT_MS],
    );
    return r.rows
      .map((x) => ({ id: Number(x.id), webhookId: Number(x.webhook_id), url: x.url, format: x.format, secret: x.secret, event: x.event, payload: x.payload, attempts: x.attempts }))
      .sort((a, b) => a.id - b.id);
  }

  /** Records one attempt. `retryAt` undefined after a failure: the delivery is dead (no more attempts). */
  async record(id: number, outcome: DeliveryOutcome, retryAt?: Date): Promise<void> {
    if (outcome.ok) {
      await this.pool.query(
        `UPDATE webhook_delivery SET state = 'delivered', attempts = attempts + 1, last_status = $2, last_error = NULL, delivered_at = now() WHERE id = $1`,
        [id, outcome.status],
      );
    } else {
      await this.pool.query(
        `UPDATE webhook_delivery SET state = CASE WHEN $4::timestamptz IS NULL THEN 'dead' ELSE 'pending' END, attempts = attempts + 1,
           last_status = $2, last_error = $3, next_attempt_at = COALESCE($4::timestamptz, next_attempt_at) WHERE id = $1`,
        [id, outcome.status, outcome.error?.slice(0, 1000) ?? null, retryAt ?? null],
      );
    }
  }

  /** The earliest pending attempt, so the dispatcher can sleep until then. */
  async nextDueAt(): Promise<Date | null> {
    const r = await this.pool.query<{ at: Date | null }>(`SELECT min(next_attempt_at) AS at FROM webhook_delivery WHERE state = 'pending'`);
    return r.rows[0]?.at ?? null;
  }
}

const SEVERITY_RANK = `ARRAY['low','medium','high','critical']`;

/**
 * Inside the worker's transaction: one delivery per enabled webhook whose filters (clusters, rules,
 * minimum severity) take this alert event. Returns how many were queued.
 */
export async function enqueueAlertDeliveries(tx: PoolClient, clusterId: string, rule: string, severity: string, alertId: number, payload: AlertWebhookPayload): Promise<number> {
  const r = await tx.query(
    `INSERT INTO webhook_delivery (webhook_id, alert_id, event, payload)
     SELECT w.id, $1, $2, $3 FROM webhook w
      WHERE w.enabled
        AND (cardinality(w.cluster_ids) = 0 OR $4::bigint = ANY(w.cluster_ids))
        AND (cardinality(w.rules) = 0 OR $5 = ANY(w.rules))
        AND array_position(${SEVERITY_RANK}, $6::text) >= array_position(${SEVERITY_RANK}, w.min_severity)`,
    [alertId, payload.event, JSON.stringify(payload), clusterId, rule, severity],
  );
  return r.rowCount ?? 0;
}
