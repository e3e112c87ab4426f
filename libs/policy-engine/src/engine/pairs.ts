import { AtomClass } from './atom-space';
import * as C from './classes';
import * as I from './port-ids';
import { PortIds } from './port-ids';
import * as R from './rows';
import { Row } from './rows';
import { PairContext, PairIndex, Ranked } from './pair-index';

export { rankEndpoints } from './pair-index';
export type { PairContext, Ranked } from './pair-index';

/**
 * Every workload-level pair at once (connections(), connectionCount(), forEachConnection()), in the order
 * connections() lists them: sources by endpointKey, then destinations by endpointKey.
 *
 * A pair of classes S → D is egress(S)[D] ∩ ingress(D)[S] (combine.ts). Walking every (S, D) cell is
 * workloads × classes (≈ 2·10⁹ at XL); almost all of those cells are closed by the destination's ingress
 * row. So the walk is source-driven but reads the ingress side first (pair-index.ts):
 *
 * - Ingress rows are indexed by source block: for each block of 128 class ids, the distinct ingress rows
 *   that are not uniformly closed there (a *group*: the row and the destination classes using it). A source
 *   class S reads each group's verdict for S once (`i`), skips the group when it is closed, and otherwise
 *   visits only that group's destinations, intersecting with its own egress value.
 * - Destinations with no ingress row (host-network classes) and atoms depend on the source's egress row
 *   only: their values are computed once per distinct egress row (`Targets`), not once per source class.
 * - Where a source's egress row is sparser than the ingress groups of its block, the egress row is walked
 *   instead (the same values: both walks read both sides).
 * - Two classes of one source endpoint that share a block, an egress row and every group verdict add the
 *   same values (union is idempotent): the second is skipped (StatefulSet pods, host pods of a DaemonSet).
 *
 * Values are accumulated per destination rank (a workload's classes are unioned there) and flushed per
 * source endpoint in rank order, the source's own rank dropped (workload self pairs are not connections).
 */

// Module locals: the CommonJS output reads imports through getters (see combine.ts).
const { ATOM, FREE, HOST } = C;
const { ALL, NONE } = I;
const { BLOCK, BLOCK_SHIFT } = R;
const MASK = BLOCK - 1;

/** Receives the pairs of one source rank: destination ranks (increasing when sorted) and port-set ids. */
export type PairSink = (src: number, dsts: Int32Array, vals: Int32Array, count: number) => void;

/**
 * Which side a source class walks: the cheaper one (what the engine uses), or always one of them — both
 * read both sides and give the same pairs; the tests hold each forced side to the reference.
 */
export type WalkSide = 'cheaper' | 'groups' | 'egress';

/** Host classes and atoms as destinations of one egress row: ranks, values, and which ranks are atoms. */
interface Targets {
  ranks: Int32Array;
  vals: Int32Array;
  atom: Uint8Array;
}

export class PairWalk {
  private readonly n: number;
  private readonly ix: PairIndex;
  private readonly targets = new Map<Row | null, Targets>();
  /** Per egress row: the cells walkEgress would visit (BLOCK per block not closed), -1 when every block is ALL. */
  private readonly outCost = new Map<Row, number>();
  private readonly acc: Accumulator;
  /** targetsOf's accumulator (empty between calls). */
  private readonly scratch: Accumulator;
  /** Values of the pairs being flushed. */
  private readonly vals: Int32Array;
  /** Group verdicts of the previous source class and of the current one (the dedup above). */
  private prevIv: Int32Array;
  private curIv: Int32Array;

  constructor(private readonly ctx: PairContext, private readonly ranked: Ranked, private readonly side: WalkSide = 'cheaper') {
    this.n = ctx.classes.size;
    this.ix = new PairIndex(ctx, ranked);
    this.prevIv = new Int32Array(this.ix.widest);
    this.curIv = new Int32Array(this.ix.widest);
    this.acc = new Accumulator(ctx.ports, ranked.ids.length);
    this.scratch = new Accumulator(ctx.ports, ranked.ids.length);
    this.vals = new Int32Array(ranked.ids.length);
  }

