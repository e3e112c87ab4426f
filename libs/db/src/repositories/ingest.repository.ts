import type { IngestBatch, IngestObject, IngestResult } from '@reachwatch/contracts';
import type { Pool, PoolClient } from 'pg';
import { copyRows, JsonText, textArray, textArrayLiteral, type CopyValue } from '../copy';
import { DbError } from '../errors';
import { StoredContent } from '../ingest/content';
import { IngestPlan, JournalRow, objectKey, StoredObject, SyncEpochs, versionKey, versionsToProbe } from '../ingest/plan';
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

    const objects = await this.loadObjects(client, clusterId, events);
    const { journaledVersions, deletedUids } = await this.loadJournal(client, clusterId, versionsToProbe(events, objects));
    const plan = new IngestPlan(
      objects,
      journaledVersions,
      deletedUids,
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
      const gone = await client.query<ObjectRow>(
        `DELETE FROM k8s_object WHERE cluster_id = $1 AND kind = $2 AND sync_epoch IS DISTINCT FROM $3
         RETURNING ${OBJECT_ROW}`,
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

  /** The batch's objects as stored. Their JSON comes as text: the plan only writes it back, never reads it. */
  private async loadObjects(client: PoolClient, clusterId: number, events: IngestBatch['events']): Promise<Map<string, StoredObject>> {
    const keys = new Map<string, IngestObject>();
    for (const e of events) if (e.type !== 'SYNC_END') keys.set(objectKey(e.object.kind, e.object.metadata.uid), e.object);
    if (!keys.size) return new Map();
    const objects = [...keys.values()];
    // LATERAL with OFFSET 0 (which keeps the planner from flattening it back into a join): one primary-key
    // probe per key. With a plain join the planner scanned and hashed the cluster's whole k8s_object, which
    // made each batch of a large initial sync slower than the last (150-500 ms per batch at 70k objects).
    const { rows } = await client.query<ObjectRow>(
      `SELECT o.* FROM unnest($2::text[], $3::text[]) AS k(kind, uid)
         CROSS JOIN LATERAL (SELECT ${OBJECT_ROW} FROM k8s_object x WHERE x.cluster_id = $1 AND x.kind = k.kind AND x.uid = k.uid OFFSET 0) o`,
      [clusterId, textArrayLiteral(objects.map((o) => o.kind)), textArrayLiteral(objects.map((o) => o.metadata.uid))],
    );
    return new Map(rows.map((r) => [objectKey(r.kind, r.uid), toStored(r)]));
  }

  /**
   * What the journal says about the given versions: which were journaled as ADDED or MODIFIED, and which
   * of their uids as DELETED. One statement, one index range per pair: change_event's unique key starts with
   * (cluster_id, uid), and an object has few journal rows. LATERAL … OFFSET 0 as in loadObjects.
   */
  private async loadJournal(client: PoolClient, clusterId: number, pairs: { uid: string; resourceVersion: string }[]): Promise<{ journaledVersions: Set<string>; deletedUids: Set<string> }> {
    const journaledVersions = new Set<string>();
    const deletedUids = new Set<string>();
    if (!pairs.length) return { journaledVersions, deletedUids };
    const { rows } = await client.query<{ uid: string; rv: string; type: string }>(
      `SELECT k.uid, k.rv, e.type
         FROM unnest($2::text[], $3::text[]) AS k(uid, rv)
         CROSS JOIN LATERAL (SELECT x.type FROM change_event x
                              WHERE x.cluster_id = $1 AND x.uid = k.uid
                                AND (x.type = 'DELETED' OR (x.resource_version = k.rv AND x.type IN ('ADDED', 'MODIFIED'))) OFFSET 0) e`,
      [clusterId, textArrayLiteral(pairs.map((p) => p.uid)), textArrayLiteral(pairs.map((p) => p.resourceVersion))],
    );
    for (const r of rows) {
      if (r.type === 'DELETED') deletedUids.add(r.uid);
      else journaledVersions.add(versionKey(r.uid, r.rv));
    }
    return { journaledVersions, deletedUids };
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
        [clusterId, textArrayLiteral(deletes.map((d) => d.kind)), textArrayLiteral(deletes.map((d) => d.uid))],
      );
    }
    // Rows are built as COPY takes them, so a new object is serialised while Postgres stores the rows sent
    // before it. A new object's text, serialised for its journal `after`, is reused for its k8s_object row;
    // its content hash is left for later (see ingest/content.ts).
    if (journal.length) await copyRows(client, 'change_event', JOURNAL_COLUMNS, journalRows(clusterId, journal));
    if (inserts.length) await copyRows(client, 'k8s_object', OBJECT_COLUMNS, objectRows(clusterId, inserts));
    if (updates.length) {
      // An upsert rather than UPDATE … FROM: its conflict check probes the primary key row by row, where the
      // planner may join an UPDATE's recordset by scanning the cluster's whole k8s_object. json, not jsonb,
      // for the document: each object's text reaches its json column as it is (key order included), and
      // Postgres does not convert the whole document to jsonb first.
      await client.query(
        `INSERT INTO k8s_object AS t (cluster_id, kind, uid, namespace, name, labels, resource_version, object, content_hash, sync_epoch, recent_versions, updated_at)
         SELECT $1, r.kind, r.uid, r.namespace, r.name, r.labels, r.resource_version, r.object, r.content_hash, r.sync_epoch, r.recent_versions, now()
           FROM json_to_recordset($2::json) AS r(kind text, uid text, namespace text, name text, labels jsonb, resource_version text,
                object json, content_hash text, sync_epoch text, recent_versions text[])
         ON CONFLICT (cluster_id, kind, uid) DO UPDATE SET
           namespace = EXCLUDED.namespace, name = EXCLUDED.name, labels = EXCLUDED.labels,
           resource_version = EXCLUDED.resource_version, object = EXCLUDED.object, content_hash = EXCLUDED.content_hash,
           sync_epoch = EXCLUDED.sync_epoch, recent_versions = EXCLUDED.recent_versions, updated_at = now()`,
        [clusterId, updatesDocument(updates)],
      );
    }
  }
}

