import { describe, expect, it } from 'vitest';
import { Connection, endpointKey } from '../src/analysis';
import { ClusterState, ObjectChange, Pod } from '../src/model';
import { naiveAnalyze } from '../src/naive';
import { ReachabilityEngine } from '../src/engine';
import { np, ns, pod, state, tcp } from './build';
import { applyToState } from './arbitraries';

/**
 * Selector membership is kept per entry as a window of words over the class ids (selector-cache.ts).
 * Here a cluster of a few hundred classes — several blocks of ids — has selectors whose members sit far
 * apart, and events move members below, inside and above each window (freed ids are reused, namespace
 * relabels flip whole namespaces). After every event the incremental engine must equal a fresh load,
 * and at the end the reference evaluator.
 */

const NS = ['n0', 'n1', 'n2', 'n3', 'n4'];

function member(k: number, extra: Record<string, string> = {}): Pod {
  // Each pod its own class (idx), namespaces and apps interleaved so that members of one selector are spread.
  return pod(NS[k % 5], `p${k}`, { idx: String(k), app: `a${k % 3}`, ...extra }, { ports: [tcp(8080, 'http')], workload: { kind: 'Deployment', name: `w${k}` } });
}

const initial: ClusterState = state({
  namespaces: NS.map((n, i) => ns(n, { team: `t${i % 2}` })),
  pods: Array.from({ length: 260 }, (_, k) => member(k)),
  networkPolicies: [
    // Every pod isolated for ingress: the lists stay short, and every pair comes from the selectors below.
    ...NS.map((n) => np(n, 'default-deny-ingress', {}, { types: ['Ingress'] })),
    np('n0', 'from-team-t1', { matchLabels: { app: 'a0' } }, {
      ingress: [{ peers: [{ namespaceSelector: { matchLabels: { team: 't1' } }, podSelector: { matchLabels: { app: 'a2' } } }], ports: [{ protocol: 'TCP', port: 'http' }] }],
    }),
    np('n4', 'one-peer', { matchLabels: { app: 'a1' } }, {
      types: ['Ingress', 'Egress'],
      ingress: [{ peers: [{ podSelector: { matchLabels: { idx: '254' } } }] }],
      egress: [{ peers: [{ namespaceSelector: {}, podSelector: { matchLabels: { idx: '4' } } }] }],
    }),
  ],
});

const upsert = (p: Pod): ObjectChange => ({ type: 'upsert', kind: 'Pod', object: p });
const remove = (p: Pod): ObjectChange => ({ type: 'delete', kind: 'Pod', key: `${p.namespace}/${p.name}` });

const events: ObjectChange[] = [
  // The first class id (p0) is freed and taken by a new member of n1's a2 selector: that entry's window
  // (n1 and n3 ids) grows downwards while holding live members.
  remove(member(0)),
  upsert(member(701)),
  // Free low and middle ids, then new members take them (below the windows of entries created later).
  ...[3, 4, 9, 130, 131].map((k) => remove(member(k))),
  upsert(member(400, { idx: '254' })),
  upsert(member(401, { idx: '4' })),
  upsert(member(402)),
  // Above every window: ids past the end.
  ...Array.from({ length: 40 }, (_, i) => upsert(member(500 + i))),
  // A namespace joins, then leaves, the selected team: its classes flip in the middle of the id space.
  { type: 'upsert', kind: 'Namespace', object: ns('n2', { team: 't1' }) },
  upsert(member(600, { idx: '4' })),
  { type: 'upsert', kind: 'Namespace', object: ns('n2', { team: 't0' }) },
  // A policy whose selector is evaluated after the churn, over reused and appended ids.
  { type: 'upsert', kind: 'NetworkPolicy', object: np('n1', 'late', { matchLabels: { app: 'a1' } }, { ingress: [{ peers: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'a0' } } }] }] }) },
  remove(member(400, { idx: '254' })),
  upsert(member(3)),
];

function text(cs: readonly Connection[]): string[] {
  return cs.map((c) => `${endpointKey(c.src)} -> ${endpointKey(c.dst)}: ${c.ports}`);
}

describe('selector windows under churn', () => {
  it('incremental == fresh load after every event, == naive at the end', () => {
    const e = new ReachabilityEngine({ cni: 'generic' });
    e.load(initial);
    expect(e['p'].classes.size).toBeGreaterThan(2 * 128);
    let s = initial;
    for (const ev of events) {
      e.apply(ev);
      s = applyToState(s, ev);
      const fresh = new ReachabilityEngine({ cni: 'generic' });
      fresh.load(e.snapshot());
      expect(text(e.connections()), JSON.stringify(ev)).toEqual(text(fresh.connections()));
    }
    const final = text(e.connections());
    expect(final.length).toBeGreaterThan(0);
    expect(final).toEqual(text(naiveAnalyze(s, { cni: 'generic' }).connections));
  });
});
