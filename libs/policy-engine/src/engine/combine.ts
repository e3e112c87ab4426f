import { IpFamily } from '../ip';
import { AtomClass } from './atom-space';
import * as C from './classes';
import { ClassRegistry, EndpointClass, PodClass, Workload, WorkloadRegistry } from './classes';
import * as I from './port-ids';
import { PortIds } from './port-ids';
import * as R from './rows';

/**
 * Combining rows into connections (SEMANTICS.md "A connection" and "Workload level").
 *
 * pod class S → pod class D: egressRow(S)[D] ∩ ingressRow(D)[S]; atom → D: ingressRow(D)[atom];
 * S → atom: egressRow(S)[atom]; a null row (host network) allows everything. A workload pair's ports are
 * the union over the classes of both workloads (a class pair may stand for many pod pairs; pods of one
 * workload are never paired with each other because workload self pairs are skipped).
 *
 * This module answers for one workload, one atom or one class pair at a time — what the incremental path
 * (incremental.ts) and portsBetween need. Every pair at once is pairs.ts, which reads the same rows the
 * same way but skips the cells closed on the ingress side in bulk.
 *
 * Everything here is read-only over the rows; scratch arrays are reused between calls.
 */

// Imported constants copied into module locals: the CommonJS output reads imports through getters,
// which costs a call per access in the loops below.
const { ATOM, FREE, HOST, POD } = C;
const { ALL, NONE } = I;
const { BLOCK, BLOCK_SHIFT } = R;

export type Emit = (isAtom: boolean, id: number, ports: number) => void;

export class Combiner {
  private acc = new Int32Array(1024);
  private readonly accTouched: number[] = [];
  private accW = new Int32Array(1024);
  private readonly accWTouched: number[] = [];

  constructor(
    private readonly classes: ClassRegistry,
    private readonly workloads: WorkloadRegistry,
    private readonly ports: PortIds,
    private readonly visible: (f: IpFamily) => boolean,
  ) {}

  /** Pod-level verdict between two endpoint classes (at least one a pod class). */
  pairVal(S: EndpointClass, D: EndpointClass): number {
    if (S.kind === 'atom') return D.kind === 'pod' && D.ingress ? D.ingress.get(S.id) : ALL;
    if (D.kind === 'atom') return S.egress ? S.egress.get(D.id) : ALL;
    const e = S.egress ? S.egress.get(D.id) : ALL;
    if (e === NONE) return NONE;
    return D.ingress ? this.ports.inter(e, D.ingress.get(S.id)) : e;
  }

  private ensure(): void {
    const n = this.classes.size;
    if (this.acc.length < n) this.acc = new Int32Array(Math.max(n, this.acc.length * 2));
    const w = this.workloads.all.length;
    if (this.accW.length < w) this.accW = new Int32Array(Math.max(w, this.accW.length * 2));
  }

  private add(id: number, v: number): void {
    if (v === NONE) return;
    const cur = this.acc[id];
    if (cur === NONE) {
      this.acc[id] = v;
      this.accTouched.push(id);
    } else this.acc[id] = this.ports.union(cur, v);
  }

  private addW(id: number, v: number): void {
    if (v === NONE) return;
    const cur = this.accW[id];
    if (cur === NONE) {
      this.accW[id] = v;
      this.accWTouched.push(id);
    } else this.accW[id] = this.ports.union(cur, v);
  }

  /** Folds per-class accumulations into workloads (skipping `self`), emits, and clears the scratch. */
  private flush(self: number, emit: Emit, atomsToo: boolean): void {
    const all = this.classes.all;
    const kind = this.classes.kind;
    for (const id of this.accTouched) {
      const v = this.acc[id];
      this.acc[id] = NONE;
      if (kind[id] === ATOM) {
        if (atomsToo && this.visible((all[id] as AtomClass).family)) emit(true, id, v);
        continue;
      }
      const wl = (all[id] as PodClass).wl;
      for (let i = 0; i < wl.length; i++) if (wl[i] !== self) this.addW(wl[i], v);
    }
    this.accTouched.length = 0;
    for (const wid of this.accWTouched) {
      emit(false, wid, this.accW[wid]);
      this.accW[wid] = NONE;
    }
    this.accWTouched.length = 0;
  }

