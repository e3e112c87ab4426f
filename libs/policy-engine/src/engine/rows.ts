import { Protocol } from '../model';
import { PortSet } from '../ports';
import { ClassRegistry, NamedPorts, PodClass } from './classes';
import * as I from './port-ids';
import { PortIds } from './port-ids';

const { ALL, NONE } = I; // module locals: CommonJS imports are read through getters
import { SelEntry } from './selector-cache';

/**
 * Verdict rows. For one direction, a pod class's verdict towards every peer class depends only on the
 * policies that select it for that direction (and, for ingress, on its own named ports, which ingress
 * named ports resolve against). That set is the class's *signature*; classes with equal signatures share
 * one Row, computed once.
 *
 * A row maps every class id (pod classes and external atoms) to the port-set id that direction allows.
 * Storage: class ids are cut into blocks of 128; a block is either uniform (one port id in `tab`) or a
 * dense Int32Array chunk (`tab` holds ~chunkIndex). Class ids of a namespace are mostly contiguous, so
 * rows are a handful of chunks plus uniform blocks — small enough for 150k pods — and get() is O(1).
 *
 * Invariant: for every live row and every live class id P, row.get(P) === evalAt(row.plan, P). Values at
 * free ids are unspecified (whoever reuses an id recomputes its column).
 */

export const BLOCK_SHIFT = 7;
export const BLOCK = 1 << BLOCK_SHIFT;
const MASK = BLOCK - 1;
const WORDS_PER_BLOCK = BLOCK >>> 5;

export const ALLOW = 0;
export const DENY = 1;
export const PASS = 2;

export interface NamedSpec {
  name: string;
  /** NetworkPolicy named ports must also match the protocol; admin `namedPort` matches the name alone. */
  protocol?: Protocol;
}

/** One rule of one policy, compiled against the selector cache and the port table. */
export interface CompiledRule {
  action: number;
  /** null: every peer (NP rule without peers). An empty list matches nothing. */
  peers: SelEntry[] | null;
  /** Port id of the numeric entries (ALL when the rule has no ports). */
  fixed: number;
  /** Named entries, resolved on the destination pod; null when there are none. */
  named: NamedSpec[] | null;
  /** Named-port map id → resolved port id. */
  memo: Map<number, number>;
  /**
   * Structural id: equal for rules that behave alike (same action, peer entries, ports). Signatures are
   * spelled in these, so re-saving a policy, or editing it in a way that changes no rule (a priority that
   * keeps the order), maps every class back onto the rows it already has.
   */
  sid: number;
}

/** Interns a rule's structure (per engine: `fixed` is an engine-local port id). */
export function ruleSid(ruleIds: Map<string, number>, r: Omit<CompiledRule, 'sid'>): number {
  const named = r.named ? r.named.map((n) => `${n.name}/${n.protocol ?? ''}`).join(',') : '';
  const key = `${r.action}|${r.peers === null ? '*' : r.peers.map((e) => e.key).join('\u0001')}|${r.fixed}|${named}`;
  let id = ruleIds.get(key);
  if (id === undefined) {
    id = ruleIds.size + 1;
    ruleIds.set(key, id);
  }
  return id;
}

export type Dir = 'ingress' | 'egress';

export interface Plan {
  dir: Dir;
  /** ANP rules of the selecting ANPs, in evaluation order (priority, name, rule order). */
  anp: CompiledRule[];
  /** NP rules of the isolating NPs; null when no NP isolates the subject for this direction. */
  np: CompiledRule[] | null;
  /** BANP rules when the BANP selects the subject and no NP isolates it; else null. */
  banp: CompiledRule[] | null;
  /** Ingress: the subject's named-port map (ingress named ports resolve on the subject). */
  subjectPorts: number;
  /** Egress with named ports: values depend on the peer class's named ports, not only on memberships. */
  peerPortsDependent: boolean;
  /** The distinct selector entries the rules use. A peer's membership vector has bit i for entries[i]. */
  entries: SelEntry[];
  /** Egress named ports: a rule matching every peer has them (every value depends on the peer's ports). */
  alwaysDependent: boolean;
  /** Egress named ports: per rule with named ports, the mask of its entries (matched ⇒ ports matter). */
  namedMasks: number[];
  /** Value per membership vector, when the peer's named ports do not matter. */
  memo: Map<number, number>;
  /** Value per (vector, peer named ports) where they do: vec * 2^22 + portsKey. */
  memoPorts: Map<number, number>;
  /** The value for a peer no entry matches (and whose named ports do not matter); -1 until computed. */
  noMatch: number;
}

