import type { Pool, PoolClient } from 'pg';
import { copyRows, JsonText } from '../copy';
import { enqueueAlertDeliveries, type AlertWebhookPayload } from './webhook-delivery.repository';
import { WorkerDbError } from './worker-errors';
import type { PostureFields } from './posture-fields';

/** The channel the API's socket.io gateway listens on; payload: WorkerUpdateNotice (JSON). */
export const WORKER_UPDATES_CHANNEL = 'reachwatch_updates';

export interface EdgeRowInput {
  srcKey: string;
  dstKey: string;
  src: unknown;
  dst: unknown;
  srcNamespace: string | null;
  dstNamespace: string | null;
  allPorts: boolean;
  ports: unknown;
  /** `ports` as text (PortSet.toString()): rows with the same text have the same list. */
  portsText: string;
  /** The journal position of the last change to this edge. */
  seq: number;
}

export interface PostureRowInput extends PostureFields {
  details: unknown;
  seq: number;
}

export interface ReachabilityChangeInput {
  seq: number;
  added: unknown[];
  removed: unknown[];
  exposures: unknown[];
}

export interface AuditInput {
  seq: number;
  kind: string;
  namespace: string;
  name: string;
  action: 'created' | 'updated' | 'deleted' | 'relabelled';
  before: unknown | null;
  after: unknown | null;
  diff: string;
  manager: string | null;
  occurredAt: Date;
  addedCount: number;
  removedCount: number;
  exposures: unknown[];
  /** Who-and-why annotations of the object (kubernetes.io/change-cause, …/changed-by, …). */
  annotations: Record<string, string>;
}

/** edge_dst: one destination's fan-in. */
export interface EdgeDstRowInput {
  dstKey: string;
  dst: unknown;
  dstNamespace: string | null;
  inbound: number;
}

/** edge_group: the edges from one source group (a namespace, or one external range's key) into one destination. */
export interface EdgeGroupRowInput {
  dstKey: string;
  srcGroup: string;
  /** The external range's endpoint when the group is one. */
  src: unknown | null;
  dstNamespace: string | null;
  sources: number;
  allPorts: boolean;
  portLists: unknown[];
}

/** Summary rows to write; `replaceAll` drops the cluster's stored summaries first (a rebuild). */
export interface SummaryWrites {
  replaceAll?: boolean;
  dstUpserts: EdgeDstRowInput[];
  dstDeletes: string[];
  groupUpserts: EdgeGroupRowInput[];
  groupDeletes: { dstKey: string; srcGroup: string }[];
}

export type AlertAction =
  | { type: 'open'; seq: number; at: Date; rule: string; severity: 'low' | 'medium' | 'high' | 'critical'; subjectKey: string; subject: unknown; message: string; details: unknown }
  | { type: 'resolve'; seq: number; at: Date; rule: string; subjectKey: string };

/**
 * Everything one step of the worker writes. A step is one journal event or a few consecutive ones
 * (fromSeq, toSeq]; edge and posture rows must already be netted over the step (one row per key).
 */
export interface WorkerCommit {
  clusterId: string;
  workerId: string;
  /** The cursor the worker started the step from; the commit fails if the stored cursor differs. */
  fromSeq: number;
  toSeq: number;
  edgeUpserts: EdgeRowInput[];
  edgeDeletes: { srcKey: string; dstKey: string }[];
  summaries: SummaryWrites;
  postureUpserts: PostureRowInput[];
  postureDeletes: string[];
  changes: ReachabilityChangeInput[];
  audits: AuditInput[];
  alerts: AlertAction[];
}

/** The NOTIFY payload on WORKER_UPDATES_CHANNEL (kept far below Postgres' 8000-byte limit). */
export interface WorkerUpdateNotice {
  clusterId: string;
  fromSeq: number;
  seq: number;
  edgesChanged: number;
  postureChanged: number;
  added: number;
  removed: number;
  audits: number;
  alertsOpened: number;
  alertsResolved: number;
}

