import { describe, expect, it } from 'vitest';
import { ALL, NONE, PortIds } from '../src/engine/port-ids';
import { PortSet } from '../src/ports';
import { Rng } from '../bench/rng';

/**
 * Interned port sets: union, intersection and difference on ids answer from dense tables for small ids
 * (grown as ids appear) and from maps beyond them. Every answer must be the interned id of the PortSet
 * operation, whichever table holds it, and stay so as the tables grow.
 */

function randomSet(r: Rng): PortSet {
  let s = PortSet.NONE;
  const parts = r.int(1, 3);
  for (let i = 0; i < parts; i++) {
    const from = r.int(1, 2000);
    s = s.union(PortSet.of(r.pick(['TCP', 'UDP', 'SCTP'] as const), from, from + r.int(0, 40)));
  }
  return s;
}

describe('PortIds', () => {
  it('keeps the fixed ids of the empty and the full set', () => {
    const ids = new PortIds();
    expect(ids.id(PortSet.NONE)).toBe(NONE);
    expect(ids.id(PortSet.ALL)).toBe(ALL);
    expect(ids.union(NONE, ALL)).toBe(ALL);
    expect(ids.inter(NONE, ALL)).toBe(NONE);
    expect(ids.sub(ALL, ALL)).toBe(NONE);
  });

  it('answers like PortSet below, across and beyond the dense tables', () => {
    const r = new Rng(42);
    const ids = new PortIds();
    const sets: PortSet[] = [PortSet.NONE, PortSet.ALL];
    const check = (rounds: number) => {
      for (let k = 0; k < rounds; k++) {
        const a = r.int(0, ids.size - 1);
        const b = r.int(0, ids.size - 1);
        const [x, y] = [ids.get(a), ids.get(b)];
        // Asked twice: the second answer comes from whichever memo the first one filled.
        for (let rep = 0; rep < 2; rep++) {
          expect(ids.get(ids.union(a, b)).equals(x.union(y))).toBe(true);
          expect(ids.get(ids.inter(a, b)).equals(x.intersect(y))).toBe(true);
          expect(ids.get(ids.sub(a, b)).equals(x.subtract(y))).toBe(true);
        }
      }
    };
    // Grow past the first table width (64), then past the dense limit (1024 ids) where maps take over.
    for (const target of [40, 300, 1500]) {
      while (ids.size < target) {
        const s = randomSet(r);
        ids.id(s);
        sets.push(s);
      }
      check(3000);
    }
    expect(ids.size).toBeGreaterThanOrEqual(1500);
    // Interning is stable: every set keeps its id.
    for (const s of sets) expect(ids.get(ids.id(s)).equals(s)).toBe(true);
  });
});