  /** Everything workload A reaches: other workloads and (visible) atoms. Driven by A's egress rows. */
  workloadOut(A: Workload, emit: Emit): void {
    this.ensure();
    for (const sid of A.classes.keys()) this.classOut(sid);
    this.flush(A.id, emit, true);
  }

  /** Accumulates pair values from class S to every class, walking S's egress row. */
  private classOut(sid: number): void {
    const kind = this.classes.kind;
    const ingressOf = this.classes.ingressOf;
    const n = this.classes.size;
    const P = this.ports;
    const row = kind[sid] === HOST ? null : this.classes.egressOf[sid]!;
    const nb = (n + BLOCK - 1) >>> BLOCK_SHIFT;
    for (let b = 0; b < nb; b++) {
      const t = row === null ? ALL : row.tab[b];
      if (t === NONE) continue;
      const chunk = t < 0 ? row!.chunks[~t] : null;
      const base = b << BLOCK_SHIFT;
      const end = Math.min(base + BLOCK, n);
      for (let did = base; did < end; did++) {
        const e = chunk === null ? t : chunk[did - base];
        if (e === NONE) continue;
        const k = kind[did];
        if (k === FREE) continue;
        if (k !== POD) this.add(did, e);
        else {
          const i = ingressOf[did]!.get(sid);
          if (i !== NONE) this.add(did, e === ALL ? i : P.inter(e, i));
        }
      }
    }
  }

  /** Everything that reaches workload B: other workloads and (visible) atoms. Driven by B's ingress rows. */
  workloadIn(B: Workload, emit: Emit): void {
    this.ensure();
    for (const did of B.classes.keys()) this.classIn(did);
    this.flush(B.id, emit, true);
  }

  /** Accumulates pair values from every class to class D, walking D's ingress row. */
  private classIn(did: number): void {
    const kind = this.classes.kind;
    const egressOf = this.classes.egressOf;
    const n = this.classes.size;
    const P = this.ports;
    const row = kind[did] === HOST ? null : this.classes.ingressOf[did]!;
    const nb = (n + BLOCK - 1) >>> BLOCK_SHIFT;
    const db = did >>> BLOCK_SHIFT;
    const dj = did & (BLOCK - 1);
    for (let b = 0; b < nb; b++) {
      const t = row === null ? ALL : row.tab[b];
      if (t === NONE) continue;
      const chunk = t < 0 ? row!.chunks[~t] : null;
      const base = b << BLOCK_SHIFT;
      const end = Math.min(base + BLOCK, n);
      for (let sid = base; sid < end; sid++) {
        const i = chunk === null ? t : chunk[sid - base];
        if (i === NONE) continue;
        const k = kind[sid];
        if (k === FREE) continue;
        if (k !== POD) this.add(sid, i);
        else {
          // Inlined Row.get(did): this loop runs for millions of pairs.
          const er = egressOf[sid]!;
          const et = er.tab[db];
          const e = et >= 0 ? et : er.chunks[~et][dj];
          if (e !== NONE) this.add(sid, i === ALL ? e : e === ALL ? i : P.inter(e, i));
        }
      }
    }
  }

  /** Atom z → every workload (only the destinations' ingress applies). */
  atomOut(z: AtomClass, emit: Emit): void {
    this.ensure();
    for (const D of this.classes.byKey.values()) {
      const v = D.ingress ? D.ingress.get(z.id) : ALL;
      if (v !== NONE) for (const wid of D.wl) this.addW(wid, v);
    }
    this.flush(-1, emit, false);
  }

  /** Every workload → atom z (only the sources' egress applies). */
  atomIn(z: AtomClass, emit: Emit): void {
    this.ensure();
    for (const S of this.classes.byKey.values()) {
      const v = S.egress ? S.egress.get(z.id) : ALL;
      if (v !== NONE) for (const wid of S.wl) this.addW(wid, v);
    }
    this.flush(-1, emit, false);
  }
}
