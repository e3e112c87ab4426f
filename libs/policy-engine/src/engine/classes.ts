import { Endpoint } from '../analysis';
import { ContainerPort, LabelSelector, Labels, Pod } from '../model';
import { selectorKey, selectorMatches } from '../selectors';
import { AtomClass } from './atom-space';
import type { Row } from './rows';
import { setOf } from './collections';

/**
 * Endpoint classes: sets of endpoints no policy can tell apart, so the engine evaluates one of each.
 *
 * A pod's class is fixed by everything SEMANTICS.md lets a policy look at:
 * - non-host pods: namespace, labels, named ports (name/protocol/number; unnamed ports never matter),
 *   and under `calico` the external atoms their IPs fall in (ipBlock / `networks` match pod IPs there);
 * - host-network pods: selectors never match them and no policy selects them, so namespace and labels do
 *   not matter; what does is their node's labels (`nodes` peers), their named ports, and under `calico`
 *   the atoms of their addresses (their own IPs, or their node's when they have none).
 * Namespace labels are not part of the key: they are a mutable attribute shared by all classes of a
 * namespace (a label change updates those classes in place rather than re-keying every pod).
 *
 * Pod classes and external atoms share one id space: both are peer columns of the rows.
 * Invariants: `all[id]` is the live class with that id, or undefined while the id is free; a pod class
 * lives exactly as long as some pod is in it (`pods` > 0); the indexes hold exactly the live classes.
 */
export interface PodClass {
  readonly kind: 'pod';
  readonly id: number;
  readonly key: string;
  readonly host: boolean;
  /** '' for host-network classes (their namespace plays no role). */
  readonly namespace: string;
  readonly labels: Labels;
  /** Host-network classes: their node's labels (undefined when the node is unknown). */
  readonly nodeLabels: Labels | undefined;
  /** Named-port map id (NamedPorts), 0 when the pods have no named port. */
  readonly portsKey: number;
  /** calico: ids of the atoms the pods' addresses fall in; otherwise empty. */
  readonly atoms: readonly number[];
  /** How many pods are in the class. */
  pods: number;
  /** Workload id → how many of its pods are in the class. */
  readonly workloads: Map<number, number>;
  /** The keys of `workloads`, as an array for the hot loops of combine.ts. */
  wl: number[];
  /** The verdict rows; null for host-network classes (everything is allowed for them). */
  egress: Row | null;
  ingress: Row | null;
}

export type EndpointClass = PodClass | AtomClass;

export interface Workload {
  readonly id: number;
  readonly key: string;
  readonly endpoint: Extract<Endpoint, { type: 'workload' }>;
  /** Class id → how many of the workload's pods are in it. */
  readonly classes: Map<number, number>;
  pods: number;
}

/** Interned named-port maps (only named container ports matter to policies). Id 0: no named ports. */
export class NamedPorts {
  private readonly byKey = new Map<string, number>([['', 0]]);
  readonly lists: ContainerPort[][] = [[]];

  id(ports: readonly ContainerPort[]): number {
    const named = ports.filter((p) => p.name !== undefined);
    if (named.length === 0) return 0;
    const norm = named.map((p) => ({ name: p.name, protocol: p.protocol, port: p.port }));
    norm.sort((a, b) => (a.name! < b.name! ? -1 : a.name! > b.name! ? 1 : a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : a.port - b.port));
    const key = norm.map((p) => `${p.name}/${p.protocol}/${p.port}`).join(',');
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.lists.length;
      this.lists.push(norm);
      this.byKey.set(key, id);
    }
    return id;
  }
}

export function labelsKey(l: Labels): string {
  const ks = Object.keys(l).sort();
  let s = '';
  for (const k of ks) s += `${JSON.stringify(k)}:${JSON.stringify(l[k])},`;
  return s;
}

export function workloadKey(p: Pod): string {
  return `${p.namespace}/${p.workload.name}[${p.workload.kind}]`;
}

/** What a pod's class is made of, computed before the class is looked up or created. */
export interface PodShape {
  key: string;
  host: boolean;
  namespace: string;
  labels: Labels;
  nodeLabels: Labels | undefined;
  portsKey: number;
  atoms: number[];
}

export function podShape(pod: Pod, nodeLabels: Labels | undefined, portsKey: number, atoms: number[]): PodShape {
  const a = atoms.length > 1 ? [...new Set(atoms)].sort((x, y) => x - y) : atoms;
  if (pod.hostNetwork) {
    const nk = nodeLabels ? labelsKey(nodeLabels) : '-';
    return { key: `h\u0000${nk}\u0000${portsKey}\u0000${a.join(',')}`, host: true, namespace: '', labels: {}, nodeLabels, portsKey, atoms: a };
  }
  return {
    key: `p\u0000${pod.namespace}\u0000${labelsKey(pod.labels)}\u0000${portsKey}\u0000${a.join(',')}`,
    host: false, namespace: pod.namespace, labels: pod.labels, nodeLabels: undefined, portsKey, atoms: a,
  };
}

