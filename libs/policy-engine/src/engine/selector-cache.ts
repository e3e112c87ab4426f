import { CniProfile, LabelSelector, Labels } from '../model';
import { IpMatcher, ipMatcherContains } from '../ip';
import { selectorKey, selectorMatches } from '../selectors';
import { ClassRegistry, EndpointClass, LabelReaders, PodClass } from './classes';
import { setOf } from './collections';

/**
 * The selector cache: every distinct peer selector of every loaded policy, evaluated once into a bitset
 * over endpoint class ids. Rows test membership with one bit read.
 *
 * A peer selector is one of:
 * - `pods`: non-host pod classes in a namespace (fixed: an NP peer without namespaceSelector) or in the
 *   namespaces a namespaceSelector matches, and matching an optional podSelector. Covers NP selector
 *   peers and ANP `namespaces` / `pods` peers (equal semantics ⇒ equal keys ⇒ one shared entry).
 * - `nodes`: host-network pod classes whose node labels match (ANP `nodes`).
 * - `ip`: atoms inside any of some blocks (NP ipBlock: one block with excepts; ANP `networks`: one block
 *   per CIDR); under calico also pod classes with an address inside, i.e. with one of their atoms inside.
 *
 * Invariants: for every live entry and every live class id, bit(id) = the entry matches that class; bits
 * of free ids are 0. Namespace selectors are evaluated once per namespace (NsSelEntry.members) and shared
 * by every entry that uses them. Entries are refcounted by the compiled policies that use them.
 */

export type SelSpec =
  | { kind: 'pods'; ns?: string; nsSel?: LabelSelector; podSel?: LabelSelector }
  | { kind: 'nodes'; sel: LabelSelector }
  | { kind: 'ip'; blocks: IpMatcher[] };

interface NsSelEntry {
  key: string;
  sel: LabelSelector;
  members: Set<string>;
  dependents: Set<SelEntry>;
}

export interface SelEntry {
  readonly key: string;
  readonly spec: SelSpec;
  readonly nsEntry: NsSelEntry | undefined;
  /**
   * Membership bits over class ids, kept as a window: `bits[i]` is word `lo + i` of the bitset; every word
   * outside the window is 0. Most entries match a few classes with neighbouring ids (a namespace's classes
   * are allocated together), so a window of a few words replaces a bitset over every class id — at XL that
   * is tens of MB instead of ~300 MB, and far less garbage-collector work. Read through wordOf/hasBit.
   */
  bits: Uint32Array;
  lo: number;
  refs: number;
  /** Scratch for rows.ts: whether the peer currently being evaluated is a member. */
  tmp: boolean;
  /** Scratch for rows.ts: a generation stamp (set difference of two plans' entries without allocating). */
  mark: number;
  /** Scratch for rows.ts makePlan: the entry's position in the plan being made (valid with `mark`). */
  slot: number;
}

export function selSpecKey(s: SelSpec): string {
  switch (s.kind) {
    case 'pods':
      return `P|${s.ns !== undefined ? `=${s.ns}` : selectorKey(s.nsSel)}|${selectorKey(s.podSel)}`;
    case 'nodes':
      return `N|${selectorKey(s.sel)}`;
    case 'ip':
      return `I|${s.blocks.map((b) => `${b.cidr.text}-${b.except.map((e) => e.text).sort().join('-')}`).sort().join(',')}`;
  }
}

/** Word `w` of an entry's bitset (0 outside its window). */
export function wordOf(e: SelEntry, w: number): number {
  const i = w - e.lo;
  return i >= 0 && i < e.bits.length ? e.bits[i] : 0;
}

export function hasBit(e: SelEntry, id: number): boolean {
  return ((wordOf(e, id >>> 5) >>> (id & 31)) & 1) === 1;
}

const NO_BITS = new Uint32Array(0);

