import fs from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import { parseAllDocuments } from 'yaml';
import { expect } from 'vitest';
import type { IngestEvent, IngestObject } from '@reachwatch/contracts';
import { ClusterRepository, IngestRepository, connectDb, Db } from '@reachwatch/db';
import {
  Connection,
  Endpoint,
  NamespacePosture,
  PortSet,
  Protocol,
  ReachabilityEngine,
  clusterPosture,
  diffAnalyses,
  endpointKey,
  parseCniProfile,
} from '@reachwatch/policy-engine';
import { ClusterModel } from '../src/cluster-model';

export const DEMO = path.resolve(__dirname, '../../cli/demo');

type Raw = Record<string, unknown> & { kind: string; metadata: Record<string, unknown> & { name: string; namespace?: string } };

let uidCounter = 0;
let ipCounter = 10;
const uid = (prefix: string) => `${prefix}-${++uidCounter}`;

/**
 * The objects a cluster running a demo scenario would show its agent: Deployments become one running Pod
 * each, owned by the ReplicaSet `<deployment>-<hash>` (as the real controllers name them), with an IP.
 */
export function scenarioObjects(scenario: string): IngestObject[] {
  const dir = path.join(DEMO, scenario);
  const raws: Raw[] = [];
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.yaml')).sort()) {
    for (const d of parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8'))) {
      const v = d.toJS() as Raw | null;
      if (v) raws.push(v);
    }
  }
  const out: IngestObject[] = [];
  for (const r of raws) {
    if (r.kind === 'Deployment') {
      const spec = r.spec as { template: { metadata: { labels: Record<string, string> }; spec: unknown } };
      const hash = '5d8f9c7b4';
      out.push(object({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${r.metadata.name}-${hash}-x1`,
          namespace: r.metadata.namespace,
          labels: { ...spec.template.metadata.labels, 'pod-template-hash': hash },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${r.metadata.name}-${hash}`, uid: uid('rs'), controller: true }],
        },
        spec: spec.template.spec,
        status: { phase: 'Running', podIP: `10.244.9.${ipCounter}`, podIPs: [{ ip: `10.244.9.${ipCounter++}` }] },
      }));
    } else {
      out.push(object(r));
    }
  }
  return out;
}

/** Gives a raw manifest the uid and resourceVersion an API server would. */
export function object(r: Record<string, unknown>): IngestObject {
  const meta = r.metadata as Record<string, unknown>;
  return { ...r, metadata: { ...meta, uid: (meta.uid as string) ?? uid(String(r.kind).toLowerCase()), resourceVersion: String(++uidCounter) } } as IngestObject;
}

/** The same object with a new resourceVersion and `change` applied to a copy. */
export function edit(o: IngestObject, change: (copy: Record<string, unknown>) => void): IngestObject {
  const copy = structuredClone(o) as Record<string, unknown>;
  change(copy);
  (copy.metadata as Record<string, unknown>).resourceVersion = String(++uidCounter);
  return copy as IngestObject;
}

export const added = (object: IngestObject): IngestEvent => ({ type: 'ADDED', object, manager: 'kubectl-client-side-apply' });
export const modified = (object: IngestObject): IngestEvent => ({ type: 'MODIFIED', object, manager: 'kubectl-edit' });
export const deleted = (object: IngestObject): IngestEvent => ({ type: 'DELETED', object, manager: 'kubectl' });

export interface TestCluster {
  id: number;
  ingest(...events: IngestEvent[]): Promise<void>;
}

export async function registerCluster(db: Db, name: string, cni = 'generic'): Promise<TestCluster> {
  const { cluster } = await new ClusterRepository(db.prisma).register(name, cni);
  const ingest = new IngestRepository(db.pool);
  const id = Number(cluster.id);
  return { id, ingest: async (...events) => void (await ingest.applyBatch(id, { agentId: 'test-agent', events })) };
}

export { connectDb };