export const FREE = 0;
export const ATOM = 1;
export const POD = 2;
export const HOST = 3;

export class ClassRegistry {
  readonly all: (EndpointClass | undefined)[] = [];
  private readonly free: number[] = [];
  readonly byKey = new Map<string, PodClass>();
  /** Non-host pod classes by namespace. */
  readonly byNs = new Map<string, Set<PodClass>>();
  readonly host = new Set<PodClass>();
  /** Non-host pod classes by label (`key\u0000value`): candidates for matchLabels selectors. */
  readonly byLabel = new Map<string, Set<PodClass>>();
  /** calico: pod classes by the atoms their addresses fall in. */
  readonly byAtom = new Map<number, Set<PodClass>>();
  readonly atoms = new Set<AtomClass>();
  /**
   * Hot-loop mirrors of the classes (combine.ts walks millions of class pairs): kind per id, and each pod
   * class's rows (null for host classes, atoms and free ids). Kept equal to the objects by addPodClass,
   * addAtom, remove and setRows.
   */
  kind = new Uint8Array(1024);
  readonly egressOf: (Row | null)[] = [];
  readonly ingressOf: (Row | null)[] = [];

  private setKind(id: number, k: number): void {
    if (id >= this.kind.length) {
      const next = new Uint8Array(Math.max(id + 1, this.kind.length * 2));
      next.set(this.kind);
      this.kind = next;
    }
    this.kind[id] = k;
  }

  setRows(c: PodClass): void {
    this.egressOf[c.id] = c.egress;
    this.ingressOf[c.id] = c.ingress;
  }

  /** One past the highest id ever handed out: the width of every column space. */
  get size(): number {
    return this.all.length;
  }

  alloc(): number {
    const id = this.free.pop();
    if (id !== undefined) return id;
    this.all.push(undefined);
    return this.all.length - 1;
  }

  get(id: number): EndpointClass | undefined {
    return this.all[id];
  }

  addPodClass(shape: PodShape, id: number): PodClass {
    const c: PodClass = {
      kind: 'pod', id, key: shape.key, host: shape.host, namespace: shape.namespace, labels: shape.labels,
      nodeLabels: shape.nodeLabels, portsKey: shape.portsKey, atoms: shape.atoms, pods: 0, workloads: new Map(), wl: [],
      egress: null, ingress: null,
    };
    this.all[id] = c;
    this.setKind(id, c.host ? HOST : POD);
    this.byKey.set(c.key, c);
    if (c.host) this.host.add(c);
    else {
      setOf(this.byNs, c.namespace).add(c);
      for (const k of Object.keys(c.labels)) setOf(this.byLabel, `${k}\u0000${c.labels[k]}`).add(c);
    }
    for (const a of c.atoms) setOf(this.byAtom, a).add(c);
    return c;
  }

  addAtom(a: AtomClass): void {
    this.all[a.id] = a;
    this.setKind(a.id, ATOM);
    this.atoms.add(a);
  }

  /** Unregisters a class; its id is reusable at once, or after release(id) when `reuse` is false. */
  remove(c: EndpointClass, reuse = true): void {
    this.all[c.id] = undefined;
    this.setKind(c.id, FREE);
    this.egressOf[c.id] = null;
    this.ingressOf[c.id] = null;
    if (reuse) this.free.push(c.id);
    if (c.kind === 'atom') {
      this.atoms.delete(c);
      return;
    }
    this.byKey.delete(c.key);
    if (c.host) this.host.delete(c);
    else {
      dropFrom(this.byNs, c.namespace, c);
      for (const k of Object.keys(c.labels)) dropFrom(this.byLabel, `${k}\u0000${c.labels[k]}`, c);
    }
    for (const a of c.atoms) dropFrom(this.byAtom, a, c);
  }

  release(id: number): void {
    this.free.push(id);
  }
}

export class WorkloadRegistry {
  readonly all: (Workload | undefined)[] = [];
  readonly byKey = new Map<string, Workload>();
  private readonly free: number[] = [];

  getOrCreate(p: Pod): Workload {
    const key = workloadKey(p);
    let w = this.byKey.get(key);
    if (!w) {
      const id = this.free.pop() ?? this.all.length;
      w = { id, key, endpoint: { type: 'workload', namespace: p.namespace, name: p.workload.name, kind: p.workload.kind }, classes: new Map(), pods: 0 };
      this.all[id] = w;
      this.byKey.set(key, w);
    }
    return w;
  }

  /** Drops a workload with no pods left (called only after a delta that needed its endpoint is built). */
  dropIfEmpty(w: Workload): void {
    if (w.pods > 0 || this.byKey.get(w.key) !== w) return;
    this.byKey.delete(w.key);
    this.all[w.id] = undefined;
    this.free.push(w.id);
  }
}

