/** The list/watch protocol: discovery, resourceVersions, paging, selectors, watch resume, 410s. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimCluster, startSimCluster } from '../src';
import { call, get, pod, WatchStream } from './helpers';

let c: SimCluster;
beforeAll(async () => {
  c = await startSimCluster({ name: 'proto', scenarios: ['lol'], bookmarkMs: 50, maxEvents: 200 });
});
afterAll(() => c.close());

describe('discovery', () => {
  it('serves version, core and group documents with the kinds Reachwatch reads', async () => {
    expect((await get(c.url, '/version')).body.gitVersion).toMatch(/^v1\.\d+\.\d+$/);
    expect((await get(c.url, '/api')).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await get(c.url, '/apis')).body.groups.map((g: { name: string }) => g.name);
    expect(groups).toEqual(['apps', 'networking.k8s.io', 'policy.networking.k8s.io']);
    const core = (await get(c.url, '/api/v1')).body.resources.map((r: { name: string }) => r.name);
    expect(core).toEqual(['namespaces', 'nodes', 'pods', 'services']);
    const anp = (await get(c.url, '/apis/policy.networking.k8s.io/v1alpha1')).body;
    expect(anp.resources.map((r: { kind: string; namespaced: boolean }) => [r.kind, r.namespaced])).toEqual([
      ['AdminNetworkPolicy', false],
      ['BaselineAdminNetworkPolicy', false],
    ]);
    expect((await get(c.url, '/apis/apps/v1')).body.resources.map((r: { name: string }) => r.name)).toContain('deployments/scale');
  });

  it('leaves the AdminNetworkPolicy group out when the CRDs are turned off', async () => {
    const bare = await startSimCluster({ name: 'no-anp', adminPolicies: false });
    try {
      expect((await get(bare.url, '/apis')).body.groups.map((g: { name: string }) => g.name)).not.toContain('policy.networking.k8s.io');
      const r = await get(bare.url, '/apis/policy.networking.k8s.io/v1alpha1/adminnetworkpolicies');
      expect(r.status).toBe(404);
      expect(r.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 });
    } finally {
      await bare.close();
    }
  });

  it('answers unknown paths and resources with a 404 Status', async () => {
    for (const p of ['/nope', '/api/v1/widgets', '/api/v1/namespaces/default/nodes/x', '/apis/example.com']) {
      const r = await get(c.url, p);
      expect([p, r.status, r.body.reason]).toEqual([p, 404, 'NotFound']);
    }
  });
});

describe('list', () => {
  it('lists cluster-wide and per namespace with a list resourceVersion and object resourceVersions', async () => {
    const all = (await get(c.url, '/api/v1/pods')).body;
    expect(all.kind).toBe('PodList');
    expect(all.metadata.resourceVersion).toBe(c.resourceVersion());
    expect(all.items.map((p: { metadata: { namespace: string } }) => p.metadata.namespace)).toEqual(['default', 'yahoo', 'yahoo']);
    for (const p of all.items) expect(typeof p.metadata.resourceVersion).toBe('string');
    const yahoo = (await get(c.url, '/api/v1/namespaces/yahoo/pods')).body.items;
    expect(yahoo).toHaveLength(2);
    const one = (await get(c.url, `/api/v1/namespaces/yahoo/pods/${yahoo[0].metadata.name}`)).body;
    expect(one).toEqual(yahoo[0]);
  });

  it('filters by label and field selectors and refuses a malformed one', async () => {
    const names = async (q: string) => (await get(c.url, `/api/v1/pods?${q}`)).body.items.map((p: { metadata: { labels: { app: string } } }) => p.metadata.labels.app);
    expect(await names('labelSelector=app%3Dlol-yahoo')).toEqual(['lol-yahoo']);
    expect(await names('labelSelector=app%21%3Dlol-yahoo')).toEqual(['lol-default', 'miao-yahoo']);
    expect(await names('labelSelector=app%20in%20(lol-yahoo,miao-yahoo)')).toEqual(['lol-yahoo', 'miao-yahoo']);
    expect(await names('labelSelector=!pod-template-hash')).toEqual([]);
    expect(await names('fieldSelector=metadata.namespace%3Ddefault')).toEqual(['lol-default']);
    const bad = await get(c.url, '/api/v1/pods?labelSelector=a%20in%20(');
    expect([bad.status, bad.body.reason]).toEqual([400, 'BadRequest']);
    const badField = await get(c.url, '/api/v1/pods?fieldSelector=spec.image%3Dx');
    expect(badField.body.message).toContain('field label not supported');
  });

  it('pages with limit/continue over a consistent snapshot, and expires tokens on compaction', async () => {
    const ns = 'paging';
    c.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    for (let i = 0; i < 7; i++) c.apply(pod(ns, `p${i}`));
    const first = (await get(c.url, `/api/v1/namespaces/${ns}/pods?limit=3`)).body;
    expect(first.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['p0', 'p1', 'p2']);
    expect(first.metadata.remainingItemCount).toBe(4);
    // A change between pages does not show in the rest of this list (it is served at the first page's rv).
    c.apply(pod(ns, 'p3a'));
    const second = (await get(c.url, `/api/v1/namespaces/${ns}/pods?limit=3&continue=${first.metadata.continue}`)).body;
    expect(second.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['p3', 'p4', 'p5']);
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    const last = (await get(c.url, `/api/v1/namespaces/${ns}/pods?limit=3&continue=${second.metadata.continue}`)).body;
    expect(last.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['p6']);
    expect(last.metadata.continue).toBeUndefined();
    // Another list's token, garbage, and a token after compaction.
    const other = await get(c.url, `/api/v1/namespaces/default/pods?limit=3&continue=${second.metadata.continue}`);
    expect(other.status).toBe(400);
    expect((await get(c.url, '/api/v1/pods?continue=zzz')).status).toBe(400);
    const again = (await get(c.url, `/api/v1/namespaces/${ns}/pods?limit=2`)).body;
    c.compact();
    const gone = await get(c.url, `/api/v1/namespaces/${ns}/pods?limit=2&continue=${again.metadata.continue}`);
    expect([gone.status, gone.body.reason, gone.body.code]).toEqual([410, 'Expired', 410]);
    expect((await get(c.url, '/api/v1/pods?limit=x')).status).toBe(400);
  });
});

describe('watch', () => {
  it('streams current objects as ADDED without a resourceVersion, then changes', async () => {
    const w = new WatchStream(c.url, '/api/v1/namespaces/yahoo/pods?watch=true');
    try {
      await w.next(2);
      expect(w.events.map((e) => e.type)).toEqual(['ADDED', 'ADDED']);
      c.apply(pod('yahoo', 'watched'));
      c.label('Pod', 'yahoo', 'watched', { extra: 'yes' });
      c.remove('Pod', 'yahoo', 'watched');
      await w.next(5);
      expect(w.events.slice(2).map((e) => [e.type, e.object.metadata.name])).toEqual([
        ['ADDED', 'watched'],
        ['MODIFIED', 'watched'],
        ['DELETED', 'watched'],
      ]);
      // resourceVersions grow; a DELETED carries the deletion's resourceVersion.
      const rvs = w.events.slice(2).map((e) => Number(e.object.metadata.resourceVersion));
      expect(rvs[0] < rvs[1] && rvs[1] < rvs[2]).toBe(true);
    } finally {
      w.close();
    }
  });

  it('resumes from a resourceVersion, sends bookmarks, and ends at timeoutSeconds', async () => {
    const rv = c.resourceVersion();
    c.apply(pod('yahoo', 'resume-1'));
    c.apply(pod('yahoo', 'resume-2'));
    const w = new WatchStream(c.url, `/api/v1/pods?watch=1&resourceVersion=${rv}&allowWatchBookmarks=true&timeoutSeconds=1`);
    await w.next(3);
    expect(w.events.slice(0, 2).map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'resume-1'],
      ['ADDED', 'resume-2'],
    ]);
    await w.end();
    const bm = w.events.filter((e) => e.type === 'BOOKMARK');
    expect(bm.length).toBeGreaterThan(0);
    expect(bm[0].object).toEqual({ kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: c.resourceVersion() } });
    c.remove('Pod', 'yahoo', 'resume-1');
    c.remove('Pod', 'yahoo', 'resume-2');
  });

  it('turns a label change across a selector into ADDED and DELETED', async () => {
    c.apply(pod('yahoo', 'sel', { role: 'x' }));
    const w = new WatchStream(c.url, `/api/v1/pods?watch=true&resourceVersion=${c.resourceVersion()}&labelSelector=role%3Dy`);
    try {
      c.label('Pod', 'yahoo', 'sel', { role: 'y' });
      c.label('Pod', 'yahoo', 'sel', { role: 'z' });
      await w.next(2);
      expect(w.events.map((e) => [e.type, e.object.metadata.labels.role])).toEqual([
        ['ADDED', 'y'],
        ['DELETED', 'z'],
      ]);
    } finally {
      w.close();
      c.remove('Pod', 'yahoo', 'sel');
    }
  });

  it('sends one ERROR event with a 410 Status for a resourceVersion older than the history', async () => {
    const old = c.resourceVersion();
    for (let i = 0; i < 210; i++) c.label('Namespace', undefined, 'yahoo', { churn: String(i) }); // maxEvents is 200
    const w = new WatchStream(c.url, `/api/v1/pods?watch=true&resourceVersion=${old}`);
    await w.end();
    expect(w.events).toHaveLength(1);
    expect(w.events[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
    expect(w.events[0].object.message).toMatch(/too old resource version/);
    expect((await get(c.url, '/api/v1/pods?watch=true&resourceVersion=abc')).status).toBe(400);
  });

  it('ends open watches when the cluster drops them', async () => {
    const w = new WatchStream(c.url, '/api/v1/namespaces?watch=true');
    await w.next(1);
    expect(c.dropWatches()).toBeGreaterThanOrEqual(1);
    await w.end();
    expect(w.ended).toBe(true);
  });

  it('sends the initial-events-end bookmark for sendInitialEvents', async () => {
    const w = new WatchStream(c.url, '/api/v1/namespaces/yahoo/pods?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan');
    try {
      await w.next(3);
      expect(w.events.map((e) => e.type)).toEqual(['ADDED', 'ADDED', 'BOOKMARK']);
      expect(w.events[2].object.metadata.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
    } finally {
      w.close();
    }
  });
});

describe('errors', () => {
  it('gives a Status for a missing object and refuses unknown methods', async () => {
    const r = await get(c.url, '/api/v1/namespaces/default/pods/nope');
    expect(r.body).toMatchObject({ kind: 'Status', code: 404, reason: 'NotFound', message: 'pods "nope" not found', details: { name: 'nope', kind: 'pods' } });
    expect((await call(c.url, 'POST', '/version', {})).status).toBe(405);
  });
});
