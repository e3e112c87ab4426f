import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Connection, compareConnections, endpointKey } from '../src/analysis';
import { diffAnalyses } from '../src/diff';
import { ClusterState, CniProfile, ObjectChange } from '../src/model';
import { naiveAnalyze, naivePortsBetween } from '../src/naive';
import { ReachabilityEngine } from '../src/engine';
import { PROBE_IPS, applyToState, clusterState, resolveEdit, step } from './arbitraries';

/**
 * Differential tests: the engine against the reference evaluator (naive.ts), and the incremental engine
 * against a fresh full computation. Connection lists are compared per IP interval (diffAnalyses), since
 * an engine keeps every CIDR boundary it has seen while a fresh load only cuts at current ones.
 */

const CNIS: CniProfile[] = ['generic', 'calico'];

function text(cs: readonly Connection[]): string {
  return cs.map((c) => `${endpointKey(c.src)} -> ${endpointKey(c.dst)}: ${c.ports}`).join('\n');
}

/** Equal as sets of (src interval, dst interval, port) triples. */
function sameConnections(actual: readonly Connection[], expected: readonly Connection[]): void {
  const d = diffAnalyses(expected, actual);
  if (d.added.length || d.removed.length) {
    expect.fail(`unexpected:\n${text(d.added)}\nmissing:\n${text(d.removed)}`);
  }
}

function wellFormed(cs: readonly Connection[]): void {
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    expect(c.ports.isEmpty()).toBe(false);
    expect(c.src.type === 'external' && c.dst.type === 'external').toBe(false);
    expect(endpointKey(c.src) === endpointKey(c.dst)).toBe(false);
    if (i > 0) expect(compareConnections(cs[i - 1], c)).toBeLessThan(0);
  }
}

function stateText(s: ClusterState): string {
  return JSON.stringify(s);
}

describe('engine == naive on random clusters', () => {
  for (const cni of CNIS) {
    it(`connections, ${cni}`, () => {
      fc.assert(
        fc.property(clusterState(), (s) => {
          const e = new ReachabilityEngine({ cni });
          e.load(s);
          const counted = e.connectionCount();
          const fast = e.connections();
          expect(counted).toBe(fast.length);
          wellFormed(fast);
          // Same partition of the address space at load: the lists must be identical, not just equivalent.
          const slow = naiveAnalyze(s, { cni }).connections;
          expect(text(fast)).toBe(text(slow));
        }),
        { numRuns: 700 },
      );
    });

    it(`portsBetween, ${cni}`, () => {
      fc.assert(
        fc.property(clusterState(), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat({ max: 3 })), { minLength: 1, maxLength: 6 }), (s, picks) => {
          if (s.pods.length === 0) return;
          const e = new ReachabilityEngine({ cni });
          e.load(s);
          for (const [i, j, mode] of picks) {
            const a = { pod: s.pods[i % s.pods.length] };
            const b = { pod: s.pods[j % s.pods.length] };
            const ip = { ip: PROBE_IPS[(i + j) % PROBE_IPS.length] };
            const [src, dst] = mode === 0 ? [a, b] : mode === 1 ? [ip, b] : mode === 2 ? [a, ip] : [a, a];
            expect(e.portsBetween(src, dst).toString()).toBe(naivePortsBetween(s, { cni }, src, dst).toString());
          }
        }),
        { numRuns: 500 },
      );
    });
  }
});

describe('incremental == full recompute', () => {
  for (const cni of CNIS) {
    it(`random event sequences, ${cni}`, () => {
      fc.assert(
        fc.property(clusterState({ maxPods: 5 }), fc.array(step, { minLength: 1, maxLength: 12 }), (s0, steps) => {
          const e = new ReachabilityEngine({ cni });
          e.load(s0);
          let state = s0;
          let before = e.connections();
          steps.forEach((st, step) => {
            const ev: ObjectChange | undefined = 'change' in st ? st.change : resolveEdit(state, st.edit);
            if (!ev) return;
            const delta = e.apply(ev);
            state = applyToState(state, ev);
            const after = e.connections();
            wellFormed(after);
            const ctx = `step ${step}: ${JSON.stringify(ev)}\nstate: ${stateText(state)}`;
            try {
              // The engine's view of the state is the plain state after the events.
              const fresh = new ReachabilityEngine({ cni });
              fresh.load(e.snapshot());
              sameConnections(after, fresh.connections());
              sameConnections(after, naiveAnalyze(state, { cni }).connections);
              // The delta is exactly what changed.
              const expected = diffAnalyses(before, after);
              sameConnections(delta.added, expected.added);
              sameConnections(delta.removed, expected.removed);
              for (const c of [...delta.added, ...delta.removed]) expect(c.ports.isEmpty()).toBe(false);
            } catch (err) {
              throw new Error(`${ctx}\n${(err as Error).message}`);
            }
            before = after;
          });
        }),
        { numRuns: 250 },
      );
    });
  }
});