/**
 * The pod selectors in force, indexed by the label keys they read (refcounted, so that callers add and
 * remove them with the objects holding them). A selector reads only the keys it names (matchLabels and
 * matchExpressions), so two label maps that differ only in keys no selector here reads get the same verdict
 * from every one of them — a rollout's pod-template-hash, an operator's bookkeeping label.
 * A selector may be scoped to one namespace (an NP's podSelector, a peer without namespaceSelector): it
 * then only speaks for pods of that namespace.
 */
export class LabelReaders {
  private readonly byLabel = new Map<string, Map<string, { sel: LabelSelector; ns: string | undefined; refs: number }>>();

  add(sel: LabelSelector | undefined, ns?: string): void {
    if (!sel) return;
    const id = readerId(sel, ns);
    for (const k of keysRead(sel)) {
      let m = this.byLabel.get(k);
      if (!m) this.byLabel.set(k, (m = new Map()));
      const r = m.get(id);
      if (r) r.refs++;
      else m.set(id, { sel, ns, refs: 1 });
    }
  }

  remove(sel: LabelSelector | undefined, ns?: string): void {
    if (!sel) return;
    const id = readerId(sel, ns);
    for (const k of keysRead(sel)) {
      const m = this.byLabel.get(k);
      const r = m?.get(id);
      if (!m || !r || --r.refs > 0) continue;
      m.delete(id);
      if (m.size === 0) this.byLabel.delete(k);
    }
  }

  /** Whether every selector here that speaks for namespace `ns` gives labels `a` and `b` the same verdict. */
  agree(ns: string, a: Labels, b: Labels): boolean {
    if (this.byLabel.size === 0) return true;
    for (const k of Object.keys(a)) if ((!hasOwn(b, k) || b[k] !== a[k]) && !this.agreeOn(k, ns, a, b)) return false;
    for (const k of Object.keys(b)) if (!hasOwn(a, k) && !this.agreeOn(k, ns, a, b)) return false;
    return true;
  }

  private agreeOn(k: string, ns: string, a: Labels, b: Labels): boolean {
    const readers = this.byLabel.get(k);
    if (!readers) return true;
    for (const r of readers.values()) {
      if (r.ns !== undefined && r.ns !== ns) continue;
      if (selectorMatches(r.sel, a) !== selectorMatches(r.sel, b)) return false;
    }
    return true;
  }
}

function readerId(sel: LabelSelector, ns: string | undefined): string {
  return `${ns === undefined ? '*' : `=${ns}`}|${selectorKey(sel)}`;
}

function keysRead(sel: LabelSelector): Set<string> {
  const keys = new Set(Object.keys(sel.matchLabels ?? {}));
  for (const e of sel.matchExpressions ?? []) keys.add(e.key);
  return keys;
}

function hasOwn(l: Labels, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(l, k);
}

/** What decides a pod class's rows and columns besides the policies (PodClass and PodShape both have it). */
export interface ClassTraits {
  readonly host: boolean;
  readonly namespace: string;
  readonly labels: Labels;
  readonly portsKey: number;
  readonly atoms: readonly number[];
}

/**
 * Whether two non-host pod classes are interchangeable in every pair value: they have the same rows and
 * the same value in every row's column. Sufficient conditions, from what rows and columns are made of:
 * - a row (signature) is fixed by the namespace (its NPs; its labels for admin subjects), which NPs, ANPs
 *   and the BANP select the class — pod selectors over its labels, namespace selectors over its namespace —
 *   and, for ingress, its named ports;
 * - a column is fixed by the class's memberships in the selector-cache entries the rows' rules use (pod
 *   selectors over its labels, namespace selectors over its namespace, under calico its atoms) and its
 *   named ports (egress named ports resolve on the peer).
 * So: same namespace, named ports and atoms, and labels on which every pod selector in `readers` (the
 * subjects' and the entries') agrees. Host-network classes are never called interchangeable here (their
 * rows are null and their columns read node labels instead; nothing needs them to be).
 */
export function interchangeable(x: ClassTraits, y: ClassTraits, readers: readonly LabelReaders[]): boolean {
  if (x.host || y.host || x.namespace !== y.namespace || x.portsKey !== y.portsKey || x.atoms.length !== y.atoms.length) return false;
  for (let i = 0; i < x.atoms.length; i++) if (x.atoms[i] !== y.atoms[i]) return false;
  for (const r of readers) if (!r.agree(x.namespace, x.labels, y.labels)) return false;
  return true;
}

function dropFrom<K, V>(m: Map<K, Set<V>>, k: K, v: V): void {
  const s = m.get(k);
  if (!s) return;
  s.delete(v);
  if (s.size === 0) m.delete(k);
}
