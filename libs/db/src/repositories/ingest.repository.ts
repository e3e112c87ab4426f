import type { IngestBatch, IngestObject, IngestResult } from '@reachwatch/contracts';
import type { Pool, PoolClient } from 'pg';
import { copyRows, JsonText, textArray } from '../copy';
import { DbError } from '../errors';
import { IngestPlan, objectKey, StoredObject, SyncEpochs, versionKey } from '../ingest/plan';
import { checkBatch, validateBatch } from '../ingest/validate';

/** The channel ingest NOTIFYs after a batch that journaled something; the payload is the cluster id. */
export const CHANGES_CHANNEL = 'reachwatch_changes';

/**
 * Writes agent batches into current state (k8s_object) and the journal (change_event). Every statement
 * takes its values as parameters; batches are applied with a handful of set-based statements (JSONB
 * recordsets and unnest), not one round trip per event.
 */
export class IngestRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Applies one batch in ONE transaction (see @reachwatch/contracts ingest.ts for the semantics).
   * Validates the whole batch first: a malformed batch throws DbError INVALID_BATCH and writes nothing.
   * The cluster row is locked FOR NO KEY UPDATE, which orders concurrent batches of one cluster and keeps
   * the journal's seq gap-free. Not FOR UPDATE: that also conflicts with the KEY SHARE locks the worker's
   * inserts take on the same row through their foreign keys, so every ingest waited for the worker's commit.
   * Throws CLUSTER_NOT_FOUND for an unknown id.
   */
  async applyBatch(clusterId: number, input: unknown): Promise<IngestResult> {
    return this.applyChecked(clusterId, validateBatch(input));
  }

  /**
   * applyBatch for a batch the caller parsed against the IngestBatch contract already (the API's body
   * pipe): only the checks the contract cannot express run again (see checkBatch).
   */
  async applyParsedBatch(clusterId: number, batch: IngestBatch): Promise<IngestResult> {
    return this.applyChecked(clusterId, checkBatch(batch));
  }

  private async applyChecked(clusterId: number, batch: IngestBatch): Promise<IngestResult> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await this.applyLocked(client, clusterId, batch.events);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  private async applyLocked(client: PoolClient, clusterId: number, events: IngestBatch['events']): Promise<IngestResult> {
    const locked = await client.query<{ next_seq: string; sync_epochs: SyncEpochs; sync_state: string; now: Date }>(
      'SELECT next_seq, sync_epochs, sync_state, now() AS now FROM cluster WHERE id = $1 FOR NO KEY UPDATE',
      [clusterId],
    );
    if (!locked.rowCount) throw new DbError('CLUSTER_NOT_FOUND', `No cluster with id ${clusterId}.`);
    const { next_seq, sync_epochs, sync_state, now } = locked.rows[0];

    const objectEvents = events.flatMap((e) => (e.type === 'SYNC_END' ? [] : [e.object]));
    const plan = new IngestPlan(
      await this.loadObjects(client, clusterId, objectEvents),
      await this.loadJournaledVersions(client, clusterId, objectEvents),
      await this.loadDeletedUids(client, clusterId, objectEvents),
      structuredClone(sync_epochs),
      Number(next_seq),
      now.toISOString(),
    );
    let pruned = 0;
    let relistsEnded = 0;
    for (const event of events) {
      if (event.type !== 'SYNC_END') {
        plan.apply(event);
        continue;
      }
      if (plan.isSyncEndReplay(event.kind, event.syncEpoch)) {
        plan.unchanged++;
        continue;
      }
      // Prune in SQL against the flushed state: everything of this kind the relist did not confirm.
      await this.flush(client, clusterId, plan);
      const gone = await client.query<PrunedRow>(
        `DELETE FROM k8s_object WHERE cluster_id = $1 AND kind = $2 AND sync_epoch IS DISTINCT FROM $3
         RETURNING kind, uid, namespace, name, resource_version, object, content_hash, sync_epoch, recent_versions`,
        [clusterId, event.kind, event.syncEpoch],
      );
      const rows = gone.rows.map(toStored).sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(a.uid, b.uid));
      plan.pruned(event.kind, event.syncEpoch, rows);
      pruned += rows.length;
      relistsEnded++;
    }
    await this.flush(client, clusterId, plan);

    await client.query(
      'UPDATE cluster SET next_seq = $2, last_seen_at = now(), sync_state = $3, sync_epochs = $4 WHERE id = $1',
      [clusterId, plan.nextSeq, plan.syncState(sync_state), JSON.stringify(plan.syncEpochs)],
    );
    // Delivered at COMMIT, and only then: listeners never see a change they cannot read yet. A relist that
    // ended is news too, even when it journaled nothing: the worker waits for the initial one to end.
    if (plan.journaled > 0 || relistsEnded > 0) await client.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, String(clusterId)]);
    return { received: events.length, journaled: plan.journaled, unchanged: plan.unchanged, pruned, lastSeq: plan.nextSeq - 1 };
  }

  private async loadObjects(client: PoolClient, clusterId: number, objects: IngestObject[]): Promise<Map<string, StoredObject>> {
    const keys = uniqueBy(objects, (o) => objectKey(o.kind, o.metadata.uid));
    // LATERAL with OFFSET 0 (which keeps the planner from flattening it back into a join): one primary-key
    // probe per key. With a plain join the planner scanned and hashed the cluster's whole k8s_object, which
    // made each batch of a large initial sync slower than the last (150-500 ms per batch at 70k objects).
    const { rows } = await client.query<PrunedRow>(
      `SELECT o.kind, o.uid, o.namespace, o.name, o.resource_version, o.object, o.content_hash, o.sync_epoch, o.recent_versions
         FROM unnest($2::text[], $3::text[]) AS k(kind, uid)
         CROSS JOIN LATERAL (SELECT * FROM k8s_object x WHERE x.cluster_id = $1 AND x.kind = k.kind AND x.uid = k.uid OFFSET 0) o`,
      [clusterId, keys.map((o) => o.kind), keys.map((o) => o.metadata.uid)],
    );
    return new Map(rows.map((r) => [objectKey(r.kind, r.uid), toStored(r)]));
  }

  /** Index probes per (uid, resourceVersion), like loadObjects. */
  private async loadJournaledVersions(client: PoolClient, clusterId: number, objects: IngestObject[]): Promise<Set<string>> {
    const keys = uniqueBy(objects, (o) => versionKey(o.metadata.uid, o.metadata.resourceVersion));
    const { rows } = await client.query<{ uid: string; resource_version: string }>(
      `SELECT e.uid, e.resource_version
         FROM unnest($2::text[], $3::text[]) AS k(uid, rv)
         CROSS JOIN LATERAL (SELECT x.uid, x.resource_version FROM change_event x
                              WHERE x.cluster_id = $1 AND x.uid = k.uid AND x.resource_version = k.rv AND x.type IN ('ADDED', 'MODIFIED') OFFSET 0) e`,
      [clusterId, keys.map((o) => o.metadata.uid), keys.map((o) => o.metadata.resourceVersion)],
    );
    return new Set(rows.map((r) => versionKey(r.uid, r.resource_version)));
  }

  /** Index probes per uid, like loadObjects (LIMIT 1 also keeps the subquery from being flattened). */
  private async loadDeletedUids(client: PoolClient, clusterId: number, objects: IngestObject[]): Promise<Set<string>> {
    const uids = [...new Set(objects.map((o) => o.metadata.uid))];
    const { rows } = await client.query<{ uid: string }>(
      `SELECT k.uid FROM unnest($2::text[]) AS k(uid)
         CROSS JOIN LATERAL (SELECT 1 FROM change_event x WHERE x.cluster_id = $1 AND x.uid = k.uid AND x.type = 'DELETED' LIMIT 1) e`,
      [clusterId, uids],
    );
    return new Set(rows.map((r) => r.uid));
  }

  /**
   * Writes the plan's pending journal rows, new objects, updated objects and deletes: at most four
   * statements whatever the size. The journal and new objects are plain inserts, streamed with COPY
   * (see copy.ts); the plan knows which objects have no row yet, since it holds the cluster's lock.
   */
  private async flush(client: PoolClient, clusterId: number, plan: IngestPlan): Promise<void> {
    const { journal, inserts, updates, deletes } = plan.takeWrites();
    if (deletes.length) {
      await client.query(
        `DELETE FROM k8s_object o USING unnest($2::text[], $3::text[]) AS k(kind, uid)
          WHERE o.cluster_id = $1 AND o.kind = k.kind AND o.uid = k.uid`,
        [clusterId, deletes.map((d) => d.kind), deletes.map((d) => d.uid)],
      );
    }
    // A new object is both the journal's `after` and the stored row: serialised once for both.
    const serialised = new Map<IngestObject, JsonText>();
    const json = (o: IngestObject | null) => {
      if (o === null) return null;
      let text = serialised.get(o);
      if (!text) serialised.set(o, (text = new JsonText(JSON.stringify(o))));
      return text;
    };
    if (journal.length) {
      await copyRows(client, 'change_event', JOURNAL_COLUMNS, journal.map((r) => [
        clusterId, r.seq, r.kind, r.uid, r.namespace, r.name, r.type, r.resource_version, json(r.before), json(r.after), r.manager, r.occurred_at,
      ]));
    }
    if (inserts.length) {
      await copyRows(client, 'k8s_object', OBJECT_COLUMNS, inserts.map((o) => [
        clusterId, o.kind, o.uid, o.namespace, o.name, o.object.metadata.labels ?? {}, o.resourceVersion, json(o.object), o.contentHash, o.syncEpoch,
        textArray(o.recentVersions),
      ]));
    }
    if (updates.length) {
      const rows = updates.map((o) => ({
        kind: o.kind, uid: o.uid, namespace: o.namespace, name: o.name, labels: o.object.metadata.labels ?? {},
        resource_version: o.resourceVersion, object: o.object, content_hash: o.contentHash, sync_epoch: o.syncEpoch,
        recent_versions: o.recentVersions,
      }));
      // An upsert rather than UPDATE … FROM: its conflict check probes the primary key row by row, where the
      // planner may join an UPDATE's recordset by scanning the cluster's whole k8s_object.
      await client.query(
        `INSERT INTO k8s_object AS t (cluster_id, kind, uid, namespace, name, labels, resource_version, object, content_hash, sync_epoch, recent_versions, updated_at)
         SELECT $1, r.kind, r.uid, r.namespace, r.name, r.labels, r.resource_version, r.object, r.content_hash, r.sync_epoch, r.recent_versions, now()
           FROM jsonb_to_recordset($2::jsonb) AS r(kind text, uid text, namespace text, name text, labels jsonb, resource_version text,
                object jsonb, content_hash text, sync_epoch text, recent_versions text[])
         ON CONFLICT (cluster_id, kind, uid) DO UPDATE SET
           namespace = EXCLUDED.namespace, name = EXCLUDED.name, labels = EXCLUDED.labels,
           resource_version = EXCLUDED.resource_version, object = EXCLUDED.object, content_hash = EXCLUDED.content_hash,
           sync_epoch = EXCLUDED.sync_epoch, recent_versions = EXCLUDED.recent_versions, updated_at = now()`,
        [clusterId, JSON.stringify(rows)],
      );
    }
  }
}

const JOURNAL_COLUMNS = ['cluster_id', 'seq', 'kind', 'uid', 'namespace', 'name', 'type', 'resource_version', 'before', 'after', 'manager', 'occurred_at'];
const OBJECT_COLUMNS = ['cluster_id', 'kind', 'uid', 'namespace', 'name', 'labels', 'resource_version', 'object', 'content_hash', 'sync_epoch', 'recent_versions'];

interface PrunedRow {
  kind: string;
  uid: string;
  namespace: string;
  name: string;
  resource_version: string;
  object: IngestObject;
  content_hash: string;
  sync_epoch: string | null;
  recent_versions: string[];
}

function toStored(r: PrunedRow): StoredObject {
  return {
    kind: r.kind, uid: r.uid, namespace: r.namespace, name: r.name, resourceVersion: r.resource_version, object: r.object,
    contentHash: r.content_hash, syncEpoch: r.sync_epoch, recentVersions: r.recent_versions,
  };
}

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