/** Whether, under membership vector `vec`, the plan's value depends on the peer's named ports. */
export function dependsOnPorts(plan: Plan, vec: number): boolean {
  if (plan.alwaysDependent) return true;
  const m = plan.namedMasks;
  for (let i = 0; i < m.length; i++) if ((vec & m[i]) !== 0) return true;
  return false;
}

/** Vectors are plain numbers: plans with more entries than this are evaluated without them. */
const MAX_VECTOR_ENTRIES = 30;

export function makePlan(dir: Dir, anp: CompiledRule[], np: CompiledRule[] | null, banp: CompiledRule[] | null, subjectPorts: number): Plan {
  const entries = new Set<SelEntry>();
  let named = false;
  for (const list of [anp, np ?? [], banp ?? []]) {
    for (const r of list) {
      if (r.named) named = true;
      for (const e of r.peers ?? []) entries.add(e);
    }
  }
  const list = [...entries];
  const peerPortsDependent = dir === 'egress' && named;
  let alwaysDependent = false;
  const namedMasks: number[] = [];
  if (peerPortsDependent) {
    const index = new Map(list.map((e, i) => [e, i]));
    for (const r of [...anp, ...(np ?? []), ...(banp ?? [])]) {
      if (!r.named) continue;
      if (r.peers === null) alwaysDependent = true;
      else namedMasks.push(r.peers.reduce((m, e) => (index.get(e)! < MAX_VECTOR_ENTRIES ? m | (1 << index.get(e)!) : m), 0));
    }
  }
  return { dir, anp, np, banp, subjectPorts, peerPortsDependent, entries: list, alwaysDependent, namedMasks, memo: new Map(), memoPorts: new Map(), noMatch: -1 };
}

export class Row {
  refs = 0;
  /** The pod classes using this row (refs counts them). */
  readonly users = new Set<PodClass>();
  tab: Int32Array;
  chunks: Int32Array[] = [];

  /**
   * Set when the row was derived from another during the current event: the source, and the blocks that
   * were recomputed (every other block is a copy). journalDelta diffs only those blocks.
   */
  derived: { from: Row; blocks: Uint8Array | null } | undefined;

  constructor(readonly id: number, public key: string, public plan: Plan, blocks: number) {
    this.tab = new Int32Array(blocks);
  }

  get(p: number): number {
    const t = this.tab[p >>> BLOCK_SHIFT];
    return t >= 0 ? t : this.chunks[~t][p & MASK];
  }

  set(p: number, v: number): void {
    const b = p >>> BLOCK_SHIFT;
    let t = this.tab[b];
    if (t >= 0) {
      if (t === v) return;
      const chunk = new Int32Array(BLOCK).fill(t);
      this.chunks.push(chunk);
      t = ~(this.chunks.length - 1);
      this.tab[b] = t;
    }
    this.chunks[~t][p & MASK] = v;
  }
}

/** Evaluates plans; owns the scratch used by full-row computation. */
export class RowEvaluator {
  private readonly blockVals = new Int32Array(BLOCK);
  private readonly smallMemo = new Int32Array(1 << 12).fill(-1);
  private readonly smallTouched: number[] = [];

  constructor(private readonly ports: PortIds, private readonly named: NamedPorts, private readonly classes: ClassRegistry) {}