export class SelectorCache {
  private readonly entries = new Map<string, SelEntry>();
  private readonly nsEntries = new Map<string, NsSelEntry>();
  /** Namespace → the namespace selectors it is a member of (the inverse of NsSelEntry.members). */
  private readonly nsEntriesOf = new Map<string, Set<NsSelEntry>>();
  /** Entries with a fixed namespace, by namespace (the only ones a class of that namespace can match besides nsEntries' dependents). */
  private readonly fixedNs = new Map<string, Set<SelEntry>>();
  private readonly nodeEntries = new Set<SelEntry>();
  private readonly ipEntries = new Set<SelEntry>();
  /** Namespace labels of every namespace classes live in or the state lists. */
  private readonly nsLabels = new Map<string, Labels>();
  /** Namespaces by label (`key\u0000value`): candidates for a namespace selector's matchLabels. */
  private readonly nsByLabel = new Map<string, Set<string>>();
  /** The pod selectors of the live entries, by the label keys they read (classes.ts interchangeable). */
  readonly podLabelReaders = new LabelReaders();

  constructor(private readonly classes: ClassRegistry, private readonly cni: CniProfile) {}

  get size(): number {
    return this.entries.size;
  }

  labelsOf(ns: string): Labels {
    return this.nsLabels.get(ns) ?? { 'kubernetes.io/metadata.name': ns };
  }

  acquire(spec: SelSpec): SelEntry {
    const key = selSpecKey(spec);
    let e = this.entries.get(key);
    if (e) {
      e.refs++;
      return e;
    }
    let nsEntry: NsSelEntry | undefined;
    if (spec.kind === 'pods' && spec.ns === undefined) {
      const sel = spec.nsSel ?? {};
      const nk = selectorKey(sel);
      nsEntry = this.nsEntries.get(nk);
      if (!nsEntry) {
        nsEntry = { key: nk, sel, members: new Set(), dependents: new Set() };
        for (const ns of this.namespaceCandidates(sel)) if (selectorMatches(sel, this.nsLabels.get(ns)!)) this.join(nsEntry, ns);
        this.nsEntries.set(nk, nsEntry);
      }
    }
    e = { key, spec, nsEntry, bits: NO_BITS, lo: 0, refs: 1, tmp: false, mark: 0, slot: 0 };
    this.entries.set(key, e);
    if (spec.kind === 'pods') this.podLabelReaders.add(spec.podSel, spec.ns);
    if (nsEntry) nsEntry.dependents.add(e);
    else if (spec.kind === 'pods') setOf(this.fixedNs, spec.ns!).add(e);
    else if (spec.kind === 'nodes') this.nodeEntries.add(e);
    else this.ipEntries.add(e);
    this.evaluateAll(e);
    return e;
  }

  release(e: SelEntry): void {
    if (--e.refs > 0) return;
    this.entries.delete(e.key);
    if (e.spec.kind === 'pods') this.podLabelReaders.remove(e.spec.podSel, e.spec.ns);
    if (e.nsEntry) {
      e.nsEntry.dependents.delete(e);
      if (e.nsEntry.dependents.size === 0) {
        this.nsEntries.delete(e.nsEntry.key);
        for (const ns of e.nsEntry.members) this.nsEntriesOf.get(ns)?.delete(e.nsEntry);
      }
    } else if (e.spec.kind === 'pods') {
      const s = this.fixedNs.get(e.spec.ns!);
      s?.delete(e);
      if (s?.size === 0) this.fixedNs.delete(e.spec.ns!);
    } else if (e.spec.kind === 'nodes') this.nodeEntries.delete(e);
    else this.ipEntries.delete(e);
  }

  /** Whether the entry matches a class (from the class's attributes; for calico pod classes, from the atoms' bits). */
  matches(e: SelEntry, c: EndpointClass): boolean {
    const s = e.spec;
    if (c.kind === 'atom') return s.kind === 'ip' && s.blocks.some((b) => ipMatcherContains(b, c.family, c.representative));
    switch (s.kind) {
      case 'pods':
        if (c.host) return false;
        if (s.ns !== undefined ? c.namespace !== s.ns : !e.nsEntry!.members.has(c.namespace)) return false;
        return !s.podSel || selectorMatches(s.podSel, c.labels);
      case 'nodes':
        return c.host && c.nodeLabels !== undefined && selectorMatches(s.sel, c.nodeLabels);
      case 'ip':
        if (this.cni !== 'calico') return false;
        for (const a of c.atoms) if (hasBit(e, a)) return true;
        return false;
    }
  }

