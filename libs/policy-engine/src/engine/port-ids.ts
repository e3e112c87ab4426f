import { PortSet } from '../ports';

/**
 * Interned port sets. Every distinct PortSet gets a small integer id; rows and pair values hold ids, and
 * union / intersect / subtract are memoised on id pairs. Real clusters use a few hundred distinct port
 * sets, so after warm-up every set operation of the engine is a fast path or one Map lookup.
 *
 * Invariants: id 0 is the empty set, id 1 is every port of every protocol; `get(id(p)).equals(p)`;
 * ids are never reused (the table only grows — it is bounded by the distinct sets the policies produce).
 */
export const NONE = 0;
export const ALL = 1;

/** Memo keys pack two ids into one number: a * 2^24 + b stays below 2^53. */
const ID_LIMIT = 1 << 24;

export class PortIds {
  private readonly sets: PortSet[] = [PortSet.NONE, PortSet.ALL];
  private readonly byKey = new Map<string, number>([
    [PortSet.NONE.key(), NONE],
    [PortSet.ALL.key(), ALL],
  ]);
  private readonly unionMemo = new Map<number, number>();
  private readonly interMemo = new Map<number, number>();
  private readonly subMemo = new Map<number, number>();

  get size(): number {
    return this.sets.length;
  }

  id(p: PortSet): number {
    if (p === PortSet.NONE) return NONE;
    if (p === PortSet.ALL) return ALL;
    const k = p.key();
    let id = this.byKey.get(k);
    if (id === undefined) {
      id = this.sets.length;
      if (id >= ID_LIMIT) throw new Error('too many distinct port sets');
      this.sets.push(p);
      this.byKey.set(k, id);
    }
    return id;
  }

  get(id: number): PortSet {
    return this.sets[id];
  }

  union(a: number, b: number): number {
    if (a === b || b === NONE) return a;
    if (a === NONE) return b;
    if (a === ALL || b === ALL) return ALL;
    // Commutative: one memo entry per unordered pair.
    const key = a < b ? a * ID_LIMIT + b : b * ID_LIMIT + a;
    let r = this.unionMemo.get(key);
    if (r === undefined) {
      r = this.id(this.sets[a].union(this.sets[b]));
      this.unionMemo.set(key, r);
    }
    return r;
  }

  inter(a: number, b: number): number {
    if (a === b || b === ALL) return a;
    if (a === ALL) return b;
    if (a === NONE || b === NONE) return NONE;
    const key = a < b ? a * ID_LIMIT + b : b * ID_LIMIT + a;
    let r = this.interMemo.get(key);
    if (r === undefined) {
      r = this.id(this.sets[a].intersect(this.sets[b]));
      this.interMemo.set(key, r);
    }
    return r;
  }

  /** a minus b. */
  sub(a: number, b: number): number {
    if (b === NONE) return a;
    if (a === NONE || a === b || b === ALL) return NONE;
    const key = a * ID_LIMIT + b;
    let r = this.subMemo.get(key);
    if (r === undefined) {
      r = this.id(this.sets[a].subtract(this.sets[b]));
      this.subMemo.set(key, r);
    }
    return r;
  }
}
