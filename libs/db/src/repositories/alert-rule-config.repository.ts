import type { Pool } from 'pg';
import { AlertRulesConfig, DEFAULT_ALERT_RULES_CONFIG } from '@reachwatch/contracts';
import type { Actor } from './user-audit.repository';

export interface StoredAlertRulesConfig {
  config: AlertRulesConfig;
  /** 0: never configured (the defaults). Grows on every change; the worker reloads when it differs. */
  version: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/**
 * Per-cluster alert rule settings. The API writes them (validated against AlertRulesConfig, with a
 * user_audit row in the same transaction); the worker reads them and reloads when `version` moves.
 */
export class AlertRuleConfigRepository {
  constructor(private readonly pool: Pool) {}

  async get(clusterId: number | string): Promise<StoredAlertRulesConfig> {
    const r = await this.pool.query<{ config: unknown; version: string; updated_at: Date; updated_by: string | null }>(
      `SELECT config, version, updated_at, updated_by FROM alert_rule_config WHERE cluster_id = $1`,
      [clusterId],
    );
    const row = r.rows[0];
    if (!row) return { config: DEFAULT_ALERT_RULES_CONFIG, version: 0, updatedAt: null, updatedBy: null };
    // Stored configs were validated on the way in; parsing again fills defaults added since.
    return { config: AlertRulesConfig.parse(row.config), version: Number(row.version), updatedAt: row.updated_at, updatedBy: row.updated_by };
  }

  /** The version only: what the worker checks before each batch of events. */
  async version(clusterId: number | string): Promise<number> {
    const r = await this.pool.query<{ version: string }>(`SELECT version FROM alert_rule_config WHERE cluster_id = $1`, [clusterId]);
    return r.rows[0] ? Number(r.rows[0].version) : 0;
  }

  /** Replaces the configuration and records who did it (user_audit), atomically. */
  async put(clusterId: number, config: AlertRulesConfig, actor: Actor): Promise<StoredAlertRulesConfig> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const r = await client.query<{ version: string; updated_at: Date }>(
        `INSERT INTO alert_rule_config (cluster_id, config, version, updated_at, updated_by) VALUES ($1, $2, 1, now(), $3)
         ON CONFLICT (cluster_id) DO UPDATE SET config = EXCLUDED.config, version = alert_rule_config.version + 1,
           updated_at = now(), updated_by = EXCLUDED.updated_by
         RETURNING version, updated_at`,
        [clusterId, JSON.stringify(config), actor.email],
      );
      await client.query(
        `INSERT INTO user_audit (actor_user_id, actor_email, ip, action, target_type, target_id, details)
         VALUES ($1, $2, $3, 'alert_rules.update', 'alert_rules', $4, $5)`,
        [actor.userId, actor.email, actor.ip, clusterId, JSON.stringify({ config })],
      );
      await client.query('COMMIT');
      return { config, version: Number(r.rows[0].version), updatedAt: r.rows[0].updated_at, updatedBy: actor.email };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }
}
