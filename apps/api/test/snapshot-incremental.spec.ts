import { generateObjects } from '@reachwatch/sim';
import type { Pod } from '@reachwatch/policy-engine';
import { describe, expect, it } from 'vitest';
import { ClusterSnapshot } from '../src/reachability/cluster-snapshot';
import { resolvePair, type EndpointSpec } from '../src/reachability/endpoints';

/**
 * Differential test of the snapshot's incremental views: after every journal event (added, relabelled,
 * deleted objects of every kind) the snapshot replayed event by event must answer exactly as one freshly
 * built from the objects at that position — state, workloads, workload lookup, explain.
 */

type Obj = Record<string, unknown> & { kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } };

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const uidOf = (o: Obj) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const LABEL_VALUES = ['web', 'api', 'db', 'frontend', 'backend', 'cache'];

/** A copy of `o` with one label changed (app/tier/team), so that selectors start or stop matching. */
function relabelled(o: Obj, pick: () => number): Obj {
  const key = ['app', 'tier', 'team'][Math.floor(pick() * 3)];
  const labels = { ...o.metadata.labels, [key]: LABEL_VALUES[Math.floor(pick() * LABEL_VALUES.length)] };
  if (pick() < 0.2) delete labels[key];
  return { ...o, metadata: { ...o.metadata, labels } };
}

function explainAll(snap: ClusterSnapshot, pairs: [Pod, Pod][], pick: () => number) {
  const ex = snap.explainer();
  return pairs.map(([a, b]) => {
    const port = a.ports[0]?.port ?? 80;
    const r = ex({ pod: a }, { pod: b }, 'TCP', typeof port === 'number' ? port : 80);
    const ip = pick() < 0.5 ? ex({ pod: a }, { ip: '203.0.113.7' }, 'TCP', 443) : ex({ ip: '10.9.8.7' }, { pod: b }, 'UDP', 53);
    return [r, ip].map((x) => ({ allowed: x.allowed, ports: x.ports.toString(), summary: x.summary, lines: x.lines }));
  });
}

describe('ClusterSnapshot replayed event by event', () => {
  it('answers exactly as a fresh snapshot at every position', () => {
    const pick = rng(7);
    const all = generateObjects({ pods: 80, namespaces: 6, policies: 25, seed: 3 }, '10.244.0.0/16') as Obj[];
    // Half the objects at the start, the rest added by events (so additions of every kind happen too).
    const live = new Map<string, Obj>();
    const spare: Obj[] = [];
    // The first object of each kind is among the spare ones: every kind gets added by an event.
    const seenKinds = new Set<string>();
    for (const o of all) {
      if (seenKinds.has(o.kind) && pick() < 0.5) live.set(uidOf(o), o);
      else spare.push(o);
      seenKinds.add(o.kind);
    }
    const objectsAt = (seq: number) => ({ seq, head: seq, objects: [...live].map(([uid, object]) => ({ kind: object.kind, uid, object })) });

    const snap = new ClusterSnapshot('calico', objectsAt(0));
    const kinds = new Set<string>();
    for (let seq = 1; seq <= 250; seq++) {
      const r = pick();
      // Mostly pods, as in a live cluster; but every kind changes now and then.
      const anyOf = (objects: Obj[]) => {
        const kindsThere = [...new Set(objects.map((x) => x.kind))];
        const kind = pick() < 0.5 && kindsThere.includes('Pod') ? 'Pod' : kindsThere[Math.floor(pick() * kindsThere.length)];
        const ofKind = objects.filter((x) => x.kind === kind);
        return ofKind[Math.floor(pick() * ofKind.length)];
      };
      let event: { kind: string; uid: string; type: 'ADDED' | 'MODIFIED' | 'DELETED'; after: Obj | null };
      if ((r < 0.25 && spare.length) || live.size === 0) {
        const o = anyOf(spare);
        spare.splice(spare.indexOf(o), 1);
        event = { kind: o.kind, uid: uidOf(o), type: 'ADDED', after: o };
      } else if (r < 0.4) {
        const o = anyOf([...live.values()]);
        spare.push(o);
        event = { kind: o.kind, uid: uidOf(o), type: 'DELETED', after: null };
      } else {
        const o = anyOf([...live.values()]);
        event = { kind: o.kind, uid: uidOf(o), type: 'MODIFIED', after: relabelled(o, pick) };
      }
      if (event.after) live.set(event.uid, event.after);
      else live.delete(event.uid);
      kinds.add(`${event.kind} ${event.type}`);
      snap.apply({ seq, ...event });

      // Not every position is read: views stale across several events must come out right as well.
      if (pick() < 0.5) continue;
      const fresh = new ClusterSnapshot('calico', objectsAt(seq));
      expect(snap.seq).toBe(seq);
      expect(snap.state()).toEqual(fresh.state());
      const pods = fresh.state().pods;
      const pairs: [Pod, Pod][] = pods.length < 2 ? [] : Array.from({ length: 6 }, () => [pods[Math.floor(pick() * pods.length)], pods[Math.floor(pick() * pods.length)]]);
      const before = pick();
      expect(explainAll(snap, pairs, rng(before * 1e9))).toEqual(explainAll(fresh, pairs, rng(before * 1e9)));

      // Lookup by name: every workload of the fresh snapshot, and a few names that do not exist.
      const workloads = fresh.workloads();
      expect(snap.workloads()).toEqual(workloads);
      for (const w of workloads) expect(snap.workloadsNamed(w.namespace, w.name)).toEqual(fresh.workloadsNamed(w.namespace, w.name));
      expect(snap.workloadsNamed('nowhere', 'nothing')).toEqual([]);
      for (const w of workloads.slice(0, 8)) {
        expect(snap.workload(w.key)).toEqual(w);
        const from: EndpointSpec = { type: 'workload', namespace: w.namespace, name: w.name, kind: w.kind, text: w.key };
        const other = workloads[Math.floor(pick() * workloads.length)];
        const to: EndpointSpec = { type: 'workload', namespace: other.namespace, name: other.name, text: `${other.namespace}/${other.name}` };
        const answer = (s: ClusterSnapshot) => {
          try {
            return resolvePair(s, from, to);
          } catch (err) {
            return String(err);
          }
        };
        expect(answer(snap)).toEqual(answer(fresh));
      }
    }
    // The walk did change every kind of object in every way (else it proves less than it says).
    const everyChange = ['Pod', 'Namespace', 'NetworkPolicy', 'Service', 'Node', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy'].flatMap((k) => ['ADDED', 'MODIFIED', 'DELETED'].map((t) => `${k} ${t}`));
    expect(everyChange.filter((c) => !kinds.has(c))).toEqual([]);
  });
});
