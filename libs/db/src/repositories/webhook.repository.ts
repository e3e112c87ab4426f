import type { Pool, PoolClient } from 'pg';
import type { AlertSeverity } from './alert.repository';
import { inTransaction, isUniqueViolation, toIdPage, writeAuditSql, type IdPage } from './sql-transaction';
import type { Actor } from './user-audit.repository';
import type { AlertWebhookPayload } from './webhook-delivery.repository';

export const WEBHOOK_FORMATS = ['json', 'slack'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
export const DELIVERY_STATES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface WebhookInput {
  name: string;
  url: string;
  format: WebhookFormat;
  /** Signs each body (HMAC-SHA256); null: unsigned. */
  secret: string | null;
  minSeverity: AlertSeverity;
  /** Empty: every cluster. */
  clusterIds: number[];
  /** Empty: every rule. */
  rules: string[];
  enabled: boolean;
}

/** A webhook as it may be shown: the secret never leaves this repository, only whether there is one. */
export interface Webhook {
  id: number;
  name: string;
  url: string;
  format: WebhookFormat;
  hasSecret: boolean;
  minSeverity: AlertSeverity;
  clusterIds: number[];
  /** Names of `clusterIds` that still exist, sorted (a deleted cluster drops out; its id stays in the filter). */
  clusterNames: string[];
  rules: string[];
  enabled: boolean;
  createdAt: Date;
  createdBy: string | null;
}

export interface WebhookDeliveryRow {
  id: number;
  webhookId: number;
  alertId: number | null;
  event: AlertWebhookPayload['event'];
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: Date;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  payload: AlertWebhookPayload;
}

export type CreateWebhookResult = { ok: true; webhook: Webhook } | { ok: false; reason: 'name-taken' };

const COLUMNS = `w.id, w.name, w.url, w.format, w.secret IS NOT NULL AS has_secret, w.min_severity, w.cluster_ids, w.rules, w.enabled,
  w.created_at, w.created_by, ARRAY(SELECT c.name FROM cluster c WHERE c.id = ANY(w.cluster_ids) ORDER BY c.name) AS cluster_names`;

/** The payload of a `test` delivery: the shape receivers parse, with no alert. */
const TEST_PAYLOAD: AlertWebhookPayload = { event: 'test', sentBy: 'reachwatch', alert: null };

/**
 * Outbound webhooks (admin settings) and their delivery log. Every change commits with its user_audit
 * row. Deliveries are sent by the dispatcher (WebhookDeliveryRepository); a test only enqueues one.
 */
export class WebhookRepository {
  constructor(private readonly pool: Pool) {}

  async list(q: { limit: number; beforeId?: number }): Promise<IdPage<Webhook>> {
    const r = await this.pool.query<WebhookSql>(
      `SELECT ${COLUMNS} FROM webhook w WHERE ($1::bigint IS NULL OR w.id < $1) ORDER BY w.id DESC LIMIT $2`,
      [q.beforeId ?? null, q.limit + 1],
    );
    return toIdPage(r.rows.map(toWebhook), q.limit);
  }

  async get(id: number): Promise<Webhook | undefined> {
    const r = await this.pool.query<WebhookSql>(`SELECT ${COLUMNS} FROM webhook w WHERE w.id = $1`, [id]);
    return r.rows.length ? toWebhook(r.rows[0]) : undefined;
  }

  async create(input: WebhookInput, actor: Actor): Promise<CreateWebhookResult> {
    try {
      return await inTransaction(this.pool, async (c) => {
        const r = await c.query<{ id: string }>(
          `INSERT INTO webhook (name, url, format, secret, min_severity, cluster_ids, rules, enabled, created_by)
           VALUES ($1, $2, $3, $4, $5, $6::bigint[], $7::text[], $8, $9) RETURNING id`,
          [input.name, input.url, input.format, input.secret, input.minSeverity, input.clusterIds, input.rules, input.enabled, actor.email],
        );
        const id = Number(r.rows[0].id);
        const { secret, url, ...shown } = input;
        await writeAuditSql(c, actor, { action: 'webhook.create', targetType: 'webhook', targetId: id, details: { ...shown, host: hostOf(url), hasSecret: secret !== null } });
        return { ok: true as const, webhook: (await this.getWith(c, id))! };
      });
    } catch (err) {
      if (isUniqueViolation(err)) return { ok: false, reason: 'name-taken' };
      throw err;
    }
  }

  /** Enables or disables; undefined when there is no such webhook (nothing written). */
  async setEnabled(id: number, enabled: boolean, actor: Actor): Promise<Webhook | undefined> {
    return inTransaction(this.pool, async (c) => {
      const r = await c.query(`UPDATE webhook SET enabled = $2 WHERE id = $1`, [id, enabled]);
      if (r.rowCount === 0) return undefined;
      await writeAuditSql(c, actor, { action: enabled ? 'webhook.enable' : 'webhook.disable', targetType: 'webhook', targetId: id });
      return this.getWith(c, id);
    });
  }

  /** Deletes the webhook and (cascade) its delivery log; false when there was none. */
  async delete(id: number, actor: Actor): Promise<boolean> {
    return inTransaction(this.pool, async (c) => {
      const r = await c.query<{ name: string; url: string }>(`DELETE FROM webhook WHERE id = $1 RETURNING name, url`, [id]);
      if (r.rows.length === 0) return false;
      await writeAuditSql(c, actor, { action: 'webhook.delete', targetType: 'webhook', targetId: id, details: { name: r.rows[0].name, host: hostOf(r.rows[0].url) } });
      return true;
    });
  }

  /** The webhook's deliveries, newest first. */
  async deliveries(webhookId: number, q: { limit: number; beforeId?: number }): Promise<IdPage<WebhookDeliveryRow>> {
    const r = await this.pool.query<DeliverySql>(
      `SELECT * FROM webhook_delivery WHERE webhook_id = $1 AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
      [webhookId, q.beforeId ?? null, q.limit + 1],
    );
    return toIdPage(r.rows.map(toDelivery), q.limit);
  }

  /**
   * Queues a `test` delivery, due at once, for the dispatcher to send like any other (with its retries).
   * Allowed on a disabled webhook too: checking a receiver before switching it on is the point of a test.
   * Undefined when there is no such webhook.
   */
  async enqueueTest(webhookId: number, actor: Actor): Promise<WebhookDeliveryRow | undefined> {
    return inTransaction(this.pool, async (c) => {
      const r = await c.query<DeliverySql>(
        `INSERT INTO webhook_delivery (webhook_id, event, payload) SELECT id, 'test', $2 FROM webhook WHERE id = $1 RETURNING *`,
        [webhookId, JSON.stringify(TEST_PAYLOAD)],
      );
      if (r.rows.length === 0) return undefined;
      const delivery = toDelivery(r.rows[0]);
      await writeAuditSql(c, actor, { action: 'webhook.test', targetType: 'webhook', targetId: webhookId, details: { deliveryId: delivery.id } });
      return delivery;
    });
  }

  private async getWith(c: PoolClient, id: number): Promise<Webhook | undefined> {
    const r = await c.query<WebhookSql>(`SELECT ${COLUMNS} FROM webhook w WHERE w.id = $1`, [id]);
    return r.rows.length ? toWebhook(r.rows[0]) : undefined;
  }
}

/**
 * The audit log keeps the receiver's host, not its URL: chat webhooks (Slack, Teams) carry their secret in
 * the path, and the audit log outlives the webhook.
 */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

interface WebhookSql {
  id: string; name: string; url: string; format: WebhookFormat; has_secret: boolean; min_severity: AlertSeverity; cluster_ids: string[];
  rules: string[]; enabled: boolean; created_at: Date; created_by: string | null; cluster_names: string[];
}

function toWebhook(r: WebhookSql): Webhook {
  return {
    id: Number(r.id), name: r.name, url: r.url, format: r.format, hasSecret: r.has_secret, minSeverity: r.min_severity,
    clusterIds: r.cluster_ids.map(Number).sort((a, b) => a - b), clusterNames: r.cluster_names, rules: [...r.rules].sort(), enabled: r.enabled,
    createdAt: r.created_at, createdBy: r.created_by,
  };
}

interface DeliverySql {
  id: string; webhook_id: string; alert_id: string | null; event: WebhookDeliveryRow['event']; payload: AlertWebhookPayload; state: DeliveryState;
  attempts: number; next_attempt_at: Date; last_status: number | null; last_error: string | null; created_at: Date; delivered_at: Date | null;
}

function toDelivery(r: DeliverySql): WebhookDeliveryRow {
  return {
    id: Number(r.id), webhookId: Number(r.webhook_id), alertId: r.alert_id === null ? null : Number(r.alert_id), event: r.event, state: r.state,
    attempts: r.attempts, nextAttemptAt: r.next_attempt_at, lastStatus: r.last_status, lastError: r.last_error, createdAt: r.created_at,
    deliveredAt: r.delivered_at, payload: r.payload,
  };
}
