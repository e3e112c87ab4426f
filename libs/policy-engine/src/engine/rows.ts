import { Protocol } from '../model';
import { PortSet } from '../ports';
import { ClassRegistry, NamedPorts, PodClass } from './classes';
import * as I from './port-ids';
import { PortIds } from './port-ids';
import * as SC from './selector-cache';
import { SelEntry } from './selector-cache';
import { layerChanges, memberIds } from './layer-diff';

// Module locals: CommonJS imports are read through getters.
const { ALL, NONE } = I;
const { wordOf } = SC;

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
 * Invariant: for every live row and every class id P below the used blocks, row.get(P) === evalAt(row.plan, P),
 * where a free id counts as a peer that matches no entry and has no named ports — i.e. a free id holds the
 * plan's no-match value. So a class taking a free id needs evaluating only in the rows it can reach
 * (RowStore.columnAdded), and a class leaving resets only those (columnFreed).
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
  /** Value per membership vector, when the peer's named ports do not matter (created on first use: plans are made in bulk, most never evaluate). */
  memo: Map<number, number> | null;
  /** Value per (vector, peer named ports) where they do: vec * 2^22 + portsKey. */
  memoPorts: Map<number, number> | null;
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
  // Distinct entries in first-use order, deduplicated by generation stamp (plans are made in bulk).
  const list: SelEntry[] = [];
  const gen = ++markGen;
  let named = false;
  for (let layer = 0; layer < 3; layer++) {
    const rules = layer === 0 ? anp : layer === 1 ? np : banp;
    if (rules === null) continue;
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i];
      if (r.named !== null) named = true;
      const peers = r.peers;
      if (peers === null) continue;
      for (let k = 0; k < peers.length; k++) {
        const e = peers[k];
        if (e.mark === gen) continue;
        e.mark = gen;
        e.slot = list.length;
        list.push(e);
      }
    }
  }
  const peerPortsDependent = dir === 'egress' && named;
  let alwaysDependent = false;
  let namedMasks: number[] = NO_MASKS;
  if (peerPortsDependent) {
    namedMasks = [];
    for (let layer = 0; layer < 3; layer++) {
      const rules = layer === 0 ? anp : layer === 1 ? np : banp;
      if (rules === null) continue;
      for (const r of rules) {
        if (r.named === null) continue;
        if (r.peers === null) {
          alwaysDependent = true;
          continue;
        }
        let m = 0;
        for (const e of r.peers) if (e.slot < MAX_VECTOR_ENTRIES) m |= 1 << e.slot; // slots set above
        namedMasks.push(m);
      }
    }
  }
  return { dir, anp, np, banp, subjectPorts, peerPortsDependent, entries: list, alwaysDependent, namedMasks, memo: null, memoPorts: null, noMatch: -1 };
}

const NO_MASKS: number[] = [];

