import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRestFixture, type RestFixture } from './rest-fixture';

let f: RestFixture;
beforeAll(async () => {
  f = await startRestFixture({ east: ['lol', 'tiers'], west: ['no-ingress'] });
});
afterAll(async () => {
  await f?.close();
});

const E = '/api/v1/clusters/east';

describe('explain', () => {
  it('why miao-yahoo cannot connect to lol-default: denied by the default deny, with the rules that did not match', async () => {
    const r = await f.get('auditor', `${E}/explain?from=yahoo/miao-yahoo&to=default/lol-default&port=TCP/80`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.verdict).toBe('denied');
    expect(r.body.summary).toMatch(/^DENIED: yahoo\/miao-yahoo-.* → default\/lol-default-.* on TCP\/80, blocked by the ingress of the destination/);
    expect(r.body.lines.join('\n')).toMatch(/isolated for ingress by NetworkPolicy .*default\/(default-deny-ingress|allow-lol-yahoo-lol-default)/);
    expect(r.body.from.workload).toEqual({ kind: 'Deployment', name: 'miao-yahoo' });
  });

  it('lol-yahoo is the one allowed client; an address outside the cluster may be an end', async () => {
    const ok = await f.get('analyst', `${E}/explain?from=yahoo/lol-yahoo[Deployment]&to=default/lol-default&port=80`);
    expect(ok.body.verdict).toBe('allowed');
    expect(ok.body.lines.join('\n')).toContain('allow-lol-yahoo-lol-default');
    const ip = await f.get('analyst', `${E}/explain?from=8.8.8.0/24&to=default/lol-default&port=TCP/80`);
    expect(ip.status).toBe(200);
    expect(ip.body.from).toEqual({ ip: '8.8.8.0' });
    expect(ip.body.notes).toEqual(['8.8.8.0/24 is a range; explaining its first address 8.8.8.0.']);
  });

  it('bad input is a 400 naming the parameter', async () => {
    const port = await f.get('admin', `${E}/explain?from=yahoo/lol-yahoo&to=default/lol-default&port=HTTP/80`);
    expect(port.status).toBe(400);
    expect(port.body.error.code).toBe('validation_failed');
    expect(port.body.error.details.issues[0].path).toBe('port');
    const unknown = await f.get('admin', `${E}/explain?from=yahoo/lol-yaho&to=default/lol-default&port=TCP/80`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe('No workload yahoo/lol-yaho in this cluster; did you mean yahoo/lol-yahoo?');
    expect(unknown.body.error.details.issues[0]).toMatchObject({ path: 'from', code: 'unknown_workload' });
    const missing = await f.get('admin', `${E}/explain?from=yahoo/lol-yahoo`);
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['port', 'to']);
    const extra = await f.get('admin', `${E}/explain?from=yahoo/lol-yahoo&to=default/lol-default&port=80&verbose=1`);
    expect(extra.status).toBe(400);
    const both = await f.get('admin', `${E}/explain?from=1.2.3.4&to=5.6.7.8&port=80`);
    expect(both.status).toBe(400);
  });

  it('follows the journal: a new policy is reflected at once, without the worker', async () => {
    const before = await f.get('analyst', `${E}/explain?from=yahoo/miao-yahoo&to=default/lol-default&port=TCP/80`);
    expect(before.body.verdict).toBe('denied');
    await f.ingest('east', {
      type: 'ADDED', manager: 'kubectl',
      object: {
        apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
        metadata: { name: 'allow-miao', namespace: 'default', uid: 'np-allow-miao', resourceVersion: '9001' },
        spec: { podSelector: { matchLabels: { app: 'lol-default' } }, ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'miao-yahoo' } } }] }] },
      } as never,
    });
    const after = await f.get('analyst', `${E}/explain?from=yahoo/miao-yahoo&to=default/lol-default&port=TCP/80`);
    expect(after.body.verdict).toBe('allowed');
    expect(after.body.seq).toBe(before.body.seq + 1);
    await f.ingest('east', { type: 'DELETED', manager: 'kubectl', object: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'allow-miao', namespace: 'default', uid: 'np-allow-miao', resourceVersion: '9002' }, spec: { podSelector: {} } } as never });
    expect((await f.get('analyst', `${E}/explain?from=yahoo/miao-yahoo&to=default/lol-default&port=TCP/80`)).body.verdict).toBe('denied');
    await f.settle('east');
  });
});

describe('matrix', () => {
  it('namespace × namespace ports, and workload × workload when asked', async () => {
    const ns = await f.get('auditor', `${E}/matrix?namespaces=default,yahoo`);
    expect(ns.status, JSON.stringify(ns.body)).toBe(200);
    const cell = (src: string, dst: string) => ns.body.cells.find((c: { src: string; dst: string }) => c.src === src && c.dst === dst);
    expect(cell('yahoo', 'default')).toMatchObject({ workloadPairs: 1 });
    expect(cell('yahoo', 'default').ports).not.toBe('');
    expect(cell('default', 'yahoo')).toBeDefined();
    const wl = await f.get('auditor', `${E}/matrix?namespaces=default,yahoo&level=workload`);
    expect(wl.body.cells.filter((c: { dst: string }) => c.dst.startsWith('default/'))).toEqual([
      expect.objectContaining({ src: 'yahoo/lol-yahoo[Deployment]', dst: 'default/lol-default[Deployment]' }),
    ]);
    expect((await f.get('auditor', `${E}/matrix?namespaces=Bad_Name`)).status).toBe(400);
    expect((await f.get('auditor', `${E}/matrix`)).status).toBe(400);
  });
});

