import { Connection, Endpoint, ReachabilityDelta, endpointKey } from '../analysis';
import { IpFamily } from '../ip';
import { AtomClass, Refinement } from './atom-space';
import { ClassRegistry, EndpointClass, FREE, PodClass, WorkloadRegistry } from './classes';
import { Combiner } from './combine';
import { ALL, NONE, PortIds } from './port-ids';
import { BLOCK, BLOCK_SHIFT, Row, RowJournal } from './rows';

/**
 * Exact deltas. Before an event is applied, the engine names a superset of the workload pairs it can
 * change: every pair leaving a workload in `src`, every pair entering a workload in `dst`, and every pair
 * with an atom of a family in `families` (a family whose visibility flips). Those pairs are collected
 * before and after the mutation and compared; pairs outside the set are unchanged by construction (see
 * the engine's event handlers for why each superset is complete).
 *
 * Pairs are keyed by packed endpoint codes: workload id * 2, atom class id * 2 + 1. When the event refined
 * the atoms, an old atom's values are carried to each atom cut from it before comparing (the partition
 * only gets finer, so that is exact).
 */

export interface Affected {
  /** Workload keys whose outgoing pairs may change. */
  src: Set<string>;
  /** Workload keys whose incoming pairs may change. */
  dst: Set<string>;
  /** Families whose atoms' pairs may all change. */
  families: Set<IpFamily>;
}

export function emptyAffected(): Affected {
  return { src: new Set(), dst: new Set(), families: new Set() };
}

const SHIFT = 2 ** 26;
const wCode = (id: number) => id * 2;
const aCode = (id: number) => id * 2 + 1;

export interface CollectContext {
  combiner: Combiner;
  workloads: WorkloadRegistry;
  classes: ClassRegistry;
  visible: (f: IpFamily) => boolean;
}

export function collect(ctx: CollectContext, aff: Affected): Map<number, number> {
  const out = new Map<number, number>();
  for (const key of aff.src) {
    const w = ctx.workloads.byKey.get(key);
    if (!w) continue;
    const s = wCode(w.id) * SHIFT;
    ctx.combiner.workloadOut(w, (isAtom, id, v) => out.set(s + (isAtom ? aCode(id) : wCode(id)), v));
  }
  for (const key of aff.dst) {
    const w = ctx.workloads.byKey.get(key);
    if (!w) continue;
    const d = wCode(w.id);
    ctx.combiner.workloadIn(w, (isAtom, id, v) => out.set((isAtom ? aCode(id) : wCode(id)) * SHIFT + d, v));
  }
  for (const f of aff.families) {
    if (!ctx.visible(f)) continue;
    for (const z of ctx.classes.atoms) {
      if (z.family !== f) continue;
      const a = aCode(z.id);
      ctx.combiner.atomOut(z, (_, wid, v) => out.set(a * SHIFT + wCode(wid), v));
      ctx.combiner.atomIn(z, (_, wid, v) => out.set(wCode(wid) * SHIFT + a, v));
    }
  }
  return out;
}

/** Old atom id → the atoms that now cover it (itself if it survived, plus those cut from it). */
export function expansionOf(r: Refinement | undefined): Map<number, number[]> {
  const out = new Map<number, number[]>();
  if (!r) return out;
  const removed = new Set(r.removed.map((a) => a.id));
  for (const [child, parent] of r.parent) {
    let list = out.get(parent);
    if (!list) {
      list = removed.has(parent) ? [] : [parent];
      out.set(parent, list);
    }
    list.push(child);
  }
  return out;
}

export interface DiffContext {
  ports: PortIds;
  endpointOf: (code: number) => Endpoint;
}