  private portsOf(r: CompiledRule, portsKey: number): number {
    if (r.named === null) return r.fixed;
    let v = r.memo.get(portsKey);
    if (v === undefined) {
      let set = this.ports.get(r.fixed);
      for (const spec of r.named) {
        for (const cp of this.named.lists[portsKey]) {
          if (cp.name === spec.name && (spec.protocol === undefined || cp.protocol === spec.protocol)) set = set.union(PortSet.of(cp.protocol, cp.port));
        }
      }
      v = this.ports.id(set);
      r.memo.set(portsKey, v);
    }
    return v;
  }

  /**
   * The layered verdict (SEMANTICS.md steps 2–4) for the peer whose memberships are in the entries' `tmp`
   * flags. `peerPorts` is the peer's named-port map (0 for atoms: an address has no named ports).
   */
  evalPlan(plan: Plan, peerPorts: number): number {
    const P = this.ports;
    const pk = plan.dir === 'ingress' ? plan.subjectPorts : peerPorts;
    let decided = NONE;
    let allowed = NONE;
    let passed = NONE;
    for (const r of plan.anp) {
      if (!ruleMatches(r)) continue;
      const eff = P.sub(this.portsOf(r, pk), decided);
      if (eff === NONE) continue;
      decided = P.union(decided, eff);
      if (r.action === ALLOW) allowed = P.union(allowed, eff);
      else if (r.action === PASS) passed = P.union(passed, eff);
    }
    const toNp = P.union(P.sub(ALL, decided), passed);
    if (plan.np !== null) {
      let npAllowed = NONE;
      for (const r of plan.np) if (ruleMatches(r)) npAllowed = P.union(npAllowed, this.portsOf(r, pk));
      return P.union(allowed, P.inter(toNp, npAllowed));
    }
    let remaining = toNp;
    if (plan.banp !== null) {
      for (const r of plan.banp) {
        if (!ruleMatches(r)) continue;
        const eff = P.inter(this.portsOf(r, pk), remaining);
        if (eff === NONE) continue;
        remaining = P.sub(remaining, eff);
        if (r.action === ALLOW) allowed = P.union(allowed, eff);
      }
    }
    return P.union(allowed, remaining);
  }

  /** The plan's verdict towards one class (memoised per membership vector). */
  evalAt(plan: Plan, id: number): number {
    const E = plan.entries;
    const k = E.length;
    const w = id >>> 5;
    const sh = id & 31;
    if (k > MAX_VECTOR_ENTRIES) {
      for (const e of E) e.tmp = ((e.bits[w] >>> sh) & 1) === 1;
      return this.evalPlan(plan, this.portsKeyOf(id));
    }
    let vec = 0;
    for (let i = 0; i < k; i++) vec |= ((E[i].bits[w] >>> sh) & 1) << i;
    return this.valueOfVector(plan, vec, plan.peerPortsDependent && dependsOnPorts(plan, vec) ? this.portsKeyOf(id) : 0);
  }

  /** The value for a membership vector (pk: the peer's named ports, 0 when they do not matter). */
  valueOfVector(plan: Plan, vec: number, pk: number): number {
    // Two maps so that the common key (the vector alone) stays a small integer.
    const memo = pk === 0 ? plan.memo : plan.memoPorts;
    const key = pk === 0 ? vec : vec * 4194304 + pk;
    let v = memo.get(key);
    if (v === undefined) {
      const E = plan.entries;
      for (let i = 0; i < E.length; i++) E[i].tmp = ((vec >>> i) & 1) === 1;
      v = this.evalPlan(plan, pk);
      memo.set(key, v);
    }
    return v;
  }

  /** The plan's value towards a peer that no entry matches and whose named ports do not matter. */
  noMatch(plan: Plan): number {
    if (plan.noMatch < 0) {
      for (const e of plan.entries) e.tmp = false;
      plan.noMatch = this.evalPlan(plan, 0);
    }
    return plan.noMatch;
  }

