import type { IngestObject } from '@reachwatch/contracts';
import { IngestRepository, type Db } from '@reachwatch/db';
import { batch, added, ns, pod } from './helpers';

/**
 * The real path for live tests: IngestRepository.applyBatch (what POST /ingest does) and a worker from
 * @reachwatch/worker. Small fixtures: namespaces `shop` and `db`, bare pods (their own workloads).
 */
export class Pipeline {
  private rv = 100;
  private readonly ingest: IngestRepository;

  constructor(
    private readonly db: Db,
    readonly clusterId: number,
  ) {
    this.ingest = new IngestRepository(db.pool);
  }

  nextRv(): string {
    return String(++this.rv);
  }

  async apply(...objects: IngestObject[]): Promise<void> {
    await this.ingest.applyBatch(this.clusterId, batch(...objects.map(added)));
  }

  namespace(name: string): IngestObject {
    return ns(name, `ns-${name}`, this.nextRv());
  }

  pod(namespace: string, name: string, app: string): IngestObject {
    return pod(name, `pod-${namespace}-${name}`, this.nextRv(), { app }, namespace);
  }

  /** A NetworkPolicy selecting every pod of `namespace` for ingress, with no rule: nothing may come in. */
  denyIngress(namespace: string, name = 'deny-ingress'): IngestObject {
    return {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace, uid: `np-${namespace}-${name}`, resourceVersion: this.nextRv() },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    };
  }

  /** Resolves with the journal head once the worker has applied everything ingested. */
  async caughtUp(timeoutMs = 30_000): Promise<number> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await this.db.pool.query<{ head: string; cursor: string | null }>(
        `SELECT c.next_seq - 1 AS head, w.last_seq AS cursor FROM cluster c LEFT JOIN worker_cursor w ON w.cluster_id = c.id WHERE c.id = $1`,
        [this.clusterId],
      );
      if (rows[0].cursor !== null && rows[0].cursor === rows[0].head) return Number(rows[0].head);
      if (Date.now() > end) throw new Error(`cluster ${this.clusterId} did not catch up`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** reachability_change rows of (fromSeq, toSeq], as the worker wrote them: the ground truth of edges.changed. */
  async storedChanges(fromSeq: number, toSeq: number): Promise<{ seq: number; added: unknown[]; removed: unknown[] }[]> {
    const { rows } = await this.db.pool.query<{ seq: string; added: unknown[]; removed: unknown[] }>(
      `SELECT seq, added, removed FROM reachability_change WHERE cluster_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq`,
      [this.clusterId, fromSeq, toSeq],
    );
    return rows.map((r) => ({ seq: Number(r.seq), added: r.added, removed: r.removed }));
  }
}

/** `src → dst` of a LiveConnection, for readable assertions. */
export function arrow(c: { src: { type: string; namespace?: string; name?: string; cidr?: string }; dst: { type: string; namespace?: string; name?: string } }): string {
  const end = (e: { type: string; namespace?: string; name?: string; cidr?: string }) => (e.type === 'workload' ? `${e.namespace}/${e.name}` : `external:${e.cidr}`);
  return `${end(c.src)} -> ${end(c.dst)}`;
}