export function diffCollected(ctx: DiffContext, before: Map<number, number>, after: Map<number, number>, expand: Map<number, number[]>): ReachabilityDelta {
  const P = ctx.ports;
  let old = before;
  if (expand.size > 0) {
    old = new Map();
    const ends = (code: number): number[] => {
      if (code % 2 === 0) return [code];
      const list = expand.get((code - 1) / 2);
      return list ? list.map(aCode) : [code];
    };
    for (const [k, v] of before) {
      const s = Math.floor(k / SHIFT);
      const d = k - s * SHIFT;
      for (const s2 of ends(s)) for (const d2 of ends(d)) old.set(s2 * SHIFT + d2, v);
    }
  }
  const added: Connection[] = [];
  const removed: Connection[] = [];
  const conn = (k: number, v: number): Connection => {
    const s = Math.floor(k / SHIFT);
    return { src: ctx.endpointOf(s), dst: ctx.endpointOf(k - s * SHIFT), ports: P.get(v) };
  };
  for (const [k, v] of after) {
    const plus = P.sub(v, old.get(k) ?? NONE);
    if (plus !== NONE) added.push(conn(k, plus));
  }
  for (const [k, v] of old) {
    const minus = P.sub(v, after.get(k) ?? NONE);
    if (minus !== NONE) removed.push(conn(k, minus));
  }
  return sortedDelta(added, removed);
}

/** Sorts like compareConnections, computing each endpoint's key once (deltas can be large). */
export function sortedDelta(added: Connection[], removed: Connection[]): ReachabilityDelta {
  const keys = new Map<Endpoint, string>();
  const key = (e: Endpoint) => {
    let k = keys.get(e);
    if (k === undefined) keys.set(e, (k = endpointKey(e)));
    return k;
  };
  const cmp = (a: Connection, b: Connection) => {
    const sa = key(a.src);
    const sb = key(b.src);
    if (sa !== sb) return sa < sb ? -1 : 1;
    const da = key(a.dst);
    const db = key(b.dst);
    return da < db ? -1 : da > db ? 1 : 0;
  };
  return { added: added.sort(cmp), removed: removed.sort(cmp) };
}

export function endpointDecoder(classes: ClassRegistry, workloads: WorkloadRegistry): (code: number) => Endpoint {
  return (code) => {
    if (code % 2 === 0) return workloads.all[code / 2]!.endpoint;
    return (classes.all[(code - 1) / 2] as AtomClass).endpoint;
  };
}

// ---------------------------------------------------------------- journaled deltas

/** A class's rows when the event started (recorded on its first re-signing). */
export interface ClassSwitch {
  egress: Row | null;
  ingress: Row | null;
}

export interface JournalContext {
  classes: ClassRegistry;
  workloads: WorkloadRegistry;
  ports: PortIds;
  combiner: Combiner;
  journal: RowJournal;
  switched: Map<PodClass, ClassSwitch>;
  visible: (f: IpFamily) => boolean;
}

/**
 * The delta of an event that moved no pod between classes or workloads and cut no atom (policy and
 * namespace events, mostly): only class pairs whose row cells changed can change, so candidates come from
 * (1) each re-signed class's old row vs new row, (2) cells rewritten in place in pre-existing rows. The
 * candidates are lifted to workload pairs, whose old and new values are then computed from old and new
 * rows. Cost: proportional to what changed, not to the cluster.
 */