  private portsKeyOf(id: number): number {
    const c = this.classes.all[id];
    return c && c.kind === 'pod' ? c.portsKey : 0;
  }

  /**
   * Recomputes a whole row over `n` class ids. Blocks where every selector entry is all-0 or all-1 are
   * uniform and cost one evaluation; elsewhere each class's membership vector is looked up in a memo, so
   * the layered evaluation runs once per distinct vector, not once per class. A vector under which some
   * matched rule has named ports (egress only) also depends on the peer's named ports: then the memo key
   * includes them, and such blocks are evaluated class by class.
   */
  computeRow(row: Row, n: number, only?: Uint8Array): void {
    const nb = (n + BLOCK - 1) >>> BLOCK_SHIFT;
    if (!only) row.chunks = [];
    if (row.tab.length < nb) {
      const t = new Int32Array(nb);
      t.set(row.tab.subarray(0, Math.min(row.tab.length, nb)));
      row.tab = t;
    }
    const vals = this.blockVals;
    try {
      for (let b = 0; b < nb; b++) {
        if (only && only[b] === 0) continue;
        const u = this.blockValues(row.plan, b, vals);
        if (u >= 0) row.tab[b] = u; // a chunk the block had (derived rows) is left unused
        else this.storeBlock(row, b, vals);
      }
    } finally {
      this.resetSmallMemo();
    }
  }

  /**
   * Recomputes some blocks of a live row in place, writing only the cells that change (journaled when a
   * journal is given).
   */
  recomputeInPlace(row: Row, n: number, only: Uint8Array, journal: RowJournal | undefined): void {
    const nb = Math.min((n + BLOCK - 1) >>> BLOCK_SHIFT, only.length);
    const vals = this.blockVals;
    try {
      for (let b = 0; b < nb; b++) {
        if (only[b] === 0) continue;
        const u = this.blockValues(row.plan, b, vals);
        if (u >= 0) vals.fill(u);
        const base = b << BLOCK_SHIFT;
        for (let j = 0; j < BLOCK; j++) {
          const id = base + j;
          if (row.get(id) === vals[j]) continue;
          journal?.record(row, id);
          row.set(id, vals[j]);
        }
      }
    } finally {
      this.resetSmallMemo();
    }
  }

  private resetSmallMemo(): void {
    for (const v of this.smallTouched) this.smallMemo[v] = -1;
    this.smallTouched.length = 0;
  }

  /**
   * The values of one block: returns the value when uniform (vals untouched), else -1 with vals filled.
   * Blocks where every selector entry is all-0 or all-1 are uniform and cost one evaluation; elsewhere
   * each class's membership vector is looked up in a memo, so the layered evaluation runs once per
   * distinct vector, not once per class. A vector under which some matched rule has named ports (egress
   * only) also depends on the peer's named ports: then the memo key includes them. The small-vector
   * scratch memo must be reset (resetSmallMemo) when the caller is done with the plan.
   */
  private blockValues(plan: Plan, b: number, vals: Int32Array): number {
    const E = plan.entries;
    const k = E.length;
    if (k > MAX_VECTOR_ENTRIES) {
      // Pathological entry count (vectors no longer fit a number): evaluate every class directly.
      for (let j = 0; j < BLOCK; j++) vals[j] = this.evalAt(plan, (b << BLOCK_SHIFT) + j);
      return -1;
    }
    const dependent = plan.peerPortsDependent;
    const useSmall = k <= 12;
    const w0 = b * WORDS_PER_BLOCK;
    let vec = 0;
    let mixed = false;
    for (let i = 0; i < k && !mixed; i++) {
      const bits = E[i].bits;
      let or = 0;
      let and = -1;
      for (let w = w0; w < w0 + WORDS_PER_BLOCK; w++) {
        or |= bits[w];
        and &= bits[w];
      }
      if (or === 0) continue;
      if (and === -1) vec |= 1 << i;
      else mixed = true;
    }
    if (!mixed && !(dependent && dependsOnPorts(plan, vec))) return useSmall ? this.smallValue(plan, vec) : this.valueOfVector(plan, vec, 0);
    const base = b << BLOCK_SHIFT;
    for (let j = 0; j < BLOCK; j++) {
      const id = base + j;
      const w = id >>> 5;
      const sh = id & 31;
      let v = 0;
      for (let i = 0; i < k; i++) v |= ((E[i].bits[w] >>> sh) & 1) << i;
      const pk = dependent && dependsOnPorts(plan, v) ? this.portsKeyOf(id) : 0;
      vals[j] = useSmall && pk === 0 ? this.smallValue(plan, v) : this.valueOfVector(plan, v, pk);
    }
    return -1;
  }

