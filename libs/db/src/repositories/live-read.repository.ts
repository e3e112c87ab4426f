import type { Pool } from 'pg';
import type { PostureFields } from './posture-fields';

/** A cluster's agent and worker position, as the live feed reports it. */
export interface LiveClusterStatus {
  clusterId: number;
  name: string;
  lastSeenAt: Date | null;
  syncState: 'pending' | 'syncing' | 'synced';
  /** The last journal position written by ingest (next_seq − 1). */
  headSeq: number;
  /** The worker's cursor (0 before its first step). */
  workerSeq: number;
}

export interface LivePostureRowData extends PostureFields {
  details: unknown;
  seq: number;
  updatedAt: Date;
}

export interface LiveReachabilityChange {
  seq: number;
  added: unknown[];
  removed: unknown[];
}

export interface LiveAuditRow {
  id: number;
  seq: number;
  kind: string;
  namespace: string;
  name: string;
  action: 'created' | 'updated' | 'deleted' | 'relabelled';
  manager: string | null;
  occurredAt: Date;
  addedCount: number;
  removedCount: number;
  exposureCount: number;
}

export interface LiveAlertRow {
  id: number;
  rule: string;
  severity: 'low' | 'medium' | 'high' | 'critical';
  state: 'open' | 'acknowledged' | 'resolved';
  subjectKey: string;
  subject: unknown;
  message: string;
  details: unknown;
  firstSeen: Date;
  lastSeen: Date;
  firstSeq: number;
  lastSeq: number;
  resolvedAt: Date | null;
}

/** A live credential: a login session or a personal API token, by id. */
export interface LiveCredentialRef {
  kind: 'session' | 'api-token';
  id: number;
}

/** Who may still receive a cluster's events, as of now. */
export interface LiveAudience {
  /** `session:<id>` / `api-token:<id>` of the credentials that still authenticate. */
  alive: Set<string>;
  /** Per user: 'all', or the clusters (of those asked about) they may see. Missing = deleted user. */
  visible: Map<number, 'all' | Set<number>>;
}

export const credentialKey = (c: LiveCredentialRef): string => `${c.kind}:${c.id}`;

/**
 * The reads of the API's live feed (socket.io): what the worker wrote in a range of journal positions
 * (fromSeq, toSeq] of one cluster, the agent/worker status, and whether connected users may still see
 * a cluster. Read-only; every query is bounded by the range or by explicit limits.
 */
export class LiveReadRepository {
  constructor(private readonly pool: Pool) {}

  /** The worker cursor, the namespaces with posture, and the status of a cluster, in one snapshot (one statement). */
  async feedStart(clusterId: number): Promise<{ seq: number; namespaces: string[]; status: LiveClusterStatus } | undefined> {
    const { rows } = await this.pool.query<StatusRow & { namespaces: string[] }>(
      `${STATUS_SELECT}, coalesce((SELECT array_agg(p.namespace ORDER BY p.namespace) FROM posture p WHERE p.cluster_id = c.id), '{}') AS namespaces
         FROM cluster c LEFT JOIN worker_cursor w ON w.cluster_id = c.id WHERE c.id = $1`,
      [clusterId],
    );
    if (!rows.length) return undefined;
    const status = toStatus(rows[0]);
    return { seq: status.workerSeq, namespaces: rows[0].namespaces, status };
  }

  /** Status of each of these clusters that still exists. */
  async statuses(clusterIds: number[]): Promise<LiveClusterStatus[]> {
    if (!clusterIds.length) return [];
    const { rows } = await this.pool.query<StatusRow>(
      `${STATUS_SELECT} FROM cluster c LEFT JOIN worker_cursor w ON w.cluster_id = c.id WHERE c.id = ANY($1::bigint[]) ORDER BY c.id`,
      [clusterIds],
    );
    return rows.map(toStatus);
  }

  /**
   * reachability_change rows in (fromSeq, toSeq], in seq order. Counts always; the rows themselves only when
   * they hold at most maxConnections connections in all (otherwise `changes` is null: too big to send).
   */
  async reachabilityChanges(clusterId: number, fromSeq: number, toSeq: number, maxConnections: number): Promise<{ addedCount: number; removedCount: number; changes: LiveReachabilityChange[] | null }> {
    const totals = await this.pool.query<{ added: number; removed: number }>(
      `SELECT coalesce(sum(added_count), 0)::int AS added, coalesce(sum(removed_count), 0)::int AS removed
         FROM reachability_change WHERE cluster_id = $1 AND seq > $2 AND seq <= $3`,
      [clusterId, fromSeq, toSeq],
    );
    const { added, removed } = totals.rows[0];
    if (added + removed > maxConnections) return { addedCount: added, removedCount: removed, changes: null };
    const { rows } = await this.pool.query<{ seq: string; added: unknown[]; removed: unknown[] }>(
      `SELECT seq, added, removed FROM reachability_change WHERE cluster_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq`,
      [clusterId, fromSeq, toSeq],
    );
    return { addedCount: added, removedCount: removed, changes: rows.map((r) => ({ seq: Number(r.seq), added: r.added, removed: r.removed })) };
  }