  /** Runs every source rank through `sink` (destinations sorted when `sorted`). */
  run(sink: PairSink, sorted: boolean): void {
    const { classes, workloads } = this.ctx;
    const { ids, isAtom } = this.ranked;
    for (let r = 0; r < ids.length; r++) {
      if (isAtom[r]) this.source(ids[r], null, true);
      else {
        // Ascending ids: classes of one block come one after another, which the dedup relies on.
        const cs = Int32Array.from(workloads.all[ids[r]]!.classes.keys()).sort();
        let prev = -1;
        let prevRow: Row | null | undefined;
        for (const s of cs) {
          const row = classes.egressOf[s] ?? null;
          const same = prev >= 0 && prev >>> BLOCK_SHIFT === s >>> BLOCK_SHIFT && prevRow === row;
          this.source(s, row, false, same);
          prev = s;
          prevRow = row;
        }
      }
      this.flush(r, sink, sorted);
    }
  }

  /** Accumulates everything source class (or atom) `s` reaches. */
  private source(s: number, er: Row | null, atomSrc: boolean, sameAsPrev = false): void {
    const sb = s >>> BLOCK_SHIFT;
    const t = this.targetsOf(er);
    // Both walks read both sides; the cheaper one is taken. No egress row, or one that is ALL everywhere:
    // the egress side says nothing, walk the groups without reading it.
    const cost = er === null ? -1 : this.outCostOf(er);
    const egress = this.side === 'cheaper' ? cost >= 0 && cost < this.ix.sbCost[sb] : this.side === 'egress';
    if (egress && er !== null) this.walkEgress(s, er);
    else this.walkGroups(s, cost < 0 ? null : er, sameAsPrev);
    for (let k = 0; k < t.ranks.length; k++) if (!(atomSrc && t.atom[k])) this.acc.add(t.ranks[k], t.vals[k]);
  }

  /** Reads the ingress groups of s's block; visits the destinations of those open to s (er null: every egress cell is ALL). */
  private walkGroups(s: number, er: Row | null, sameAsPrev: boolean): void {
    const { sbStart, sbTab, sbChunk, sbGroups, users, ranks, gStart } = this.ix;
    const sb = s >>> BLOCK_SHIFT;
    const sj = s & MASK;
    const from = sbStart[sb];
    const k = sbStart[sb + 1] - from;
    const iv = this.curIv;
    let same = sameAsPrev;
    for (let x = 0; x < k; x++) {
      const t = sbTab[from + x];
      const i = t >= 0 ? t : sbChunk[from + x]![sj];
      iv[x] = i;
      if (same && this.prevIv[x] !== i) same = false;
    }
    this.curIv = this.prevIv;
    this.prevIv = iv;
    if (same) return; // the previous class of this source added exactly these values
    // The hot loop of the walk (tens of millions of cells at XL): the accumulator is inlined.
    const P = this.ctx.ports;
    const A = this.acc;
    const acc = A.acc;
    const touched = A.touched;
    for (let x = 0; x < k; x++) {
      const i = iv[x];
      if (i === NONE) continue;
      const g = sbGroups[from + x];
      const end = gStart[g + 1];
      for (let u = gStart[g]; u < end; u++) {
        let v = i;
        if (er !== null) {
          const d = users[u];
          const et = er.tab[d >>> BLOCK_SHIFT];
          const e = et >= 0 ? et : er.chunks[~et][d & MASK];
          if (e === NONE) continue;
          if (e !== ALL) v = i === ALL ? e : P.inter(e, i);
          if (v === NONE) continue;
        }
        const r = ranks[u];
        if (r < 0) {
          this.addRanks(r, v);
          continue;
        }
        const cur = acc[r];
        if (cur === NONE) {
          acc[r] = v;
          touched[A.count++] = r;
        } else if (cur !== v && cur !== ALL) acc[r] = P.union(cur, v);
      }
    }
  }

  /** Walks s's egress row over every class id (the side with fewer open cells). Host and atom ends come from targets. */
  private walkEgress(s: number, er: Row): void {
    const { kind, ingressOf } = this.ctx.classes;
    const P = this.ctx.ports;
    const n = this.n;
    const sb = s >>> BLOCK_SHIFT;
    const sj = s & MASK;
    const nb = (n + BLOCK - 1) >>> BLOCK_SHIFT;
    for (let b = 0; b < nb; b++) {
      const t = er.tab[b];
      if (t === NONE) continue;
      const chunk = t < 0 ? er.chunks[~t] : null;
      const base = b << BLOCK_SHIFT;
      const end = Math.min(base + BLOCK, n);
      for (let d = base; d < end; d++) {
        const e = chunk === null ? t : chunk[d - base];
        if (e === NONE) continue;
        const k = kind[d];
        if (k === FREE || k === ATOM || k === HOST) continue; // atoms and host classes: targetsOf
        const ir = ingressOf[d];
        if (ir === null) continue; // no ingress row: a target too
        const it = ir.tab[sb];
        const i = it >= 0 ? it : ir.chunks[~it][sj];
        if (i === NONE) continue;
        const v = e === ALL ? i : i === ALL ? e : P.inter(e, i);
        if (v === NONE) continue;
        const r = this.ix.dstRank[d];
        if (r >= 0) this.acc.add(r, v);
        else this.addRanks(r, v);
      }
    }
  }