  /** Flat scratch memo for vectors of up to 12 entries (the hot path of full-row computation). */
  private smallValue(plan: Plan, vec: number): number {
    let v = this.smallMemo[vec];
    if (v < 0) {
      v = this.valueOfVector(plan, vec, 0);
      this.smallMemo[vec] = v;
      this.smallTouched.push(vec);
    }
    return v;
  }

  /**
   * How two plans of one direction relate: when they differ only in rules that match specific peers (no
   * rule matching everyone changed) and keep the relative order of the rules they share, a peer that none
   * of the changed rules matches sees the same matched rules in the same order under both plans — its
   * value is the same. Returns the blocks where a changed rule's entries have members (the only blocks
   * whose values can differ), or undefined when the plans are not related that way.
   */
  changedBlocks(p1: Plan, p2: Plan, n: number): Uint8Array | undefined {
    if (p1.dir !== p2.dir || (p1.np === null) !== (p2.np === null) || (p1.banp === null) !== (p2.banp === null) || p1.subjectPorts !== p2.subjectPorts) return undefined;
    const changed = new Set<SelEntry>();
    if (!diffLayer(p1.anp, p2.anp, changed) || !diffLayer(p1.np ?? [], p2.np ?? [], changed) || !diffLayer(p1.banp ?? [], p2.banp ?? [], changed)) return undefined;
    const nb = (n + BLOCK - 1) >>> BLOCK_SHIFT;
    const only = new Uint8Array(nb);
    for (const e of changed) {
      const bits = e.bits;
      for (let b = 0; b < nb; b++) {
        if (only[b] === 1) continue;
        for (let w = b * WORDS_PER_BLOCK; w < (b + 1) * WORDS_PER_BLOCK; w++) {
          if (bits[w] !== 0) {
            only[b] = 1;
            break;
          }
        }
      }
    }
    return only;
  }

  /** Builds `row` as a copy of `from` with the changed blocks recomputed (see changedBlocks). */
  deriveRow(row: Row, from: Row, n: number): boolean {
    const only = this.changedBlocks(from.plan, row.plan, n);
    if (!only) return false;
    const nb = (n + BLOCK - 1) >>> BLOCK_SHIFT;
    const tab = new Int32Array(Math.max(row.tab.length, from.tab.length, nb));
    tab.set(from.tab);
    row.tab = tab;
    row.chunks = from.chunks.map((c) => Int32Array.from(c));
    if (only.includes(1)) this.computeRow(row, n, only);
    row.derived = { from, blocks: only };
    return true;
  }

  private storeBlock(row: Row, b: number, vals: Int32Array): void {
    const v0 = vals[0];
    let uniform = true;
    for (let j = 1; j < BLOCK; j++) {
      if (vals[j] !== v0) {
        uniform = false;
        break;
      }
    }
    const t = row.tab[b];
    if (uniform) {
      row.tab[b] = v0; // a chunk this block had (derived rows) is left unused
      return;
    }
    if (t < 0 && row.chunks[~t] !== undefined) {
      row.chunks[~t].set(vals);
      return;
    }
    row.chunks.push(Int32Array.from(vals));
    row.tab[b] = ~(row.chunks.length - 1);
  }
}