function* journalRows(clusterId: number, journal: JournalRow[]): Iterable<CopyValue[]> {
  for (const r of journal) {
    yield [clusterId, r.seq, r.kind, r.uid, r.namespace, r.name, r.type, r.resource_version,
      r.before && new JsonText(r.before.json), r.after && new JsonText(r.after.json), r.manager, r.occurred_at];
  }
}

function* objectRows(clusterId: number, objects: StoredObject[]): Iterable<CopyValue[]> {
  for (const o of objects) {
    yield [clusterId, o.kind, o.uid, o.namespace, o.name, new JsonText(o.content.labels), o.resourceVersion, new JsonText(o.content.json),
      o.content.storedHash, o.syncEpoch, textArray(o.recentVersions)];
  }
}

/** The updates as one JSON array for json_to_recordset, the objects' texts spliced in as they are. */
function updatesDocument(updates: StoredObject[]): string {
  const rows = updates.map((o) =>
    `{"kind":${JSON.stringify(o.kind)},"uid":${JSON.stringify(o.uid)},"namespace":${JSON.stringify(o.namespace)},"name":${JSON.stringify(o.name)},` +
    `"labels":${o.content.labels},"resource_version":${JSON.stringify(o.resourceVersion)},"object":${o.content.json},` +
    `"content_hash":${JSON.stringify(o.content.storedHash)},"sync_epoch":${JSON.stringify(o.syncEpoch)},"recent_versions":${JSON.stringify(o.recentVersions)}}`,
  );
  return `[${rows.join(',')}]`;
}

const JOURNAL_COLUMNS = ['cluster_id', 'seq', 'kind', 'uid', 'namespace', 'name', 'type', 'resource_version', 'before', 'after', 'manager', 'occurred_at'];
const OBJECT_COLUMNS = ['cluster_id', 'kind', 'uid', 'namespace', 'name', 'labels', 'resource_version', 'object', 'content_hash', 'sync_epoch', 'recent_versions'];

/** A k8s_object row, its JSON columns as text (see loadObjects). */
interface ObjectRow {
  kind: string;
  uid: string;
  namespace: string;
  name: string;
  resource_version: string;
  object: string;
  labels: string;
  content_hash: string;
  sync_epoch: string | null;
  recent_versions: string[];
}
const OBJECT_ROW = 'kind, uid, namespace, name, resource_version, object::text AS object, labels::text AS labels, content_hash, sync_epoch, recent_versions';

function toStored(r: ObjectRow): StoredObject {
  return {
    kind: r.kind, uid: r.uid, namespace: r.namespace, name: r.name, resourceVersion: r.resource_version,
    content: new StoredContent(r.object, r.content_hash, r.labels), syncEpoch: r.sync_epoch, recentVersions: r.recent_versions,
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
