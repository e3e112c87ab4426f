import { describe, expect, it } from 'vitest';
import type { IngestEvent } from '@reachwatch/contracts';
import type { JournalEvent } from '@reachwatch/db';
import { Connection, ReachabilityEngine, clusterPosture, diffAnalyses, endpointKey } from '@reachwatch/policy-engine';
import { ClusterCore } from '../src/cluster-core';
import { StepBatch } from '../src/step-batch';
import { unifiedDiff } from '../src/text-diff';
import { withDeploymentOwner } from '@reachwatch/k8s';
import { Churn } from './churn';
import { added, object } from './helpers';

/** Journal events as ingest would write them, without a database: before = the previous content. */
function journal(events: IngestEvent[]): JournalEvent[] {
  const current = new Map<string, unknown>();
  return events.map((e, i) => {
    if (e.type === 'SYNC_END') throw new Error('not used here');
    const o = e.object;
    const before = current.get(o.metadata.uid) ?? null;
    if (e.type === 'DELETED') current.delete(o.metadata.uid);
    else current.set(o.metadata.uid, o);
    return {
      seq: i + 1, kind: o.kind, uid: o.metadata.uid, namespace: o.metadata.namespace ?? '', name: o.metadata.name,
      type: e.type === 'ADDED' && before ? 'MODIFIED' : e.type, resourceVersion: o.metadata.resourceVersion,
      before, after: e.type === 'DELETED' ? null : o, manager: e.manager ?? null, occurredAt: new Date(0),
    };
  });
}

const text = (cs: readonly Connection[]) => cs.map((c) => `${endpointKey(c.src)} -> ${endpointKey(c.dst)} ${c.ports}`).join('\n');

describe('ClusterCore', () => {
  it('after every event of a long random stream, edges and posture equal a fresh computation', () => {
    for (const seed of [1, 2, 3]) {
      const churn = new Churn(seed);
      const events = journal([...churn.initial(), ...Array.from({ length: 150 }, () => churn.next())]);
      for (const cni of ['generic', 'calico']) {
        const core = new ClusterCore(cni, []);
        let batch = new StepBatch(0);
        for (const e of events) {
          batch.add(core.apply(e));
          const state = core.model.toClusterState();
          const fresh = new ReachabilityEngine({ cni: core.cni });
          fresh.load(state);
          const d = diffAnalyses(fresh.connections(), core.edges.all());
          expect(text([...d.added, ...d.removed]), `seed ${seed} ${cni} seq ${e.seq}`).toBe('');
          if (e.seq % 25 === 0) {
            // Posture of the step batch = posture of the fresh state, namespace by namespace.
            const rows = batch.commit('1', 'w').postureUpserts;
            for (const p of clusterPosture(state, fresh.connections())) {
              const row = rows.find((r) => r.namespace === p.namespace);
              if (row) expect(row, `${p.namespace} at ${e.seq}`).toMatchObject({ pods: p.pods, ingressIsolatedPods: p.ingressIsolatedPods, score: p.score, exposedToInternet: p.exposedToInternet });
            }
            batch = new StepBatch(e.seq);
          }
        }
      }
    }
  });

  it('a malformed object is treated as absent, reported, audited with a note; later events still apply', () => {
    const ns = object({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } });
    const pod = object({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'a', labels: { app: 'x' } }, spec: {}, status: { podIP: '10.0.0.1' } });
    const bad = object({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'bad', namespace: 'a' }, spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }] } });
    const deny = object({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'a' }, spec: { podSelector: {} } });
    const core = new ClusterCore('generic', []);
    const [e1, e2, e3, e4] = journal([added(ns), added(pod), added(bad), added(deny)]);
    core.apply(e1);
    core.apply(e2);
    const fx = core.apply(e3);
    expect(fx.problem).toMatchObject({ seq: 3, kind: 'NetworkPolicy', name: 'a/bad', code: 'INVALID_CIDR' });
    expect(fx.audit?.diff).toContain('could not read this object and treats it as absent');
    expect(fx.change).toBeUndefined(); // absent: nothing changed
    const after = core.apply(e4);
    expect(after.change?.removed.length).toBeGreaterThan(0);
    expect([...after.posture.values()][0]).toMatchObject({ namespace: 'a', policies: 1, defaultDenyIngress: true });
  });

  it('pods of a ReplicaSet <deployment>-<pod-template-hash> belong to the Deployment', () => {
    const base = { namespace: 'a', name: 'web-5d8f-x', ips: [], hostNetwork: false, ports: [] };
    expect(withDeploymentOwner({ ...base, labels: { 'pod-template-hash': '5d8f' }, workload: { kind: 'ReplicaSet', name: 'web-5d8f' } }).workload).toEqual({ kind: 'Deployment', name: 'web' });
    // A ReplicaSet that does not carry the pod's hash (made by hand) stays itself.
    expect(withDeploymentOwner({ ...base, labels: { 'pod-template-hash': 'zzz' }, workload: { kind: 'ReplicaSet', name: 'web-5d8f' } }).workload).toEqual({ kind: 'ReplicaSet', name: 'web-5d8f' });
    expect(withDeploymentOwner({ ...base, labels: {}, workload: { kind: 'StatefulSet', name: 'db' } }).workload).toEqual({ kind: 'StatefulSet', name: 'db' });
  });
});

describe('audit diff text', () => {
  it('shows changed lines with context, and nothing for equal inputs', () => {
    const a = ['a: 1', 'b: 2', 'c: 3', 'd: 4', 'e: 5', 'f: 6', 'g: 7', 'h: 8', 'i: 9'];
    const b = ['a: 1', 'b: 2', 'c: 3', 'd: 4', 'e: 50', 'f: 6', 'g: 7', 'h: 8', 'i: 9'];
    expect(unifiedDiff(a, b, { before: 'x (before)', after: 'x (after)' })).toBe(
      ['--- x (before)', '+++ x (after)', '@@ line 2 → 2 @@', '  b: 2', '  c: 3', '  d: 4', '- e: 5', '+ e: 50', '  f: 6', '  g: 7', '  h: 8'].join('\n'),
    );
    expect(unifiedDiff(a, a, { before: '', after: '' })).toBe('');
  });
});