/**
 * Whether two rule sequences of one layer differ only in rules with specific peers, keeping the order of
 * the rules they share; collects the changed rules' entries.
 */
function diffLayer(a: readonly CompiledRule[], b: readonly CompiledRule[], changed: Set<SelEntry>): boolean {
  const sa = new Set(a.map((r) => r.sid));
  const sb = new Set(b.map((r) => r.sid));
  const ca = a.filter((r) => sb.has(r.sid));
  const cb = b.filter((r) => sa.has(r.sid));
  if (ca.length !== cb.length) return false;
  for (let i = 0; i < ca.length; i++) if (ca[i].sid !== cb[i].sid) return false;
  for (const [list, other] of [[a, sb], [b, sa]] as const) {
    for (const r of list) {
      if (other.has(r.sid)) continue;
      if (r.peers === null) return false;
      for (const e of r.peers) changed.add(e);
    }
  }
  return true;
}

function ruleMatches(r: CompiledRule): boolean {
  const ps = r.peers;
  if (ps === null) return true;
  for (let i = 0; i < ps.length; i++) if (ps[i].tmp) return true;
  return false;
}

/**
 * What an event changed in the rows, recorded while it is applied so the delta can be computed from old
 * and new values of exactly the cells that changed (incremental.ts). Only rows that existed before the
 * event are journaled; rows born during it have no "before".
 */
export class RowJournal {
  /** Old values of cells written in place, per pre-existing row (first write wins). */
  readonly cells = new Map<Row, Map<number, number>>();
  readonly born = new Set<Row>();

  record(r: Row, id: number): void {
    if (this.born.has(r)) return;
    let m = this.cells.get(r);
    if (!m) {
      m = new Map();
      this.cells.set(r, m);
    }
    if (!m.has(id)) m.set(id, r.get(id));
  }

  /** The value a pre-existing row had at `id` before the event. */
  old(r: Row, id: number): number {
    const v = this.cells.get(r)?.get(id);
    return v === undefined ? r.get(id) : v;
  }
}

/**
 * The rows of one engine, shared by signature key. Rows are refcounted by the classes using them and
 * dropped at zero (their signature can no longer occur without a class, and a new class recomputes).
 */
export class RowStore {
  readonly byKey = new Map<string, Row>();
  /** Selector entry → the live rows whose plans use it. */
  private readonly byEntry = new Map<SelEntry, Set<Row>>();
  /** Scratch for updateColumns: row id → whether an entry of its plan matches the class. */
  private matched = new Uint8Array(1024);
  /** Set while an event is applied on the journaled path. */
  journal: RowJournal | undefined;
  readonly all: (Row | undefined)[] = [];
  private readonly free: number[] = [];
  private blocks = 1;

  constructor(private readonly evaluator: RowEvaluator, private readonly classes: ClassRegistry) {}

  /** Blocks of the id space in use (below classes.size). */
  private usedBlocks = 0;

  /**
   * Makes every row able to hold ids below `n`. A block entering use starts, in every row, as the row's
   * no-match value: a new class there usually matches no entry of the row and then costs no chunk.
   */
  ensureCapacity(n: number): void {
    const nb = (n + BLOCK - 1) >>> BLOCK_SHIFT;
    this.grow(nb);
    if (nb <= this.usedBlocks) return;
    for (const r of this.all) {
      if (!r) continue;
      const v = this.evaluator.noMatch(r.plan);
      for (let b = this.usedBlocks; b < nb; b++) r.tab[b] = v;
    }
    this.usedBlocks = nb;
  }

  private grow(nb: number): void {
    if (nb <= this.blocks) return;
    let cap = this.blocks;
    while (cap < nb) cap *= 2;
    this.blocks = cap;
    for (const r of this.all) {
      if (!r) continue;
      const t = new Int32Array(cap);
      t.set(r.tab);
      r.tab = t;
    }
  }