describe('graph', () => {
  it('namespace level: aggregated edges with posture on the nodes; filters by namespace, port and peer type', async () => {
    const g = await f.get('auditor', `${E}/graph`);
    expect(g.status, JSON.stringify(g.body)).toBe(200);
    expect(g.body.level).toBe('namespace');
    const ids = g.body.nodes.map((n: { id: string }) => n.id);
    expect(ids).toEqual([...ids].sort());
    expect(g.body.nodes.find((n: { id: string }) => n.id === 'default')).toMatchObject({ type: 'namespace', pods: 1 });
    expect(g.body.nodes.some((n: { type: string }) => n.type === 'external')).toBe(true);
    const onlyWorkloads = await f.get('auditor', `${E}/graph?peer=workload`);
    expect(onlyWorkloads.body.nodes.every((n: { type: string }) => n.type === 'namespace')).toBe(true);
    const port = await f.get('auditor', `${E}/graph?port=TCP/9000&namespaces=front`);
    expect(port.body.edges.length).toBeGreaterThan(0);
    for (const e of port.body.edges) expect([e.src, e.dst]).toContain('front');
    expect((await f.get('auditor', `${E}/graph?port=TCP/70000`)).status).toBe(400);
  });

  it('workload level: edges in key order, pages, and high fan-in destinations summarised per source namespace', async () => {
    const all = await f.get('auditor', `${E}/graph?level=workload&fanIn=100000&limit=10000`);
    expect(all.body.summaries).toEqual([]);
    const p1 = await f.get('auditor', `${E}/graph?level=workload&fanIn=100000&limit=3`);
    expect(p1.body.edges).toEqual(all.body.edges.slice(0, 3));
    const p2 = await f.get('auditor', `${E}/graph?level=workload&fanIn=100000&limit=3&cursor=${p1.body.nextCursor}`);
    expect(p2.body.edges).toEqual(all.body.edges.slice(3, 6));
    const folded = await f.get('auditor', `${E}/graph?level=workload&fanIn=1&limit=10000`);
    const summarised = new Set(folded.body.summaries.map((s: { dst: string }) => s.dst));
    expect(summarised.size).toBeGreaterThan(0);
    const total = folded.body.edges.length + folded.body.summaries.reduce((a: number, s: { sources: number }) => a + s.sources, 0);
    expect(total).toBe(all.body.edges.length);
    for (const e of folded.body.edges) expect(summarised.has(e.dst)).toBe(false);
  });
});

describe('namespaces and workloads', () => {
  it('posture rows, sorted and paginated by any key, with the score formula', async () => {
    const all = await f.get('auditor', `${E}/namespaces?sort=score&order=desc&limit=500`);
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body.scoreFormula).toMatch(/^score = 25·\(ingress-isolated pods \/ pods\)/);
    const scores = all.body.items.map((i: { score: number }) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const def = all.body.items.find((i: { namespace: string }) => i.namespace === 'default');
    expect(def).toMatchObject({ pods: 1, ingressIsolatedPods: 1, ingressIsolatedPercent: 100, defaultDenyIngress: true });
    const pages: string[] = [];
    let cursor = '';
    for (let i = 0; i < 10; i++) {
      const r = await f.get('auditor', `${E}/namespaces?sort=score&order=desc&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(...r.body.items.map((x: { namespace: string }) => x.namespace));
      if (!r.body.nextCursor) break;
      cursor = r.body.nextCursor;
    }
    expect(pages).toEqual(all.body.items.map((x: { namespace: string }) => x.namespace));
    const filtered = await f.get('auditor', `${E}/namespaces?defaultDenyIngress=true`);
    expect(filtered.body.items.every((x: { defaultDenyIngress: boolean }) => x.defaultDenyIngress)).toBe(true);
    expect((await f.get('auditor', `${E}/namespaces?sort=color`)).status).toBe(400);
    expect((await f.get('auditor', `${E}/namespaces?cursor=nonsense`)).status).toBe(400);
    expect((await f.get('auditor', `${E}/namespaces?defaultDenyIngress=yes`)).status).toBe(400);
  });

  it('workloads with pods, applied policies and exposure', async () => {
    const r = await f.get('auditor', `${E}/workloads?namespace=default`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const lol = r.body.items.find((w: { name: string }) => w.name === 'lol-default');
    expect(lol).toMatchObject({ key: 'default/lol-default[Deployment]', pods: 1, ingressIsolatedPods: 1 });
    expect(lol.networkPolicies).toEqual([
      { name: 'allow-lol-yahoo-lol-default', policyTypes: ['Ingress'] },
      { name: 'default-deny-ingress', policyTypes: ['Ingress'] },
    ]);
    expect(lol.exposure).toEqual({ internet: false, internetSources: [], fromNamespaces: ['yahoo'] });
    const web = await f.get('auditor', `${E}/workloads?exposure=internet`);
    expect(web.body.items.map((w: { key: string }) => w.key)).toContain('front/web[Deployment]');
    for (const w of web.body.items) expect(w.exposure.internet).toBe(true);
    const p1 = await f.get('auditor', `${E}/workloads?limit=2`);
    const p2 = await f.get('auditor', `${E}/workloads?limit=2&cursor=${p1.body.nextCursor}`);
    const all = await f.get('auditor', `${E}/workloads?limit=500`);
    expect([...p1.body.items, ...p2.body.items].map((w: { key: string }) => w.key)).toEqual(all.body.items.slice(0, 4).map((w: { key: string }) => w.key));
    expect((await f.get('auditor', `${E}/workloads?exposure=everywhere`)).status).toBe(400);
  });
});