  /**
   * Posture rows last changed in (fromSeq, toSeq], and the names of all namespaces that have posture now
   * (deleted rows leave no trace, so the caller compares this list with the one it knew).
   */
  async postureChanges(clusterId: number, fromSeq: number, toSeq: number): Promise<{ changed: LivePostureRowData[]; namespaces: string[] }> {
    const { rows } = await this.pool.query<PostureRow>(
      `SELECT namespace, (updated_seq > $2 AND updated_seq <= $3) AS changed, pods, ingress_isolated_pods, egress_isolated_pods, policies,
              default_deny_ingress, default_deny_egress, exposed_to_internet, reachable_from_other_namespaces, score::float8 AS score,
              CASE WHEN updated_seq > $2 AND updated_seq <= $3 THEN details END AS details, updated_seq, updated_at
         FROM posture WHERE cluster_id = $1 ORDER BY namespace`,
      [clusterId, fromSeq, toSeq],
    );
    return { changed: rows.filter((r) => r.changed).map(toPosture), namespaces: rows.map((r) => r.namespace) };
  }

  /** policy_audit entries of (fromSeq, toSeq] in seq order, at most `limit`, and how many there are. */
  async policyAudits(clusterId: number, fromSeq: number, toSeq: number, limit: number): Promise<{ total: number; entries: LiveAuditRow[] }> {
    const { rows } = await this.pool.query<AuditRow>(
      `SELECT id, seq, kind, namespace, name, action, manager, occurred_at, added_count, removed_count,
              jsonb_array_length(exposures) AS exposure_count, count(*) OVER ()::int AS total
         FROM policy_audit WHERE cluster_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4`,
      [clusterId, fromSeq, toSeq, limit],
    );
    return { total: rows[0]?.total ?? 0, entries: rows.map(toAudit) };
  }

  /**
   * Alerts the worker opened, refreshed or resolved in (fromSeq, toSeq] (first_seq or last_seq in the range),
   * as they are now, by id; at most `limit`, and how many there are.
   */
  async alertsTouched(clusterId: number, fromSeq: number, toSeq: number, limit: number): Promise<{ total: number; alerts: LiveAlertRow[] }> {
    const { rows } = await this.pool.query<AlertRow & { total: number }>(
      `SELECT ${ALERT_COLUMNS}, count(*) OVER ()::int AS total FROM alert
        WHERE cluster_id = $1 AND ((first_seq > $2 AND first_seq <= $3) OR (last_seq > $2 AND last_seq <= $3))
        ORDER BY id LIMIT $4`,
      [clusterId, fromSeq, toSeq, limit],
    );
    return { total: rows[0]?.total ?? 0, alerts: rows.map(toAlert) };
  }

  /** One alert of a cluster as it is now. */
  async alert(clusterId: number, alertId: number): Promise<LiveAlertRow | undefined> {
    const { rows } = await this.pool.query<AlertRow>(`SELECT ${ALERT_COLUMNS} FROM alert WHERE cluster_id = $1 AND id = $2`, [clusterId, alertId]);
    return rows[0] && toAlert(rows[0]);
  }

