import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Connection, Endpoint, compareConnections, endpointKey } from '../src/analysis';
import { ClusterState, CniProfile } from '../src/model';
import { naiveAnalyze } from '../src/naive';
import { PortSet } from '../src/ports';
import { ReachabilityEngine } from '../src/engine';
import { PairWalk, WalkSide, rankEndpoints } from '../src/engine/pairs';
import { generateClusterWith, SIZES } from '../bench/generate';
import { clusterState } from './arbitraries';

/**
 * The all-pairs walk (engine/pairs.ts) behind connections(), connectionCount() and forEachConnection().
 * Each source class walks either its ingress groups or its egress row, whichever is cheaper; here each
 * side is also forced, on random clusters (one block of class ids) against the reference evaluator, and
 * on generated clusters spanning several blocks (host-network classes, atoms, chunked rows, StatefulSet
 * classes that the walk deduplicates) against the per-workload walk of the incremental path (combine.ts).
 */

const CNIS: CniProfile[] = ['generic', 'calico'];
const SIDES: WalkSide[] = ['cheaper', 'groups', 'egress'];

function line(src: Endpoint, dst: Endpoint, ports: PortSet): string {
  return `${endpointKey(src)} -> ${endpointKey(dst)}: ${ports}`;
}

/** The engine's internals (white box: the walk is driven directly, with a forced side). */
function parts(e: ReachabilityEngine) {
  return e['p'];
}

function walk(e: ReachabilityEngine, side: WalkSide): string[] {
  const p = parts(e);
  const ctx = { classes: p.classes, workloads: p.workloads, ports: p.ports, visible: (f: 4 | 6) => e['visible'](f) };
  const ranked = rankEndpoints(ctx);
  const out: string[] = [];
  new PairWalk(ctx, ranked, side).run((src, dsts, vals, count) => {
    for (let k = 0; k < count; k++) out.push(line(ranked.endpoints[src], ranked.endpoints[dsts[k]], p.ports.get(vals[k])));
  }, true);
  return out;
}

/** Every pair from the per-workload and per-atom walks the incremental path uses (unordered). */
function perWorkload(e: ReachabilityEngine): Set<string> {
  const p = parts(e);
  const out = new Set<string>();
  for (const w of p.workloads.all) {
    if (!w || w.pods === 0) continue;
    p.combiner.workloadOut(w, (isAtom, id, v) => {
      const dst = isAtom ? (p.classes.all[id] as { endpoint: Endpoint }).endpoint : p.workloads.all[id]!.endpoint;
      out.add(line(w.endpoint, dst, p.ports.get(v)));
    });
  }
  for (const a of p.classes.atoms) {
    if (!e['visible'](a.family)) continue;
    p.combiner.atomOut(a, (_, id, v) => out.add(line(a.endpoint, p.workloads.all[id]!.endpoint, p.ports.get(v))));
  }
  return out;
}

function sorted(conns: readonly Connection[]): void {
  for (let i = 1; i < conns.length; i++) expect(compareConnections(conns[i - 1], conns[i])).toBeLessThan(0);
}

describe('all-pairs walk == naive on random clusters, each side', () => {
  for (const cni of CNIS) {
    it(`both sides, ${cni}`, () => {
      fc.assert(
        fc.property(clusterState(), (s) => {
          const e = new ReachabilityEngine({ cni });
          e.load(s);
          const expected = naiveAnalyze(s, { cni }).connections.map((c) => line(c.src, c.dst, c.ports));
          for (const side of SIDES) expect(walk(e, side), side).toEqual(expected);
        }),
        { numRuns: 300 },
      );
    });
  }
});

describe('connections, connectionCount and forEachConnection agree', () => {
  for (const cni of CNIS) {
    it(`on random clusters, ${cni}`, () => {
      fc.assert(
        fc.property(clusterState(), (s) => {
          const fresh = () => {
            const e = new ReachabilityEngine({ cni });
            e.load(s);
            return e;
          };
          // Streamed before anything is cached, then listed: the same sequence.
          const e = fresh();
          const streamed: string[] = [];
          e.forEachConnection((src, dst, ports) => streamed.push(line(src, dst, ports)));
          const listed = e.connections();
          expect(streamed).toEqual(listed.map((c) => line(c.src, c.dst, c.ports)));
          expect(fresh().connectionCount()).toBe(listed.length);
          expect(e.connectionCount()).toBe(listed.length);
          // Once cached, the stream reads the list.
          const again: string[] = [];
          e.forEachConnection((src, dst, ports) => again.push(line(src, dst, ports)));
          expect(again).toEqual(streamed);
        }),
        { numRuns: 150 },
      );
    });
  }
});

describe('all-pairs walk on generated clusters spanning several blocks', () => {
  const shapes: [string, ClusterState][] = [
    ['S', generateClusterWith(SIZES.S, 3)],
    ['1,200 pods', generateClusterWith({ ...SIZES.S, pods: 1200, workloads: 400, namespaces: 60, policies: 250, nodes: 12 }, 5)],
  ];
  for (const [name, s] of shapes) {
    for (const cni of CNIS) {
      it(`${name}, ${cni}: each side == the per-workload walk`, () => {
        const e = new ReachabilityEngine({ cni });
        e.load(s);
        const p = parts(e);
        expect(p.classes.size).toBeGreaterThan(128); // more than one block of class ids
        expect(p.classes.host.size).toBeGreaterThan(0);
        const reference = perWorkload(e);
        for (const side of SIDES) {
          const got = walk(e, side);
          expect(new Set(got).size, side).toBe(got.length);
          expect(got.filter((l) => !reference.has(l)), side).toEqual([]);
          expect(got.length, side).toBe(reference.size);
        }
        const conns = e.connections();
        sorted(conns);
        expect(conns.length).toBe(reference.size);
      });
    }
  }

  it('S, generic: connections() == naive', () => {
    const s = shapes[0][1];
    const e = new ReachabilityEngine({ cni: 'generic' });
    e.load(s);
    const text = (cs: readonly Connection[]) => cs.map((c) => line(c.src, c.dst, c.ports));
    expect(text(e.connections())).toEqual(text(naiveAnalyze(s, { cni: 'generic' }).connections));
  });
});