  private setBit(e: SelEntry, id: number, on: boolean): void {
    const w = id >>> 5;
    if (on) {
      cover(e, w, w + 1);
      e.bits[w - e.lo] |= 1 << (id & 31);
    } else if (w >= e.lo && w < e.lo + e.bits.length) e.bits[w - e.lo] &= ~(1 << (id & 31));
  }

  /** Evaluates a new entry over the candidate classes only; its window is sized once, to the members found. */
  private evaluateAll(e: SelEntry): void {
    const found: number[] = [];
    this.findMembers(e, found);
    if (found.length === 0) return;
    let min = found[0];
    let max = min;
    for (const id of found) {
      if (id < min) min = id;
      if (id > max) max = id;
    }
    cover(e, min >>> 5, (max >>> 5) + 1);
    for (const id of found) this.setBit(e, id, true);
  }

  private findMembers(e: SelEntry, found: number[]): void {
    const s = e.spec;
    const check = (c: EndpointClass) => {
      if (this.matches(e, c)) found.push(c.id);
    };
    if (s.kind === 'pods') {
      // Candidates: the classes of the selected namespaces, or the smallest posting list among the pod
      // selector's required labels, whichever is smaller (a fixed namespace is usually a handful).
      const ml = s.podSel?.matchLabels;
      let posting: Set<PodClass> | undefined;
      if (ml) {
        for (const k of Object.keys(ml)) {
          const p = this.classes.byLabel.get(`${k}\u0000${ml[k]}`);
          if (!p) return; // no class carries a required label
          if (!posting || p.size < posting.size) posting = p;
        }
      }
      const nss = s.ns !== undefined ? [s.ns] : e.nsEntry!.members;
      let inNamespaces = 0;
      for (const ns of nss) {
        inNamespaces += this.classes.byNs.get(ns)?.size ?? 0;
        if (posting && inNamespaces >= posting.size) break;
      }
      if (posting && posting.size <= inNamespaces) for (const c of posting) check(c);
      else for (const ns of nss) for (const c of this.classes.byNs.get(ns) ?? []) check(c);
      return;
    }
    if (s.kind === 'nodes') {
      for (const c of this.classes.host) check(c);
      return;
    }
    // Atoms first: calico pod classes are decided from the atoms their addresses fall in.
    const atoms: number[] = [];
    for (const a of this.classes.atoms) {
      if (!this.matches(e, a)) continue;
      found.push(a.id);
      atoms.push(a.id);
    }
    if (this.cni === 'calico') {
      const seen = new Set<PodClass>();
      for (const id of atoms) {
        for (const c of this.classes.byAtom.get(id) ?? []) {
          if (!seen.has(c)) {
            seen.add(c);
            found.push(c.id);
          }
        }
      }
    }
  }

  private join(n: NsSelEntry, ns: string): void {
    n.members.add(ns);
    setOf(this.nsEntriesOf, ns).add(n);
  }

  private leave(n: NsSelEntry, ns: string): void {
    n.members.delete(ns);
    this.nsEntriesOf.get(ns)?.delete(n);
  }

  /** A new class: sets its bit in every entry that matches it. Returns those entries. */
  addClass(c: EndpointClass): SelEntry[] {
    const out: SelEntry[] = [];
    for (const e of this.candidates(c)) {
      if (!this.matches(e, c)) continue;
      this.setBit(e, c.id, true);
      out.push(e);
    }
    return out;
  }

  /**
   * A class goes away: its id's bit is cleared (it may be reused by an unrelated class). `entries` are
   * the entries it is a member of (entriesOf): bits are exact, so no other entry has its bit.
   */
  removeClass(c: EndpointClass, entries: readonly SelEntry[] = this.entriesOf(c)): void {
    for (const e of entries) this.setBit(e, c.id, false);
  }