  /**
   * Host classes, classes without an ingress row and visible atoms, as destinations of egress row `er`
   * (null: everything allowed). Host classes are read per block: a uniform block gives every class in it
   * the same value, so only its distinct ranks are touched.
   */
  private targetsOf(er: Row | null): Targets {
    let t = this.targets.get(er);
    if (t) return t;
    const out = this.scratch;
    for (const hb of this.ix.hostBlocks) {
      const tb = er === null ? ALL : er.tab[hb.block];
      if (tb === NONE) continue;
      if (tb >= 0) {
        for (let k = 0; k < hb.ranks.length; k++) out.add(hb.ranks[k], tb);
        continue;
      }
      const chunk = er!.chunks[~tb];
      for (const id of hb.ids) {
        const v = chunk[id & MASK];
        if (v !== NONE) this.ix.forRanks(id, (r) => out.add(r, v));
      }
    }
    const isAtom = new Set<number>();
    for (const a of this.ctx.classes.atoms as Set<AtomClass>) {
      const r = this.ix.dstRank[a.id];
      if (r < 0) continue;
      const v = er === null ? ALL : er.get(a.id);
      if (v === NONE) continue;
      out.add(r, v);
      isAtom.add(r);
    }
    const ranks = Int32Array.from(out.touched.subarray(0, out.count));
    t = { ranks, vals: Int32Array.from(ranks, (r) => out.acc[r]), atom: Uint8Array.from(ranks, (r) => (isAtom.has(r) ? 1 : 0)) };
    for (const r of ranks) out.acc[r] = NONE;
    out.count = 0;
    this.targets.set(er, t);
    return t;
  }

  private outCostOf(er: Row): number {
    let c = this.outCost.get(er);
    if (c === undefined) {
      c = 0;
      let open = true;
      const nb = (this.n + BLOCK - 1) >>> BLOCK_SHIFT;
      for (let b = 0; b < nb; b++) {
        const t = er.tab[b];
        if (t !== ALL) open = false;
        if (t !== NONE) c += BLOCK;
      }
      if (open) c = -1;
      this.outCost.set(er, c);
    }
    return c;
  }

  /** Adds to the ranks of a class of several workloads (r ≤ -2; -1: no rank). */
  private addRanks(r: number, v: number): void {
    if (r > -2) return;
    const m = this.ix.multi[-2 - r];
    for (let k = 0; k < m.length; k++) this.acc.add(m[k], v);
  }

  /** Hands the accumulated pairs of source rank `src` to the sink (its own rank dropped) and clears them. */
  private flush(src: number, sink: PairSink, sorted: boolean): void {
    const { acc } = this;
    const list = acc.touched.subarray(0, acc.count);
    if (sorted) list.sort();
    const vals = this.vals;
    let m = 0;
    for (let k = 0; k < list.length; k++) {
      const r = list[k];
      const v = acc.acc[r];
      acc.acc[r] = NONE;
      if (r === src) continue;
      list[m] = r;
      vals[m++] = v;
    }
    acc.count = 0;
    if (m > 0) sink(src, list, vals, m);
  }
}

/** Port-set ids unioned per rank, with the ranks touched (NONE = untouched). */
class Accumulator {
  readonly acc: Int32Array;
  readonly touched: Int32Array;
  count = 0;

  constructor(private readonly ports: PortIds, size: number) {
    this.acc = new Int32Array(size);
    this.touched = new Int32Array(size);
  }

  add(r: number, v: number): void {
    const cur = this.acc[r];
    if (cur === NONE) {
      this.acc[r] = v;
      this.touched[this.count++] = r;
    } else if (cur !== v && cur !== ALL) this.acc[r] = this.ports.union(cur, v);
  }
}
