import { Inject, Injectable } from '@nestjs/common';
import type { AuditReadRepository, Cluster } from '@reachwatch/db';
import { AUDIT_READ_REPOSITORY } from '../clusters/rest-tokens';
import { ClusterSnapshot } from './cluster-snapshot';

export interface EngineCacheOptions {
  /** Clusters kept in memory (least recently used goes first). Each costs what the worker's engine costs. */
  maxClusters: number;
  /** A snapshot further behind than this many events is rebuilt rather than replayed. */
  maxReplay: number;
}

export const DEFAULT_ENGINE_CACHE: EngineCacheOptions = { maxClusters: 4, maxReplay: 20_000 };
export const ENGINE_CACHE_OPTIONS = Symbol('EngineCacheOptions');

/**
 * Per-cluster engines for explain, matrix, workloads and what-if, kept at the journal head. The head comes
 * with the cluster row every request reads anyway (`nextSeq - 1`), so a request on an unchanged cluster
 * costs no query at all; a cluster that moved replays only the new events (ClusterSnapshot.apply). The
 * state is loaded once per cluster (one read of k8s_object), not per request.
 *
 * Requests for one cluster are serialised while it loads or replays; the snapshot handed out must be used
 * synchronously (the next request may move it forward).
 */
@Injectable()
export class EngineCache {
  private readonly entries = new Map<number, ClusterSnapshot>();
  private readonly locks = new Map<number, Promise<unknown>>();

  constructor(
    @Inject(AUDIT_READ_REPOSITORY) private readonly journal: AuditReadRepository,
    @Inject(ENGINE_CACHE_OPTIONS) private readonly options: EngineCacheOptions,
  ) {}

  /** The cluster's snapshot at its journal head (as of the `cluster` row given). */
  async at(cluster: Cluster): Promise<ClusterSnapshot> {
    const head = cluster.nextSeq - 1;
    const cached = this.entries.get(cluster.id);
    if (cached && cached.seq === head && cached.cni === cluster.cni) return this.touch(cluster.id, cached);
    return this.serialised(cluster.id, async () => {
      let snap = this.entries.get(cluster.id);
      if (snap && (snap.seq > head || snap.cni !== cluster.cni || head - snap.seq > this.options.maxReplay)) snap = undefined;
      if (snap && snap.seq < head && !(await this.replay(cluster.id, snap, head))) snap = undefined;
      if (!snap) {
        const at = await this.journal.objectsAt(cluster.id);
        if (!at) throw new Error(`cluster ${cluster.id} disappeared while loading`);
        snap = new ClusterSnapshot(cluster.cni, at);
      }
      return this.touch(cluster.id, snap);
    });
  }

  /** A snapshot of the cluster as of an earlier journal position (not cached); null when the journal was pruned. */
  async asOf(cluster: Cluster, seq: number): Promise<ClusterSnapshot | null> {
    const at = await this.journal.objectsAt(cluster.id, seq);
    return at ? new ClusterSnapshot(cluster.cni, at) : null;
  }

  /** Drops a cluster (deleted, or its token rotated: nothing to do with the state, but cheap to forget). */
  forget(clusterId: number): void {
    this.entries.delete(clusterId);
  }

  /** Replays events up to `head`; false when the journal has a gap (then the caller reloads). */
  private async replay(clusterId: number, snap: ClusterSnapshot, head: number): Promise<boolean> {
    while (snap.seq < head) {
      const events = await this.journal.eventsAfter(clusterId, snap.seq, Math.min(5000, head - snap.seq));
      if (events.length === 0 || events[0].seq !== snap.seq + 1) return false;
      for (const e of events) {
        if (e.seq !== snap.seq + 1) return false;
        snap.apply(e);
      }
    }
    return true;
  }

  private touch(id: number, snap: ClusterSnapshot): ClusterSnapshot {
    this.entries.delete(id);
    this.entries.set(id, snap);
    while (this.entries.size > this.options.maxClusters) this.entries.delete(this.entries.keys().next().value!);
    return snap;
  }

  private serialised<T>(id: number, f: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(id) ?? Promise.resolve();
    const run = prev.then(f, f);
    const tail = run.catch(() => undefined);
    this.locks.set(id, tail);
    void tail.then(() => {
      if (this.locks.get(id) === tail) this.locks.delete(id);
    });
    return run;
  }
}