  /**
   * Which credentials still authenticate and which clusters each user may see, as of `now`. Same rule as
   * SessionRepository/ApiTokenRepository.authenticate (not revoked, not expired, user not disabled) and
   * principalOf (admins and all-cluster users see everything, others their grants).
   */
  async audience(input: { credentials: LiveCredentialRef[]; userIds: number[]; clusterIds: number[]; now: Date }): Promise<LiveAudience> {
    const sessions = input.credentials.filter((c) => c.kind === 'session').map((c) => c.id);
    const tokens = input.credentials.filter((c) => c.kind === 'api-token').map((c) => c.id);
    const [alive, users] = await Promise.all([
      this.pool.query<{ kind: LiveCredentialRef['kind']; id: string }>(
        `SELECT 'session' AS kind, s.id FROM user_session s JOIN app_user u ON u.id = s.user_id
          WHERE s.id = ANY($1::bigint[]) AND s.revoked_at IS NULL AND s.expires_at > $3 AND u.disabled_at IS NULL
         UNION ALL
         SELECT 'api-token' AS kind, t.id FROM api_token t JOIN app_user u ON u.id = t.user_id
          WHERE t.id = ANY($2::bigint[]) AND t.revoked_at IS NULL AND t.expires_at > $3 AND u.disabled_at IS NULL`,
        [sessions, tokens, input.now],
      ),
      this.pool.query<{ id: string; sees_all: boolean; granted: string[] }>(
        `SELECT u.id, (u.role = 'admin' OR u.all_clusters) AS sees_all,
                coalesce((SELECT array_agg(g.cluster_id) FROM user_cluster_grant g WHERE g.user_id = u.id AND g.cluster_id = ANY($2::bigint[])), '{}') AS granted
           FROM app_user u WHERE u.id = ANY($1::bigint[])`,
        [input.userIds, input.clusterIds],
      ),
    ]);
    return {
      alive: new Set(alive.rows.map((r) => credentialKey({ kind: r.kind, id: Number(r.id) }))),
      visible: new Map(users.rows.map((u) => [Number(u.id), u.sees_all ? 'all' : new Set(u.granted.map(Number))])),
    };
  }
}

const STATUS_SELECT = `SELECT c.id, c.name, c.last_seen_at, c.sync_state, c.next_seq - 1 AS head_seq, coalesce(w.last_seq, 0) AS worker_seq`;
const ALERT_COLUMNS = `id, rule, severity, state, subject_key, subject, message, details, first_seen, last_seen, first_seq, last_seq, resolved_at`;

interface StatusRow {
  id: string;
  name: string;
  last_seen_at: Date | null;
  sync_state: LiveClusterStatus['syncState'];
  head_seq: string;
  worker_seq: string;
}
interface PostureRow {
  namespace: string;
  changed: boolean;
  pods: number;
  ingress_isolated_pods: number;
  egress_isolated_pods: number;
  policies: number;
  default_deny_ingress: boolean;
  default_deny_egress: boolean;
  exposed_to_internet: boolean;
  reachable_from_other_namespaces: boolean;
  score: number;
  details: unknown;
  updated_seq: string;
  updated_at: Date;
}
interface AuditRow {
  id: string;
  seq: string;
  kind: string;
  namespace: string;
  name: string;
  action: LiveAuditRow['action'];
  manager: string | null;
  occurred_at: Date;
  added_count: number;
  removed_count: number;
  exposure_count: number;
  total: number;
}
interface AlertRow {
  id: string;
  rule: string;
  severity: LiveAlertRow['severity'];
  state: LiveAlertRow['state'];
  subject_key: string;
  subject: unknown;
  message: string;
  details: unknown;
  first_seen: Date;
  last_seen: Date;
  first_seq: string;
  last_seq: string;
  resolved_at: Date | null;
}

function toStatus(r: StatusRow): LiveClusterStatus {
  return { clusterId: Number(r.id), name: r.name, lastSeenAt: r.last_seen_at, syncState: r.sync_state, headSeq: Number(r.head_seq), workerSeq: Number(r.worker_seq) };
}

function toPosture(r: PostureRow): LivePostureRowData {
  return {
    namespace: r.namespace, pods: r.pods, ingressIsolatedPods: r.ingress_isolated_pods, egressIsolatedPods: r.egress_isolated_pods,
    policies: r.policies, defaultDenyIngress: r.default_deny_ingress, defaultDenyEgress: r.default_deny_egress,
    exposedToInternet: r.exposed_to_internet, reachableFromOtherNamespaces: r.reachable_from_other_namespaces, score: r.score,
    details: r.details, seq: Number(r.updated_seq), updatedAt: r.updated_at,
  };
}

function toAudit(r: AuditRow): LiveAuditRow {
  return {
    id: Number(r.id), seq: Number(r.seq), kind: r.kind, namespace: r.namespace, name: r.name, action: r.action, manager: r.manager,
    occurredAt: r.occurred_at, addedCount: r.added_count, removedCount: r.removed_count, exposureCount: r.exposure_count,
  };
}

function toAlert(r: AlertRow): LiveAlertRow {
  return {
    id: Number(r.id), rule: r.rule, severity: r.severity, state: r.state, subjectKey: r.subject_key, subject: r.subject, message: r.message,
    details: r.details, firstSeen: r.first_seen, lastSeen: r.last_seen, firstSeq: Number(r.first_seq), lastSeq: Number(r.last_seq), resolvedAt: r.resolved_at,
  };
}