/** The worker's writes: each step's effects and its cursor move in one transaction. */
export class WorkerEffectsRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Writes one step and moves the cursor from `fromSeq` to `toSeq`, atomically, then NOTIFYs (delivered
   * on commit). Fails with LEASE_LOST when the worker no longer holds the cluster, CURSOR_MOVED when the
   * stored cursor is not `fromSeq` (another worker applied those events): nothing is written then.
   */
  async commit(step: WorkerCommit): Promise<WorkerUpdateNotice> {
    return this.inTransaction(async (tx) => {
      await moveCursor(tx, step.clusterId, step.workerId, step.fromSeq, step.toSeq);
      await writeEdges(tx, step.clusterId, step.edgeUpserts, step.edgeDeletes);
      await writeSummaries(tx, step.clusterId, step.summaries);
      await writePosture(tx, step.clusterId, step.postureUpserts, step.postureDeletes);
      if (step.changes.length) {
        // One jsonb recordset: measured against one text per row and column (unnest), it took less than
        // half the time for 200 events of 400 connections each; the JSON shape is what apps/api/src/live reads.
        await tx.query(
          `INSERT INTO reachability_change (cluster_id, seq, added, removed, added_count, removed_count, exposures)
           SELECT $1, x.seq, x.added, x.removed, jsonb_array_length(x.added), jsonb_array_length(x.removed), x.exposures
             FROM jsonb_to_recordset($2::jsonb) AS x(seq bigint, added jsonb, removed jsonb, exposures jsonb)`,
          [step.clusterId, JSON.stringify(step.changes)],
        );
      }
      if (step.audits.length) {
        await tx.query(
          `INSERT INTO policy_audit (cluster_id, seq, kind, namespace, name, action, before, after, diff, manager, occurred_at, added_count, removed_count, exposures, annotations)
           SELECT $1, x.seq, x.kind, x.namespace, x.name, x.action, x.before, x.after, x.diff, x.manager, x."occurredAt", x."addedCount", x."removedCount", x.exposures,
                  COALESCE(x.annotations, '{}')
             FROM jsonb_to_recordset($2::jsonb) AS x(seq bigint, kind text, namespace text, name text, action text, before jsonb, after jsonb,
                  diff text, manager text, "occurredAt" timestamptz, "addedCount" int, "removedCount" int, exposures jsonb, annotations jsonb)`,
          [step.clusterId, JSON.stringify(step.audits)],
        );
      }
      const { opened, resolved } = await writeAlerts(tx, step.clusterId, step.alerts);
      const notice: WorkerUpdateNotice = {
        clusterId: String(step.clusterId),
        fromSeq: step.fromSeq,
        seq: step.toSeq,
        edgesChanged: step.edgeUpserts.length + step.edgeDeletes.length,
        postureChanged: step.postureUpserts.length + step.postureDeletes.length,
        added: step.changes.reduce((n, c) => n + c.added.length, 0),
        removed: step.changes.reduce((n, c) => n + c.removed.length, 0),
        audits: step.audits.length,
        alertsOpened: opened,
        alertsResolved: resolved,
      };
      await tx.query(`SELECT pg_notify($1, $2)`, [WORKER_UPDATES_CHANNEL, JSON.stringify(notice)]);
      return notice;
    });
  }

  /**
   * Records the cluster's coverage now (from its posture rows) for trends; the mean namespace score, as
   * the fleet summary reports it. A cluster without namespaces records nothing.
   */
  async samplePosture(clusterId: string, seq: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO posture_sample (cluster_id, sampled_at, seq, pods, ingress_isolated, egress_isolated, namespaces, score)
       SELECT $1, clock_timestamp(), $2, sum(pods), sum(ingress_isolated_pods), sum(egress_isolated_pods), count(*), avg(score)
         FROM posture WHERE cluster_id = $1 HAVING count(*) > 0
       ON CONFLICT DO NOTHING`,
      [clusterId, seq],
    );
  }

  /**
   * The first computation of a cluster (its cursor is 0): every edge and posture row at journal position
   * `toSeq`, and the cursor moved from 0 to `toSeq`, in one transaction guarded like `commit` (LEASE_LOST,
   * CURSOR_MOVED). Whatever edge or posture rows the cluster had are replaced. A baseline writes no
   * reachability_change, policy_audit or alert rows: the events it covers have no per-event effects.
   *
   * The tables are emptied for the cluster first, so every row is a plain insert, streamed with COPY in
   * primary-key order (destination, then source): each index insert lands next to the previous one
   * instead of at a random leaf (see migration 20261123090000_edge_write_cost for what that saved).
   */
  async commitBaseline(
    step: { clusterId: string; workerId: string; toSeq: number; edges: EdgeRowInput[]; dsts: EdgeDstRowInput[]; groups: EdgeGroupRowInput[]; posture: PostureRowInput[] },
  ): Promise<WorkerUpdateNotice> {
    return this.inTransaction(async (tx) => {
      await moveCursor(tx, step.clusterId, step.workerId, 0, step.toSeq);
      for (const table of ['edge', 'edge_dst', 'edge_group', 'posture']) await tx.query(`DELETE FROM ${table} WHERE cluster_id = $1`, [step.clusterId]);
      const id = step.clusterId;
      const json = new JsonOnce();
      const edges = [...step.edges].sort((a, b) => compareKeys(a.dstKey, b.dstKey) || compareKeys(a.srcKey, b.srcKey));
      await copyRows(
        tx, 'edge', EDGE_COLUMNS,
        edges.map((e) => [id, e.srcKey, e.dstKey, json.of(e.src), json.of(e.dst), e.srcNamespace, e.dstNamespace, e.allPorts, json.ofPorts(e.portsText, e.ports), e.portsText, e.seq]),
      );
      const dsts = [...step.dsts].sort((a, b) => compareKeys(a.dstKey, b.dstKey));
      await copyRows(tx, 'edge_dst', ['cluster_id', 'dst_key', 'dst', 'dst_namespace', 'inbound'], dsts.map((d) => [id, d.dstKey, json.of(d.dst), d.dstNamespace, d.inbound]));
      const groups = [...step.groups].sort((a, b) => compareKeys(a.dstKey, b.dstKey) || compareKeys(a.srcGroup, b.srcGroup));
      await copyRows(
        tx, 'edge_group', ['cluster_id', 'dst_key', 'src_group', 'src', 'dst_namespace', 'sources', 'all_ports', 'port_lists'],
        groups.map((g) => [id, g.dstKey, g.srcGroup, g.src === null ? null : json.of(g.src), g.dstNamespace, g.sources, g.allPorts, g.portLists]),
      );
      await writePosture(tx, step.clusterId, step.posture, []);
      const notice: WorkerUpdateNotice = {
        clusterId: String(step.clusterId), fromSeq: 0, seq: step.toSeq, edgesChanged: step.edges.length, postureChanged: step.posture.length,
        added: 0, removed: 0, audits: 0, alertsOpened: 0, alertsResolved: 0,
      };
      await tx.query(`SELECT pg_notify($1, $2)`, [WORKER_UPDATES_CHANNEL, JSON.stringify(notice)]);
      return notice;
    });
  }

  private async inTransaction<T>(f: (tx: PoolClient) => Promise<T>): Promise<T> {
    const tx = await this.pool.connect();
    try {
      await tx.query('BEGIN');
      const out = await f(tx);
      await tx.query('COMMIT');
      return out;
    } catch (e) {
      await tx.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      tx.release();
    }
  }
}

async function moveCursor(tx: PoolClient, clusterId: string, workerId: string, from: number, to: number): Promise<void> {
  // First the cluster row, KEY SHARE until commit: the edge tables have no foreign key to it (see migration
  // 20261123090000_edge_write_cost), so this lock is what makes a delete of the cluster wait for this step,
  // and then delete what it wrote. Taken before the cursor row's lock, as a delete takes them.
  await tx.query(`SELECT 1 FROM cluster WHERE id = $1 FOR KEY SHARE`, [clusterId]);
  // The cursor row's lock serialises committers of one cluster; the checks run after the lock is held.
  const r = await tx.query(
    `UPDATE worker_cursor SET last_seq = $3, updated_at = now()
      WHERE cluster_id = $1 AND last_seq = $2
        AND EXISTS (SELECT 1 FROM worker_lease WHERE cluster_id = $1 AND worker_id = $4)`,
    [clusterId, from, to, workerId],
  );
  if (r.rowCount === 1) return;
  const lease = await tx.query<{ worker_id: string }>(`SELECT worker_id FROM worker_lease WHERE cluster_id = $1`, [clusterId]);
  if (lease.rows[0]?.worker_id !== workerId) {
    throw new WorkerDbError('LEASE_LOST', `Worker ${workerId} no longer holds the lease of cluster ${clusterId} (holder: ${lease.rows[0]?.worker_id ?? 'none'}); its step ${from}→${to} was not written.`);
  }
  throw new WorkerDbError('CURSOR_MOVED', `The cursor of cluster ${clusterId} is no longer at ${from}: another worker applied those events; the step ${from}→${to} was not written.`);
}

/**
 * Key order for COPY: UTF-16 code units, which is Postgres' "C" collation (byte order) for the ASCII that
 * Kubernetes names and address ranges are made of. Only a write order: any other order stays correct.
 */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Each JSON value serialised once for a baseline's COPY: a cluster's edges share a few thousand endpoint
 * objects (the engine hands out one object per endpoint) and a few dozen port lists, repeated over
 * hundreds of thousands of rows; serialising each row's values took the worker over a second on L.
 */
class JsonOnce {
  private readonly objects = new Map<unknown, JsonText>();
  private readonly ports = new Map<string, JsonText>();

  of(value: unknown): JsonText {
    let text = this.objects.get(value);
    if (!text) this.objects.set(value, (text = new JsonText(JSON.stringify(value))));
    return text;
  }

  /** By the ports' text (equal texts are equal lists): each row's list is its own array. */
  ofPorts(portsText: string, ports: unknown): JsonText {
    let text = this.ports.get(portsText);
    if (!text) this.ports.set(portsText, (text = new JsonText(JSON.stringify(ports))));
    return text;
  }
}

async function writeEdges(tx: PoolClient, clusterId: string, upserts: EdgeRowInput[], deletes: { srcKey: string; dstKey: string }[]): Promise<void> {
  if (deletes.length) {
    await tx.query(
      `DELETE FROM edge e USING jsonb_to_recordset($2::jsonb) AS x("srcKey" text, "dstKey" text)
        WHERE e.cluster_id = $1 AND e.src_key = x."srcKey" AND e.dst_key = x."dstKey"`,
      [clusterId, JSON.stringify(deletes)],
    );
  }
  if (upserts.length) {
    // json_to_recordset, not jsonb_: src and dst are json columns, taken as the text they were sent as
    // (as a baseline's COPY stores them), and the document is not converted to jsonb first (~10 % faster).
    await tx.query(
      `INSERT INTO edge (cluster_id, src_key, dst_key, src, dst, src_namespace, dst_namespace, all_ports, ports, ports_text, updated_seq)
       SELECT $1, x."srcKey", x."dstKey", x.src, x.dst, x."srcNamespace", x."dstNamespace", x."allPorts", x.ports, x."portsText", x.seq
         FROM json_to_recordset($2::json) AS x("srcKey" text, "dstKey" text, src json, dst json, "srcNamespace" text,
              "dstNamespace" text, "allPorts" boolean, ports jsonb, "portsText" text, seq bigint)
       ON CONFLICT (cluster_id, dst_key, src_key) DO UPDATE SET src = EXCLUDED.src, dst = EXCLUDED.dst,
         src_namespace = EXCLUDED.src_namespace, dst_namespace = EXCLUDED.dst_namespace, all_ports = EXCLUDED.all_ports,
         ports = EXCLUDED.ports, ports_text = EXCLUDED.ports_text, updated_seq = EXCLUDED.updated_seq`,
      [clusterId, JSON.stringify(upserts)],
    );
  }
}

const EDGE_COLUMNS = ['cluster_id', 'src_key', 'dst_key', 'src', 'dst', 'src_namespace', 'dst_namespace', 'all_ports', 'ports', 'ports_text', 'updated_seq'];

async function writeSummaries(tx: PoolClient, clusterId: string, w: SummaryWrites): Promise<void> {
  if (w.replaceAll) {
    await tx.query(`DELETE FROM edge_dst WHERE cluster_id = $1`, [clusterId]);
    await tx.query(`DELETE FROM edge_group WHERE cluster_id = $1`, [clusterId]);
  }
  if (w.dstDeletes.length) await tx.query(`DELETE FROM edge_dst WHERE cluster_id = $1 AND dst_key = ANY($2::text[])`, [clusterId, w.dstDeletes]);
  if (w.groupDeletes.length) {
    await tx.query(
      `DELETE FROM edge_group g USING jsonb_to_recordset($2::jsonb) AS x("dstKey" text, "srcGroup" text)
        WHERE g.cluster_id = $1 AND g.dst_key = x."dstKey" AND g.src_group = x."srcGroup"`,
      [clusterId, JSON.stringify(w.groupDeletes)],
    );
  }
  if (w.dstUpserts.length) {
    await tx.query(
      `INSERT INTO edge_dst (cluster_id, dst_key, dst, dst_namespace, inbound)
       SELECT $1, x."dstKey", x.dst, x."dstNamespace", x.inbound
         FROM jsonb_to_recordset($2::jsonb) AS x("dstKey" text, dst jsonb, "dstNamespace" text, inbound int)
       ON CONFLICT (cluster_id, dst_key) DO UPDATE SET dst = EXCLUDED.dst, dst_namespace = EXCLUDED.dst_namespace, inbound = EXCLUDED.inbound`,
      [clusterId, JSON.stringify(w.dstUpserts)],
    );
  }
  if (w.groupUpserts.length) {
    await tx.query(
      `INSERT INTO edge_group (cluster_id, dst_key, src_group, src, dst_namespace, sources, all_ports, port_lists)
       SELECT $1, x."dstKey", x."srcGroup", x.src, x."dstNamespace", x.sources, x."allPorts", x."portLists"
         FROM jsonb_to_recordset($2::jsonb) AS x("dstKey" text, "srcGroup" text, src jsonb, "dstNamespace" text, sources int, "allPorts" boolean, "portLists" jsonb)
       ON CONFLICT (cluster_id, dst_key, src_group) DO UPDATE SET src = EXCLUDED.src, dst_namespace = EXCLUDED.dst_namespace, sources = EXCLUDED.sources,
         all_ports = EXCLUDED.all_ports, port_lists = EXCLUDED.port_lists`,
      [clusterId, JSON.stringify(w.groupUpserts)],
    );
  }
}

async function writePosture(tx: PoolClient, clusterId: string, upserts: PostureRowInput[], deletes: string[]): Promise<void> {
  if (deletes.length) {
    await tx.query(`DELETE FROM posture WHERE cluster_id = $1 AND namespace = ANY($2::text[])`, [clusterId, deletes]);
  }
  if (upserts.length) {
    await tx.query(
      `INSERT INTO posture (cluster_id, namespace, pods, ingress_isolated_pods, egress_isolated_pods, policies, default_deny_ingress,
         default_deny_egress, exposed_to_internet, reachable_from_other_namespaces, score, details, updated_seq, updated_at)
       SELECT $1, x.namespace, x.pods, x."ingressIsolatedPods", x."egressIsolatedPods", x.policies, x."defaultDenyIngress",
         x."defaultDenyEgress", x."exposedToInternet", x."reachableFromOtherNamespaces", x.score, x.details, x.seq, now()
         FROM jsonb_to_recordset($2::jsonb) AS x(namespace text, pods int, "ingressIsolatedPods" int, "egressIsolatedPods" int,
              policies int, "defaultDenyIngress" boolean, "defaultDenyEgress" boolean, "exposedToInternet" boolean,
              "reachableFromOtherNamespaces" boolean, score real, details jsonb, seq bigint)
       ON CONFLICT (cluster_id, namespace) DO UPDATE SET pods = EXCLUDED.pods, ingress_isolated_pods = EXCLUDED.ingress_isolated_pods,
         egress_isolated_pods = EXCLUDED.egress_isolated_pods, policies = EXCLUDED.policies,
         default_deny_ingress = EXCLUDED.default_deny_ingress, default_deny_egress = EXCLUDED.default_deny_egress,
         exposed_to_internet = EXCLUDED.exposed_to_internet, reachable_from_other_namespaces = EXCLUDED.reachable_from_other_namespaces,
         score = EXCLUDED.score, details = EXCLUDED.details, updated_seq = EXCLUDED.updated_seq, updated_at = now()`,
      [clusterId, JSON.stringify(upserts)],
    );
  }
}

/**
 * In step order: an alert opened and resolved within one step leaves a resolved row, as it should. A new
 * alert and a resolution each queue webhook deliveries in this same transaction (the outbox); a repeat of an
 * open alert only refreshes it.
 */
async function writeAlerts(tx: PoolClient, clusterId: string, actions: AlertAction[]): Promise<{ opened: number; resolved: number }> {
  let opened = 0;
  let resolved = 0;
  if (!actions.length) return { opened, resolved };
  const clusterName = (await tx.query<{ name: string }>(`SELECT name FROM cluster WHERE id = $1`, [clusterId])).rows[0]?.name ?? String(clusterId);
  for (const a of actions) {
    if (a.type === 'open') {
      // Dedup on (cluster, rule, subject) while not resolved: a repeat refreshes last_seen instead.
      const r = await tx.query<AlertDbRow & { inserted: boolean }>(
        `INSERT INTO alert (cluster_id, rule, severity, subject_key, subject, message, details, first_seen, last_seen, first_seq, last_seq)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $9)
         ON CONFLICT (cluster_id, rule, subject_key) WHERE state <> 'resolved'
         DO UPDATE SET last_seen = EXCLUDED.last_seen, last_seq = EXCLUDED.last_seq, severity = EXCLUDED.severity,
           message = EXCLUDED.message, details = EXCLUDED.details
         RETURNING ${ALERT_COLUMNS}, (xmax = 0) AS inserted`,
        [clusterId, a.rule, a.severity, a.subjectKey, JSON.stringify(a.subject), a.message, JSON.stringify(a.details), a.at, a.seq],
      );
      const row = r.rows[0];
      if (row?.inserted) {
        opened++;
        await enqueueAlertDeliveries(tx, clusterId, row.rule, row.severity, Number(row.id), alertPayload('alert.raised', clusterName, row, a.seq));
      }
    } else {
      const r = await tx.query<AlertDbRow>(
        `UPDATE alert SET state = 'resolved', resolved_at = $4, last_seq = $5
          WHERE cluster_id = $1 AND rule = $2 AND subject_key = $3 AND state <> 'resolved'
         RETURNING ${ALERT_COLUMNS}`,
        [clusterId, a.rule, a.subjectKey, a.at, a.seq],
      );
      resolved += r.rowCount ?? 0;
      for (const row of r.rows) {
        await enqueueAlertDeliveries(tx, clusterId, row.rule, row.severity, Number(row.id), alertPayload('alert.resolved', clusterName, row, a.seq));
      }
    }
  }
  return { opened, resolved };
}

const ALERT_COLUMNS = 'id, rule, severity, state, subject_key, subject, message, details, first_seen, last_seen';
interface AlertDbRow {
  id: string; rule: string; severity: string; state: string; subject_key: string; subject: unknown; message: string; details: unknown; first_seen: Date; last_seen: Date;
}

function alertPayload(event: 'alert.raised' | 'alert.resolved', cluster: string, row: AlertDbRow, seq: number): AlertWebhookPayload {
  return {
    event,
    sentBy: 'reachwatch',
    alert: {
      id: Number(row.id), cluster, rule: row.rule, severity: row.severity, state: row.state, subjectKey: row.subject_key, subject: row.subject,
      message: row.message, details: row.details, firstSeen: row.first_seen.toISOString(), lastSeen: row.last_seen.toISOString(), seq,
    },
  };
}
