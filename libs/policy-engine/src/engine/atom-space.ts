import { Endpoint } from '../analysis';
import { IpAtom, atomIntervals, buildIpAtoms } from '../atoms';
import { Cidr, IpFamily, parseIp, universe } from '../ip';

/**
 * The external address space of one engine, cut into atoms (SEMANTICS.md "External atoms").
 *
 * Invariants:
 * - `cidrs` holds every CIDR any policy has mentioned during this engine's life (plus both universes).
 *   Boundaries are never removed, so the partition only ever gets finer: each atom after a refinement lies
 *   inside exactly one atom before it. That is what makes deltas well defined (an old pair value carries
 *   over to every piece of its atom) and keeps every atom uniform for every policy ever loaded.
 * - Every atom is an endpoint class with its own class id (a peer-only column of the rows). An atom keeps
 *   its id for as long as its block survives; when sub-blocks are cut out of it, it shrinks in place.
 * - Both families always have atoms (the universes are always present); whether a family is *reported*
 *   is decided elsewhere (see the engine's family counters), exactly as naive's clusterFamilies does.
 */

export interface AtomClass {
  readonly kind: 'atom';
  readonly id: number;
  readonly family: IpFamily;
  /** The block; `except` (its largest sub-blocks) and `representative` change when the atom shrinks. */
  cidr: Cidr;
  except: Cidr[];
  representative: bigint;
  endpoint: Extract<Endpoint, { type: 'external' }>;
}

export interface Refinement {
  /** New atoms (new class ids), already registered. */
  added: AtomClass[];
  /** Old atoms whose block is now entirely covered by sub-blocks: they no longer exist. */
  removed: AtomClass[];
  /** Old atom ids that shrank or vanished (pods whose addresses fell in them may now be elsewhere). */
  changed: Set<number>;
  /** New atom id → the old atom id it was cut from. */
  parent: Map<number, number>;
}

interface Interval {
  first: bigint;
  last: bigint;
  id: number;
}

export class AtomSpace {
  private readonly cidrs = new Map<string, Cidr>();
  private byBlock = new Map<string, AtomClass>();
  private intervals: Record<IpFamily, Interval[]> = { 4: [], 6: [] };

  constructor() {
    for (const f of [4, 6] as IpFamily[]) this.cidrs.set(universe(f).text, universe(f));
  }

  atoms(): IterableIterator<AtomClass> {
    return this.byBlock.values();
  }

  get count(): number {
    return this.byBlock.size;
  }

  /** Whether every CIDR is already a boundary (then refine() would change nothing). */
  knows(cidrs: Iterable<Cidr>): boolean {
    for (const c of cidrs) if (!this.cidrs.has(c.text)) return false;
    return true;
  }

  /**
   * Adds CIDRs; when any is new, rebuilds the partition keeping every old boundary. `alloc` gives class
   * ids to new atoms. Returns undefined when nothing changed (all CIDRs were already known).
   */
  refine(cidrs: Iterable<Cidr>, alloc: () => number): Refinement | undefined {
    let fresh = false;
    for (const c of cidrs) {
      if (!this.cidrs.has(c.text)) {
        this.cidrs.set(c.text, c);
        fresh = true;
      }
    }
    if (!fresh && this.byBlock.size > 0) return undefined;
    const next = new Map<string, AtomClass>();
    const r: Refinement = { added: [], removed: [], changed: new Set(), parent: new Map() };
    for (const a of buildIpAtoms(this.cidrs.values())) {
      const old = this.byBlock.get(a.cidr.text);
      if (old) {
        if (old.except.map((e) => e.text).join(',') !== a.except.map((e) => e.text).join(',')) {
          // Its sub-blocks changed: boundaries are only ever added, so the atom shrank.
          r.changed.add(old.id);
          old.except = a.except;
          old.representative = a.representative;
          old.endpoint = endpointOf(a);
        }
        next.set(a.cidr.text, old);
      } else {
        const cls: AtomClass = {
          kind: 'atom', id: alloc(), family: a.family, cidr: a.cidr, except: a.except,
          representative: a.representative, endpoint: endpointOf(a),
        };
        if (this.byBlock.size > 0) {
          const parent = this.lookup(a.family, a.representative);
          r.parent.set(cls.id, parent);
          r.changed.add(parent);
        }
        r.added.push(cls);
        next.set(a.cidr.text, cls);
      }
    }
    for (const [text, old] of this.byBlock) {
      if (!next.has(text)) {
        r.removed.push(old);
        r.changed.add(old.id);
      }
    }
    this.byBlock = next;
    this.rebuildIntervals();
    return r;
  }

  /** The atom (class id) an address falls in. Every address has one: the universes are atoms' roots. */
  lookup(family: IpFamily, v: bigint): number {
    const list = this.intervals[family];
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const iv = list[mid];
      if (v < iv.first) hi = mid - 1;
      else if (v > iv.last) lo = mid + 1;
      else return iv.id;
    }
    throw new Error(`no atom contains address ${v} (family ${family})`);
  }

  lookupText(ip: string): number {
    const { family, value } = parseIp(ip);
    return this.lookup(family, value);
  }

  private rebuildIntervals(): void {
    const out: Record<IpFamily, Interval[]> = { 4: [], 6: [] };
    for (const a of this.byBlock.values()) {
      for (const [first, last] of atomIntervals(a)) out[a.family].push({ first, last, id: a.id });
    }
    for (const f of [4, 6] as IpFamily[]) out[f].sort((x, y) => (x.first < y.first ? -1 : x.first > y.first ? 1 : 0));
    this.intervals = out;
  }
}

function endpointOf(a: IpAtom): Extract<Endpoint, { type: 'external' }> {
  return { type: 'external', cidr: a.cidr.text, except: a.except.map((e) => e.text) };
}