  /** The row of a signature; a new one is derived from `from` (the class's previous row) when possible. */
  acquire<S>(key: string, makePlan: (spec: S) => Plan, spec: S, from?: Row | null): Row {
    let r = this.byKey.get(key);
    if (!r) {
      const id = this.free.pop() ?? this.all.length;
      r = new Row(id, key, makePlan(spec), this.blocks);
      if (!from || !this.evaluator.deriveRow(r, from, this.classes.size)) this.evaluator.computeRow(r, this.classes.size);
      if (!this.journal) r.derived = undefined; // only journaled events read it
      this.journal?.born.add(r);
      this.all[id] = r;
      this.byKey.set(key, r);
      this.index(r);
    }
    r.refs++;
    return r;
  }

  /**
   * Gives a live row a new signature in place — when every class using it moves to that signature, no
   * row has it yet, and the plans are related as changedBlocks requires. Only the blocks the changed
   * rules reach are recomputed, and only changed cells are written (journaled). Returns false when not
   * applicable (the caller then moves the classes one by one).
   */
  rebase(r: Row, key: string, plan: Plan): boolean {
    if (this.byKey.has(key)) return false;
    const n = this.classes.size;
    const only = this.evaluator.changedBlocks(r.plan, plan, n);
    if (!only) return false;
    this.byKey.delete(r.key);
    this.unindex(r);
    r.key = key;
    r.plan = plan;
    this.byKey.set(key, r);
    this.index(r);
    if (only.includes(1)) this.evaluator.recomputeInPlace(r, n, only, this.journal);
    return true;
  }

  private index(r: Row): void {
    for (const e of r.plan.entries) {
      let set = this.byEntry.get(e);
      if (!set) {
        set = new Set();
        this.byEntry.set(e, set);
      }
      set.add(r);
    }
  }

  private unindex(r: Row): void {
    for (const e of r.plan.entries) {
      const set = this.byEntry.get(e);
      if (!set) continue;
      set.delete(r);
      if (set.size === 0) this.byEntry.delete(e);
    }
  }

  release(r: Row): void {
    if (--r.refs > 0) return;
    this.byKey.delete(r.key);
    this.all[r.id] = undefined;
    this.free.push(r.id);
    this.unindex(r);
  }

  /**
   * Re-evaluates some columns in every live row (new classes, changed attributes). A row none of whose
   * entries matches the class (the vast majority) takes its plan's no-match value without evaluation;
   * only the rows of the entries that match the class are evaluated.
   */
  updateColumns(ids: Iterable<number>, entriesOf: (id: number) => Iterable<SelEntry>): void {
    const ev = this.evaluator;
    const all = this.all;
    if (this.matched.length < all.length) this.matched = new Uint8Array(Math.max(all.length, this.matched.length * 2));
    const matched = this.matched;
    const hit: number[] = [];
    for (const id of ids) {
      for (const e of entriesOf(id)) {
        const rows = this.byEntry.get(e);
        if (!rows) continue;
        for (const r of rows) {
          if (matched[r.id] === 0) {
            matched[r.id] = 1;
            hit.push(r.id);
          }
        }
      }
      const b = id >>> BLOCK_SHIFT;
      const j = id & MASK;
      for (let i = 0; i < all.length; i++) {
        const r = all[i];
        if (r === undefined) continue;
        const plan = r.plan;
        const v = matched[i] === 1 || plan.alwaysDependent ? ev.evalAt(plan, id) : plan.noMatch >= 0 ? plan.noMatch : ev.noMatch(plan);
        const t = r.tab[b];
        if (t === v || (t < 0 && r.chunks[~t][j] === v)) continue;
        this.journal?.record(r, id);
        r.set(id, v);
      }
      for (const i of hit) matched[i] = 0;
      hit.length = 0;
    }
  }

  get size(): number {
    return this.byKey.size;
  }
}