/** Generation counter for SelEntry.mark (set operations over entries without allocating). */
let markGen = 0;

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
  /** blocksWithMembers' scratch. */
  private live = new Uint8Array(64);

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
      for (const e of E) e.tmp = ((wordOf(e, w) >>> sh) & 1) === 1;
      return this.evalPlan(plan, this.portsKeyOf(id));
    }
    let vec = 0;
    for (let i = 0; i < k; i++) vec |= ((wordOf(E[i], w) >>> sh) & 1) << i;
    return this.valueOfVector(plan, vec, plan.peerPortsDependent && dependsOnPorts(plan, vec) ? this.portsKeyOf(id) : 0);
  }

  /** The value for a membership vector (pk: the peer's named ports, 0 when they do not matter). */
  valueOfVector(plan: Plan, vec: number, pk: number): number {
    // Two maps so that the common key (the vector alone) stays a small integer.
    let memo = pk === 0 ? plan.memo : plan.memoPorts;
    if (memo === null) {
      memo = new Map();
      if (pk === 0) plan.memo = memo;
      else plan.memoPorts = memo;
    }
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
    const live = this.blocksWithMembers(row.plan, nb);
    try {
      const zero = live === null ? -1 : row.plan.entries.length <= 12 ? this.smallValue(row.plan, 0) : this.valueOfVector(row.plan, 0, 0);
      for (let b = 0; b < nb; b++) {
        if (only && only[b] === 0) continue;
        if (live !== null && live[b] === 0) {
          row.tab[b] = zero;
          continue;
        }
        const u = this.blockValues(row.plan, b, vals);
        if (u >= 0) row.tab[b] = u; // a chunk the block had (derived rows) is left unused
        else this.storeBlock(row, b, vals);
      }
    } finally {
      this.resetSmallMemo();
    }
  }

  /**
   * The blocks where some entry of the plan has a member (one scan of each entry's words): every other
   * block sees the all-zero membership vector, one value for the whole block. null when that shortcut does
   * not hold — the peer's named ports matter even without a match, or vectors do not fit a number.
   */
  private blocksWithMembers(plan: Plan, nb: number): Uint8Array | null {
    if (plan.alwaysDependent || plan.entries.length > MAX_VECTOR_ENTRIES) return null;
    if (this.live.length < nb) this.live = new Uint8Array(Math.max(nb, this.live.length * 2));
    const live = this.live;
    live.fill(0, 0, nb);
    for (const e of plan.entries) markBlocks(e, live, nb);
    return live;
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
      const x0 = w0 - E[i].lo;
      if (x0 + WORDS_PER_BLOCK <= 0 || x0 >= bits.length) continue; // the block is outside the entry's window
      let or = 0;
      let and = -1;
      for (let x = x0; x < x0 + WORDS_PER_BLOCK; x++) {
        const word = x >= 0 && x < bits.length ? bits[x] : 0;
        or |= word;
        and &= word;
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
      for (let i = 0; i < k; i++) v |= ((wordOf(E[i], w) >>> sh) & 1) << i;
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
    for (const [x, y] of [[p1.anp, p2.anp], [p1.np ?? [], p2.np ?? []], [p1.banp ?? [], p2.banp ?? []]] as const) {
      const c = layerChanges(x, y);
      if (c === null) return undefined;
      for (const e of c) changed.add(e);
    }
    const nb = (n + BLOCK - 1) >>> BLOCK_SHIFT;
    const only = new Uint8Array(nb);
    for (const e of changed) markBlocks(e, only, nb);
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

/** Sets marks[b] = 1 for every block b < nb where the entry has a member (a scan of its window only). */
function markBlocks(e: SelEntry, marks: Uint8Array, nb: number): void {
  const bits = e.bits;
  const end = Math.min(bits.length, nb * WORDS_PER_BLOCK - e.lo);
  for (let x = 0; x < end; x++) if (bits[x] !== 0) marks[(e.lo + x) >>> (BLOCK_SHIFT - 5)] = 1;
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
  /** Rows whose value at a pod class depends on its named ports even when no entry matches (alwaysDependent). */
  private readonly portRows = new Set<Row>();
  /** Scratch for rewriteColumn: row id → already taken, and the rows taken. */
  private matched = new Uint8Array(1024);
  private readonly hit: Row[] = [];
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

  /**
   * Gives every row whose plan has `from` as its ANP layer the layer `to`, in place (signatures name the
   * layer by part id, so keys stay; anp-parts.ts). Only members of the entries layerChanges names can see
   * a different value, so only those cells are re-evaluated: one by one where they are few in a block,
   * the whole block where they are many. When the layers are not related that way, whole rows are.
   * Cells are written only where they change (journaled).
   */
  replaceAnpLayers(transitions: readonly { from: CompiledRule[]; to: CompiledRule[] }[]): void {
    if (transitions.length === 0) return;
    const n = this.classes.size;
    const nb = (n + BLOCK - 1) >>> BLOCK_SHIFT;
    const byFrom = new Map<CompiledRule[], { to: CompiledRule[]; related: boolean; ids: number[]; blocks: Uint8Array | null }>();
    for (const t of transitions) {
      const changed = layerChanges(t.from, t.to);
      if (changed === null) {
        byFrom.set(t.from, { to: t.to, related: false, ids: [], blocks: new Uint8Array(nb).fill(1) });
        continue;
      }
      // Blocks with many changed members are cheaper recomputed whole (uniform blocks cost one evaluation).
      const members = memberIds(changed, n);
      const perBlock = new Uint16Array(nb);
      for (const id of members) perBlock[id >>> BLOCK_SHIFT]++;
      const blocks = new Uint8Array(nb);
      let any = false;
      for (let b = 0; b < nb; b++) {
        if (perBlock[b] < 16) continue;
        blocks[b] = 1;
        any = true;
      }
      byFrom.set(t.from, { to: t.to, related: true, ids: members.filter((id) => blocks[id >>> BLOCK_SHIFT] === 0), blocks: any ? blocks : null });
    }
    const ev = this.evaluator;
    for (const r of this.all) {
      if (r === undefined) continue;
      const t = byFrom.get(r.plan.anp);
      if (t === undefined) continue;
      const p = r.plan;
      const plan = makePlan(p.dir, t.to, p.np, p.banp, p.subjectPorts);
      if (t.related) plan.noMatch = p.noMatch; // a peer matching no entry matches no changed rule either
      this.replacePlan(r, plan);
      if (t.blocks !== null) ev.recomputeInPlace(r, n, t.blocks, this.journal);
      const ids = t.ids;
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i];
        const v = ev.evalAt(r.plan, id);
        if (r.get(id) === v) continue;
        this.journal?.record(r, id);
        r.set(id, v);
      }
    }
  }

  /** Swaps a row's plan, re-indexing only the entries that differ (most plans keep most entries). */
  private replacePlan(r: Row, plan: Plan): void {
    const old = r.plan;
    r.plan = plan;
    if (old.alwaysDependent !== plan.alwaysDependent) {
      if (plan.alwaysDependent) this.portRows.add(r);
      else this.portRows.delete(r);
    }
    let gen = ++markGen;
    for (const e of plan.entries) e.mark = gen;
    for (const e of old.entries) {
      if (e.mark === gen) continue;
      const set = this.byEntry.get(e);
      if (!set) continue;
      set.delete(r);
      if (set.size === 0) this.byEntry.delete(e);
    }
    gen = ++markGen;
    for (const e of old.entries) e.mark = gen;
    for (const e of plan.entries) {
      if (e.mark === gen) continue;
      let set = this.byEntry.get(e);
      if (!set) this.byEntry.set(e, (set = new Set()));
      set.add(r);
    }
  }

  private index(r: Row): void {
    if (r.plan.alwaysDependent) this.portRows.add(r);
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
    this.portRows.delete(r);
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
   * A class took a free id (its selector bits are set): evaluates the rows of the entries it matches and the
   * rows whose values depend on a peer's named ports even without a match. Every other row already holds
   * its no-match value there — which is its value for this class too — because free ids hold it (see the
   * invariant above). Cost: the rows the class can reach, not every row.
   */
  columnAdded(id: number, entries: Iterable<SelEntry>): void {
    this.rewriteColumn(id, entries, false);
  }

  /**
   * A class leaves its id (call while its selector bits are still set, `entries` being the entries it
   * matches): the rows where its value could differ from the no-match value get that value back, so the
   * id is free and exact again.
   */
  columnFreed(id: number, entries: Iterable<SelEntry>): void {
    this.rewriteColumn(id, entries, true);
  }

  /**
   * A class took the id another class left during the same event, before that column was reset: one pass
   * over the rows either class can reach (equivalent to columnFreed(id, before) then columnAdded(id, now)).
   * When both have the same named ports, a row reading only entries both match (or neither) sees the same
   * membership vector for both, so its value stands: only rows of the entries they differ in are
   * re-evaluated (a pod relabelled in a way no selector looks at costs nothing here).
   */
  columnReplaced(id: number, before: readonly SelEntry[], now: readonly SelEntry[], samePorts: boolean): void {
    if (!samePorts) {
      this.rewriteColumn(id, [...before, ...now], false);
      return;
    }
    const g1 = ++markGen;
    for (const e of before) e.mark = g1;
    const g2 = ++markGen;
    const differ: SelEntry[] = [];
    for (const e of now) {
      if (e.mark === g1) e.mark = g2;
      else differ.push(e);
    }
    for (const e of before) if (e.mark !== g2) differ.push(e);
    this.rewriteColumn(id, differ, false, true);
  }

  /**
   * Some classes' memberships flipped (namespace labels): re-evaluates each such id in the rows of the
   * entries that flipped for it. No other row can see a difference: its plan reads only entries that kept
   * their bit, and the class's named ports did not change.
   */
  columnsFlipped(flips: ReadonlyMap<number, readonly SelEntry[]>): void {
    for (const [id, entries] of flips) this.rewriteColumn(id, entries, false, true);
  }

  /** Rewrites a column in the rows of `entries` (and in portRows unless `entriesOnly`). */
  private rewriteColumn(id: number, entries: Iterable<SelEntry>, freed: boolean, entriesOnly = false): void {
    const ev = this.evaluator;
    if (this.matched.length < this.all.length) this.matched = new Uint8Array(Math.max(this.all.length, this.matched.length * 2));
    const matched = this.matched;
    const hit = this.hit;
    const take = (r: Row) => {
      if (matched[r.id] === 0) {
        matched[r.id] = 1;
        hit.push(r);
      }
    };
    for (const e of entries) {
      const rows = this.byEntry.get(e);
      if (rows) for (const r of rows) take(r);
    }
    if (!entriesOnly) for (const r of this.portRows) take(r);
    const b = id >>> BLOCK_SHIFT;
    const j = id & MASK;
    for (let i = 0; i < hit.length; i++) {
      const r = hit[i];
      matched[r.id] = 0;
      const plan = r.plan;
      const v = freed ? (plan.noMatch >= 0 ? plan.noMatch : ev.noMatch(plan)) : ev.evalAt(plan, id);
      const t = r.tab[b];
      if (t === v || (t < 0 && r.chunks[~t][j] === v)) continue;
      this.journal?.record(r, id);
      r.set(id, v);
    }
    hit.length = 0;
  }

  get size(): number {
    return this.byKey.size;
  }
}
