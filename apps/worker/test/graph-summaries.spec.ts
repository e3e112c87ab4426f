/**
 * The graph read paths over the worker's edge summaries (edge_dst, edge_group) give exactly what the edge
 * table says: after random churn through the real pipeline, every workload-graph page plus its fan-in
 * summaries, and the namespace graph, equal a brute-force grouping of the stored edges, under each filter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db, GraphReadRepository, type EdgeFilter, type StoredEdge } from '@reachwatch/db';
import { createTestDatabase, TestDatabase } from '@reachwatch/db/src/testing';
import { PortSet } from '@reachwatch/policy-engine';
import { startWorker, WorkerHandle } from '../src/worker';
import { Churn } from './churn';
import { caughtUp, connectDb, expectConsistent, parseConnection, registerCluster } from './helpers';

let tdb: TestDatabase;
let db: Db;
let worker: WorkerHandle | undefined;
beforeAll(async () => {
  tdb = await createTestDatabase();
  db = connectDb(tdb.url);
});
afterAll(async () => {
  await worker?.stop();
  await db?.close();
  await tdb?.drop();
});

const portsText = (all: boolean, lists: unknown[][]) =>
  all ? 'All Connections' : lists.map((l) => parseConnection({ src: null as never, dst: null as never, ports: l as never }).ports).reduce((a, b) => a.union(b), PortSet.NONE).toString();

function keep(e: StoredEdge, f: EdgeFilter): boolean {
  if (f.namespaces && !f.namespaces.includes(e.srcNamespace ?? '') && !f.namespaces.includes(e.dstNamespace ?? '')) return false;
  if (f.peer === 'workload' && (e.srcNamespace === null || e.dstNamespace === null)) return false;
  if (f.peer === 'external' && e.srcNamespace !== null && e.dstNamespace !== null) return false;
  if (f.port && !e.allPorts && !parseConnection({ src: null as never, dst: null as never, ports: e.ports }).ports.has(f.port.protocol as 'TCP', f.port.port)) return false;
  return true;
}

describe('graph over edge summaries', () => {
  it('workload pages + fan-in summaries and namespace groups equal a brute force over the edges', async () => {
    const c = await registerCluster(db, 'graph');
    worker = await startWorker({ databaseUrl: tdb.url, workerId: 'w-graph', pollMs: 100, leaseSeconds: 5, log: () => undefined });
    const churn = new Churn(7);
    await c.ingest(...churn.initial());
    await caughtUp(db.pool, c.id);
    for (let i = 0; i < 6; i++) {
      await c.ingest(...Array.from({ length: 15 }, () => churn.next()));
      await caughtUp(db.pool, c.id);
    }
    await expectConsistent(db.pool, c.id);

    const repo = new GraphReadRepository(db.pool);
    const all = (await db.pool.query(`SELECT * FROM edge WHERE cluster_id = $1`, [c.id])).rows.map((r) => ({
      srcKey: r.src_key, dstKey: r.dst_key, src: r.src, dst: r.dst, srcNamespace: r.src_namespace, dstNamespace: r.dst_namespace, allPorts: r.all_ports, ports: r.ports, portsText: r.ports_text,
    })) as StoredEdge[];
    expect(all.length).toBeGreaterThan(20);
    const inbound = new Map<string, number>();
    for (const e of all) inbound.set(e.dstKey, (inbound.get(e.dstKey) ?? 0) + 1);
    const namespaces = [...new Set(all.map((e) => e.dstNamespace).filter((n): n is string => n !== null))].sort();
    const filters: EdgeFilter[] = [
      {}, { peer: 'workload' }, { peer: 'external' }, { namespaces: namespaces.slice(0, 1) }, { port: { protocol: 'TCP', port: 80 } },
      { namespaces: namespaces.slice(0, 2), port: { protocol: 'TCP', port: 443 }, peer: 'workload' },
    ];
    for (const fanIn of [1, 3, 100_000]) {
      for (const f of filters) {
        const label = `fanIn ${fanIn} ${JSON.stringify(f)}`;
        const kept = all.filter((e) => keep(e, f));
        const listed = kept.filter((e) => inbound.get(e.dstKey)! <= fanIn).sort((a, b) => (a.dstKey < b.dstKey ? -1 : a.dstKey > b.dstKey ? 1 : a.srcKey < b.srcKey ? -1 : 1));
        // Page through with a small page size.
        const got: StoredEdge[] = [];
        let after: [string, string] | undefined;
        let summaries;
        for (;;) {
          const page = await repo.workloadGraph(c.id, f, { limit: 7, fanIn, afterKey: after });
          summaries ??= await repo.workloadGraph(c.id, f, { limit: 100_000, fanIn });
          got.push(...page.edges);
          if (!page.nextAfter) break;
          after = page.nextAfter;
        }
        expect(got.map((e) => `${e.dstKey} ${e.srcKey}`), label).toEqual(listed.map((e) => `${e.dstKey} ${e.srcKey}`));
        const expectSummaries = new Map<string, { sources: number; ports: PortSet }>();
        for (const e of kept.filter((x) => inbound.get(x.dstKey)! > fanIn)) {
          const k = `${e.dstKey}|${e.srcNamespace ?? '(external)'}`;
          const s = expectSummaries.get(k) ?? { sources: 0, ports: PortSet.NONE };
          s.sources++;
          s.ports = s.ports.union(parseConnection({ src: null as never, dst: null as never, ports: e.ports }).ports);
          if (e.allPorts) s.ports = PortSet.ALL;
          expectSummaries.set(k, s);
        }
        // A small page of summaries is the start of the full list, and says when it is cut.
        const small = await repo.workloadGraph(c.id, f, { limit: 2, fanIn });
        expect(small.summaries, label).toEqual(summaries!.summaries.slice(0, 2));
        expect(small.summariesTruncated, label).toBe(summaries!.summaries.length > 2);
        const gotSummaries = Object.fromEntries(summaries!.summaries.map((s) => [`${s.dstKey}|${s.srcNamespace ?? '(external)'}`, `${s.sources} ${portsText(s.allPorts, s.portLists)}`]));
        expect(gotSummaries, label).toEqual(Object.fromEntries([...expectSummaries].map(([k, s]) => [k, `${s.sources} ${s.ports}`])));

        if (fanIn === 1) {
          const groups = await repo.namespaceGraph(c.id, f);
          const expectGroups = new Map<string, { n: number; ports: PortSet }>();
          for (const e of kept) {
            const k = `${e.srcNamespace ?? e.srcKey} -> ${e.dstNamespace ?? e.dstKey}`;
            const g = expectGroups.get(k) ?? { n: 0, ports: PortSet.NONE };
            g.n++;
            g.ports = e.allPorts ? PortSet.ALL : g.ports.union(parseConnection({ src: null as never, dst: null as never, ports: e.ports }).ports);
            expectGroups.set(k, g);
          }
          const gotGroups = Object.fromEntries(groups.map((g) => [`${g.src} -> ${g.dst}`, `${g.edges} ${portsText(g.allPorts, g.portLists)}`]));
          expect(gotGroups, `namespace graph ${label}`).toEqual(Object.fromEntries([...expectGroups].map(([k, g]) => [k, `${g.n} ${g.ports}`])));
          for (const g of groups) if (g.srcExternal) expect(g.srcEndpoint, label).toMatchObject({ type: 'external' });
        }
      }
    }
  });
});
