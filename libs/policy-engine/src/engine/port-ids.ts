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
/**
 * Ids below this also get dense memo tables (result + 1 per ordered pair; 0 = not computed yet): the
 * all-pairs walk unions and intersects ids tens of millions of times, and a typed-array read is far
 * cheaper than a Map probe on a non-small-integer key. Tables grow with the ids in use, up to 3 × 4 MiB.
 */
const DENSE_LIMIT = 1024;

export class PortIds {
  private readonly sets: PortSet[] = [PortSet.NONE, PortSet.ALL];
  private readonly byKey = new Map<string, number>([
    [PortSet.NONE.key(), NONE],
    [PortSet.ALL.key(), ALL],
  ]);
  private readonly unionMemo = new Map<number, number>();
  private readonly interMemo = new Map<number, number>();
  private readonly subMemo = new Map<number, number>();
  /** Width of the dense tables (a power of two ≤ DENSE_LIMIT; 0 until the first memoised operation). */
  private dim = 0;
  private unionDense: Int32Array = new Int32Array(0);
  private interDense: Int32Array = new Int32Array(0);
  private subDense: Int32Array = new Int32Array(0);

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
    const d = this.denseIndex(a, b);
    if (d >= 0) {
      let r = this.unionDense[d];
      if (r === 0) this.unionDense[d] = r = this.id(this.sets[a].union(this.sets[b])) + 1;
      return r - 1;
    }
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
    const d = this.denseIndex(a, b);
    if (d >= 0) {
      let r = this.interDense[d];
      if (r === 0) this.interDense[d] = r = this.id(this.sets[a].intersect(this.sets[b])) + 1;
      return r - 1;
    }
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
    const d = this.denseIndex(a, b);
    if (d >= 0) {
      let r = this.subDense[d];
      if (r === 0) this.subDense[d] = r = this.id(this.sets[a].subtract(this.sets[b])) + 1;
      return r - 1;
    }
    const key = a * ID_LIMIT + b;
    let r = this.subMemo.get(key);
    if (r === undefined) {
      r = this.id(this.sets[a].subtract(this.sets[b]));
      this.subMemo.set(key, r);
    }
    return r;
  }

  /** The dense-table slot of (a, b), growing the tables to cover both ids; -1 beyond DENSE_LIMIT. */
  private denseIndex(a: number, b: number): number {
    const m = a > b ? a : b;
    if (m >= this.dim) {
      if (m >= DENSE_LIMIT) return -1;
      this.growDense(m);
    }
    return a * this.dim + b;
  }

  private growDense(m: number): void {
    let dim = Math.max(this.dim, 64);
    while (dim <= m) dim *= 2;
    const grow = (old: Int32Array): Int32Array => {
      const t = new Int32Array(dim * dim);
      for (let a = 0; a < this.dim; a++) t.set(old.subarray(a * this.dim, (a + 1) * this.dim), a * dim);
      return t;
    };
    this.unionDense = grow(this.unionDense);
    this.interDense = grow(this.interDense);
    this.subDense = grow(this.subDense);
    this.dim = dim;
  }
}