export function journalDelta(ctx: JournalContext, endpointOf: (code: number) => Endpoint): ReachabilityDelta {
  const { classes, journal, switched } = ctx;
  const P = ctx.ports;
  const all = classes.all;
  // Old value of a cell: the row the class had when the event started, as it was (journal).
  const oldE: (Row | null | undefined)[] = [];
  const oldI: (Row | null | undefined)[] = [];
  for (const [c, sw] of switched) {
    oldE[c.id] = sw.egress;
    oldI[c.id] = sw.ingress;
  }
  const inPlace = journal.cells.size > 0;
  const oldCell = (c: PodClass, rows: (Row | null | undefined)[], now: Row | null, col: number): number => {
    const o = rows[c.id];
    const row = o === undefined ? now : o;
    if (row === null) return ALL;
    return inPlace ? journal.old(row, col) : row.get(col);
  };
  const oldPair = (S: EndpointClass, D: EndpointClass): number => {
    if (S.kind === 'atom') return D.kind === 'pod' ? oldCell(D, oldI, D.ingress, S.id) : NONE;
    if (D.kind === 'atom') return oldCell(S, oldE, S.egress, D.id);
    const e = oldCell(S, oldE, S.egress, D.id);
    return e === NONE ? NONE : P.inter(e, oldCell(D, oldI, D.ingress, S.id));
  };

  // Candidate class pairs: only cells that changed can change a pair; a pair whose value is the same
  // before and after cannot change any workload pair. (A pair may be checked twice: cheaper than a set.)
  const cand = new Set<number>();
  const addPair = (s: number, d: number) => {
    const S = all[s];
    const D = all[d];
    if (S === undefined || D === undefined || (S.kind === 'atom' && D.kind === 'atom')) return;
    if (oldPair(S, D) === ctx.combiner.pairVal(S, D)) return;
    const sc = S.kind === 'atom' ? (ctx.visible(S.family) ? [aCode(s)] : []) : S.wl.map(wCode);
    const dc = D.kind === 'atom' ? (ctx.visible(D.family) ? [aCode(d)] : []) : D.wl.map(wCode);
    for (const b of dc) for (const a of sc) if (a !== b) cand.add(a * SHIFT + b);
  };

  // (1) re-signed classes: every column where the old row (as it was) and the new row differ.
  const memo = new Map<Row, Map<Row, number[]>>();
  const changedColumns = (o: Row, nw: Row): number[] => {
    let byNew = memo.get(o);
    if (!byNew) memo.set(o, (byNew = new Map()));
    let out = byNew.get(nw);
    if (out) return out;
    out = [...(journal.cells.get(o)?.keys() ?? [])];
    if (o !== nw) {
      const n = classes.size;
      const kind = classes.kind;
      const nb = (n + BLOCK - 1) >>> BLOCK_SHIFT;
      // A row derived from o during this event differs from it only in its recomputed blocks.
      const only = nw.derived && nw.derived.from === o && journal.born.has(nw) ? nw.derived.blocks : null;
      for (let b = 0; b < nb; b++) {
        if (only && only[b] !== 1) continue;
        const t1 = o.tab[b];
        if (t1 >= 0 && t1 === nw.tab[b]) continue;
        const end = Math.min((b + 1) << BLOCK_SHIFT, n);
        for (let id = b << BLOCK_SHIFT; id < end; id++) if (kind[id] !== FREE && o.get(id) !== nw.get(id)) out.push(id);
      }
    }
    byNew.set(nw, out);
    return out;
  };
  for (const [c, old] of switched) {
    if (old.egress && c.egress) for (const d of changedColumns(old.egress, c.egress)) addPair(c.id, d);
    if (old.ingress && c.ingress) for (const s of changedColumns(old.ingress, c.ingress)) addPair(s, c.id);
  }
  // (2) cells rewritten in place, for the classes still using the row.
  for (const [r, cells] of journal.cells) {
    for (const [id, old] of cells) {
      if (r.get(id) === old) continue;
      for (const u of r.users) {
        if (r.plan.dir === 'egress') addPair(u.id, id);
        else addPair(id, u.id);
      }
    }
  }

  // Old and new values of the candidate workload pairs.
  const members = (code: number): EndpointClass[] =>
    code % 2 === 1 ? [all[(code - 1) / 2]!] : [...ctx.workloads.all[code / 2]!.classes.keys()].map((id) => all[id]!);
  const added: Connection[] = [];
  const removed: Connection[] = [];
  for (const k of cand) {
    const s = Math.floor(k / SHIFT);
    const d = k - s * SHIFT;
    const ss = members(s);
    const ds = members(d);
    let before = NONE;
    let after = NONE;
    for (const S of ss) {
      for (const D of ds) {
        before = P.union(before, oldPair(S, D));
        after = P.union(after, ctx.combiner.pairVal(S, D));
      }
    }
    const plus = P.sub(after, before);
    const minus = P.sub(before, after);
    if (plus !== NONE) added.push({ src: endpointOf(s), dst: endpointOf(d), ports: P.get(plus) });
    if (minus !== NONE) removed.push({ src: endpointOf(s), dst: endpointOf(d), ports: P.get(minus) });
  }
  return sortedDelta(added, removed);
}