  /** The entries a class is a member of (from its candidates: no scan over every entry). */
  entriesOf(c: EndpointClass): SelEntry[] {
    const out: SelEntry[] = [];
    for (const e of this.candidates(c)) if (hasBit(e, c.id)) out.push(e);
    return out;
  }

  private *candidates(c: EndpointClass): Iterable<SelEntry> {
    if (c.kind === 'atom') {
      yield* this.ipEntries;
      return;
    }
    if (this.cni === 'calico' && c.atoms.length > 0) yield* this.ipEntries;
    if (c.host) {
      yield* this.nodeEntries;
      return;
    }
    yield* this.fixedNs.get(c.namespace) ?? [];
    for (const n of this.nsEntriesOf.get(c.namespace) ?? []) yield* n.dependents;
  }

  /**
   * Sets a namespace's labels (also used, with the default labels, for namespaces first seen on a pod).
   * Re-evaluates the namespace's classes in the entries whose namespace selector changed its verdict.
   * Returns, per class id whose bits changed, the entries that flipped.
   */
  setNamespaceLabels(ns: string, labels: Labels): Map<number, SelEntry[]> {
    const before = this.nsLabels.get(ns);
    if (before) {
      for (const k of Object.keys(before)) {
        const key = `${k}\u0000${before[k]}`;
        const set = this.nsByLabel.get(key);
        set?.delete(ns);
        if (set?.size === 0) this.nsByLabel.delete(key);
      }
    }
    for (const k of Object.keys(labels)) setOf(this.nsByLabel, `${k}\u0000${labels[k]}`).add(ns);
    this.nsLabels.set(ns, labels);
    const changed = new Map<number, SelEntry[]>();
    const classes = this.classes.byNs.get(ns);
    for (const n of this.nsEntries.values()) {
      const now = selectorMatches(n.sel, labels);
      if (now === n.members.has(ns)) continue;
      if (now) this.join(n, ns);
      else this.leave(n, ns);
      if (!classes) continue;
      for (const e of n.dependents) {
        for (const c of classes) {
          const m = this.matches(e, c);
          if (m === hasBit(e, c.id)) continue;
          this.setBit(e, c.id, m);
          const list = changed.get(c.id);
          if (list) list.push(e);
          else changed.set(c.id, [e]);
        }
      }
    }
    return changed;
  }

  /** Namespaces a namespace selector can match: the smallest posting list of its required labels, else all. */
  private namespaceCandidates(sel: LabelSelector): Iterable<string> {
    const ml = sel.matchLabels;
    let best: Set<string> | undefined;
    if (ml) {
      for (const k of Object.keys(ml)) {
        const p = this.nsByLabel.get(`${k}\u0000${ml[k]}`);
        if (!p) return [];
        if (!best || p.size < best.size) best = p;
      }
    }
    return best ?? this.nsLabels.keys();
  }

  hasNamespace(ns: string): boolean {
    return this.nsLabels.has(ns);
  }
}

/**
 * Widens an entry's window to cover words [from, to). Growth at least doubles the window (towards the
 * side that grew), so an entry gaining members one by one reallocates O(log) times.
 */
function cover(e: SelEntry, from: number, to: number): void {
  const lo = e.lo;
  const hi = lo + e.bits.length;
  if (e.bits.length === 0) {
    e.lo = from;
    e.bits = new Uint32Array(to - from);
    return;
  }
  if (from >= lo && to <= hi) return;
  let nlo = Math.min(lo, from);
  let nhi = Math.max(hi, to);
  const want = Math.max(nhi - nlo, 2 * e.bits.length);
  if (from < lo) nlo = Math.max(0, nhi - want);
  else nhi = nlo + want;
  const bits = new Uint32Array(nhi - nlo);
  bits.set(e.bits, lo - nlo);
  e.bits = bits;
  e.lo = nlo;
}