export async function waitFor<T>(what: string, f: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolves once the worker cursor of the cluster has reached its journal head. */
export async function caughtUp(pool: Pool, clusterId: number, timeoutMs?: number): Promise<number> {
  return waitFor(`cluster ${clusterId} caught up`, async () => {
    const r = await pool.query<{ head: string | null; cursor: string | null }>(
      `SELECT (SELECT max(seq) FROM change_event WHERE cluster_id = $1) AS head, (SELECT last_seq FROM worker_cursor WHERE cluster_id = $1) AS cursor`,
      [clusterId],
    );
    const head = Number(r.rows[0].head ?? 0);
    return r.rows[0].cursor !== null && Number(r.rows[0].cursor) === head ? head || -1 : false;
  }, timeoutMs);
}

/** A full recompute of what is stored in k8s_object: fresh model, fresh engine. */
export async function recompute(pool: Pool, clusterId: number): Promise<{ connections: Connection[]; posture: NamespacePosture[] }> {
  const c = await pool.query<{ cni: string }>(`SELECT cni FROM cluster WHERE id = $1`, [clusterId]);
  const rows = await pool.query<{ kind: string; uid: string; object: unknown }>(`SELECT kind, uid, object FROM k8s_object WHERE cluster_id = $1 ORDER BY kind, uid`, [clusterId]);
  const model = new ClusterModel();
  for (const r of rows.rows) model.change(r.kind, r.uid, r.object);
  const engine = new ReachabilityEngine({ cni: parseCniProfile(c.rows[0].cni) });
  const state = model.toClusterState();
  engine.load(state);
  const connections = engine.connections();
  return { connections, posture: clusterPosture(state, connections) };
}

/** A connection as the worker stores it in JSON (edge rows, reachability_change.added/removed). */
export function parseConnection(x: { src: Endpoint; dst: Endpoint; ports: { protocol: Protocol; from: number; to: number }[] }): Connection {
  const ranges: Partial<Record<Protocol, [number, number][]>> = {};
  for (const p of x.ports) (ranges[p.protocol] ??= []).push([p.from, p.to]);
  return { src: x.src, dst: x.dst, ports: PortSet.fromRanges(ranges) };
}

export async function storedEdges(pool: Pool, clusterId: number): Promise<Connection[]> {
  const r = await pool.query<{ src: Endpoint; dst: Endpoint; ports: { protocol: Protocol; from: number; to: number }[]; src_key: string; dst_key: string; ports_text: string }>(
    `SELECT src, dst, ports, src_key, dst_key, ports_text FROM edge WHERE cluster_id = $1 ORDER BY src_key, dst_key`,
    [clusterId],
  );
  return r.rows.map((x) => {
    const c = parseConnection(x);
    // Keys and text columns must agree with the JSON columns.
    expect(x.src_key).toBe(endpointKey(c.src));
    expect(x.dst_key).toBe(endpointKey(c.dst));
    expect(x.ports_text).toBe(c.ports.toString());
    return c;
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw posture rows, asserted field by field
export async function storedPosture(pool: Pool, clusterId: number): Promise<Record<string, Record<string, any>>> {
  const r = await pool.query(`SELECT * FROM posture WHERE cluster_id = $1 ORDER BY namespace`, [clusterId]);
  return Object.fromEntries(r.rows.map((x) => [x.namespace, x]));
}

/** Stored edges and posture equal a full recompute of the stored state (edges compared per address interval). */
export async function expectConsistent(pool: Pool, clusterId: number): Promise<void> {
  const fresh = await recompute(pool, clusterId);
  const d = diffAnalyses(fresh.connections, await storedEdges(pool, clusterId));
  const text = (cs: Connection[]) => cs.map((c) => `${endpointKey(c.src)} -> ${endpointKey(c.dst)} ${c.ports}`).join('\n');
  expect(text(d.added), 'stored edges that a recompute does not have').toBe('');
  expect(text(d.removed), 'edges of a recompute that are not stored').toBe('');
  const stored = await storedPosture(pool, clusterId);
  expect(Object.keys(stored)).toEqual(fresh.posture.map((p) => p.namespace));
  for (const p of fresh.posture) {
    const s = stored[p.namespace];
    expect({
      pods: s.pods, ingressIsolatedPods: s.ingress_isolated_pods, egressIsolatedPods: s.egress_isolated_pods, policies: s.policies,
      defaultDenyIngress: s.default_deny_ingress, defaultDenyEgress: s.default_deny_egress, exposedToInternet: s.exposed_to_internet,
      reachableFromOtherNamespaces: s.reachable_from_other_namespaces, score: Math.round(Number(s.score) * 10) / 10, details: s.details,
    }, `posture of ${p.namespace}`).toEqual({
      pods: p.pods, ingressIsolatedPods: p.ingressIsolatedPods, egressIsolatedPods: p.egressIsolatedPods, policies: p.policies,
      defaultDenyIngress: p.defaultDenyIngress, defaultDenyEgress: p.defaultDenyEgress, exposedToInternet: p.exposedToInternet,
      reachableFromOtherNamespaces: p.reachableFromOtherNamespaces, score: p.score, details: JSON.parse(JSON.stringify(p.details)),
    });
  }
  await expectSummariesConsistent(pool, clusterId);
}

/**
 * edge_dst and edge_group equal an aggregation of the stored edges (the summaries the graph reads are
 * kept exact by the worker, never recomputed from edges by readers).
 */
export async function expectSummariesConsistent(pool: Pool, clusterId: number): Promise<void> {
  const dsts = await pool.query(
    `SELECT d.dst_key, d.inbound, e.n FROM edge_dst d FULL JOIN (SELECT dst_key, count(*)::int AS n FROM edge WHERE cluster_id = $1 GROUP BY dst_key) e
        ON e.dst_key = d.dst_key AND d.cluster_id = $1
      WHERE (d.cluster_id = $1 OR d.cluster_id IS NULL) AND (d.inbound IS DISTINCT FROM e.n)`,
    [clusterId],
  );
  expect(dsts.rows, 'edge_dst rows that differ from the edges').toEqual([]);
  const groups = await pool.query(
    `WITH base AS (SELECT dst_key, coalesce(src_namespace, src_key) AS g, all_ports, ports FROM edge WHERE cluster_id = $1),
          e AS (SELECT dst_key, g, count(*)::int AS n, bool_or(all_ports) AS ap,
                       coalesce((SELECT jsonb_agg(p ORDER BY p::text) FROM (SELECT DISTINCT b.ports AS p FROM base b
                                  WHERE b.dst_key = base.dst_key AND b.g = base.g AND NOT b.all_ports) d), '[]') AS pl
                  FROM base GROUP BY dst_key, g)
     SELECT coalesce(s.dst_key, e.dst_key) AS dst_key, coalesce(s.src_group, e.g) AS g, s.sources, e.n, s.all_ports, e.ap
       FROM (SELECT * FROM edge_group WHERE cluster_id = $1) s FULL JOIN e ON e.dst_key = s.dst_key AND e.g = s.src_group
      WHERE s.sources IS DISTINCT FROM e.n OR s.all_ports IS DISTINCT FROM e.ap
         OR (SELECT jsonb_agg(p ORDER BY p::text) FROM jsonb_array_elements(s.port_lists) p) IS DISTINCT FROM nullif(e.pl, '[]'::jsonb)`,
    [clusterId],
  );
  expect(groups.rows, 'edge_group rows that differ from the edges').toEqual([]);
}

/** Journal rows of a cluster, for checks on what the worker wrote per event. */
export async function count(pool: Pool, table: string, clusterId: number): Promise<number> {
  const r = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE cluster_id = $1`, [clusterId]);
  return Number(r.rows[0].n);
}
