import { AnalysisResult, Connection, Endpoint, ReachabilityDelta } from '../analysis';
import { Cidr, IpFamily, parseIp } from '../ip';
import {
  AdminNetworkPolicy,
  AdminSubject,
  BaselineAdminNetworkPolicy,
  ClusterState,
  CniProfile,
  LabelSelector,
  Namespace,
  NetworkPolicy,
  Node,
  ObjectChange,
  Pod,
  PolicyType,
  Service,
  objectKey,
} from '../model';
import { naivePortsBetween } from '../naive';
import { EngineOptions, PeerRef } from '../peers';
import { PortSet } from '../ports';
import { AtomSpace, Refinement } from './atom-space';
import {
  ClassRegistry,
  ClassTraits,
  EndpointClass,
  LabelReaders,
  NamedPorts,
  PodClass,
  PodShape,
  Workload,
  WorkloadRegistry,
  interchangeable,
  podShape,
  workloadKey,
} from './classes';
import { Combiner } from './combine';
import { ClassSwitch, collect, diffCollected, emptyAffected, endpointDecoder, expansionOf, journalDelta } from './incremental';
import {
  AdminRecord,
  CompileContext,
  NpRecord,
  adminCidrs,
  adminSelectsClass,
  compareAnps,
  compileAdmin,
  compileNp,
  npCidrs,
  npSelectsClass,
  releasePolicy,
} from './policies';
import { AnpPart, AnpParts, RulesPart, rulesPart } from './anp-parts';
import { PortIds } from './port-ids';
import { PairSink, PairWalk, rankEndpoints } from './pairs';
import { CompiledRule, Dir, Plan, Row, RowEvaluator, RowJournal, RowStore, makePlan } from './rows';
import { SelEntry, SelectorCache } from './selector-cache';
import { setOf, decr } from './collections';

/**
 * The fast, incremental reachability engine (SEMANTICS.md is the contract; naive.ts the reference).
 *
 * Pipeline: pods → endpoint classes (classes.ts) → selector bitsets over classes (selector-cache.ts) →
 * one verdict row per direction and signature (rows.ts) → pairs and workloads (combine.ts). Events touch
 * only what they can change and report exact deltas (incremental.ts).
 *
 * Invariants kept between calls:
 * - every pod is in exactly one live class, every live pod class has ≥ 1 pod;
 * - every live non-host pod class holds the rows of its current signatures; every live row is exact for
 *   every class id, a free id holding the plan's no-match value (rows.ts) — except, within one event, the
 *   one column `freedColumn` names;
 * - every selector bitset is exact for every live class (selector-cache.ts);
 * - the atom partition contains every CIDR any policy mentioned during this engine's life;
 * - `subjectReaders` holds the pod selector of every stored NP, ANP and BANP subject, the selector cache's
 *   `podLabelReaders` that of every live entry (more would only make keepsPairs decline more often).
 */

interface PodRec {
  pod: Pod;
  cls: PodClass;
  wl: Workload;
  v6: boolean;
}

interface Parts {
  compile: CompileContext;
  ports: PortIds;
  named: NamedPorts;
  classes: ClassRegistry;
  workloads: WorkloadRegistry;
  atoms: AtomSpace;
  sel: SelectorCache;
  evaluator: RowEvaluator;
  rows: RowStore;
  combiner: Combiner;
}

const TYPE: Record<Dir, PolicyType> = { ingress: 'Ingress', egress: 'Egress' };
const DIRS: Dir[] = ['egress', 'ingress'];

function isV6(ip: string): boolean {
  return parseIp(ip).family === 6;
}
function countV6(cidrs: Cidr[]): number {
  return cidrs.some((c) => c.family === 6) ? 1 : 0;
}

export class ReachabilityEngine {
  private readonly cni: CniProfile;
  private p!: Parts;

  private namespaces = new Map<string, Namespace>();
  private pods = new Map<string, PodRec>();
  private nodes = new Map<string, Node>();
  private services = new Map<string, Service>();
  private nps = new Map<string, NpRecord & { v6: number }>();
  private npsByNs = new Map<string, Set<NpRecord>>();
  private anps = new Map<string, AdminRecord & { v6: number }>();
  private anpsSorted: AdminRecord[] = [];
  private banp: (AdminRecord & { v6: number }) | undefined;
  private hostPodsByNode = new Map<string, Set<string>>();
  /** Pod keys per class (to re-key the pods of classes whose atoms were cut, under calico). */
  private podsOfClass = new Map<PodClass, Set<string>>();
  /** The pod selectors of the policies' subjects (NPs, ANPs, the BANP), by the label keys they read. */
  private subjectReaders = new LabelReaders();
  /** Pod events applied without collecting pairs because the workload only swapped interchangeable classes. */
  private interchangeableMoves = 0;

  /** Family visibility counters (naive's clusterFamilies): pods with a v6 IP, nodes with one, policies with a v6 CIDR. */
  private v6Pods = 0;
  private v6Nodes = 0;
  private v6Policies = 0;

  private cached: Connection[] | undefined;
  /** Signature parts per class, and the versions that invalidate them. */
  private sigCache = new Map<PodClass, SigParts>();
  private npVersion = new Map<string, number>();
  private nsVersion = new Map<string, number>();
  private adminVersion = 0;
  /** ANP layers shared by every class that selects the same ANPs, updated in place on ANP edits. */
  private anpParts = new AnpParts();
  /** The BANP's parts (valid for adminMemoVersion). */
  private banpParts: Record<Dir, RulesPart | null> | undefined;
  private adminMemoVersion = -1;
  /** While a journaled event is applied: the rows each re-signed class had when it started. */
  private switched: Map<PodClass, ClassSwitch> | undefined;
  /**
   * The column of a pod class freed during the current event, not reset yet: a pod moving between
   * classes usually frees one and creates another, which takes the same id — then one pass over the rows
   * does both (RowStore.columnReplaced). Reset (flushFreedColumn) before anything else reads or derives rows.
   */
  private freedColumn: { id: number; entries: SelEntry[]; portsKey: number } | undefined;
  /** Atoms vanished during the current event: their ids are freed only after the delta is built. */
  private pendingFree: number[] = [];

  constructor(private readonly opts: EngineOptions) {
    this.cni = opts.cni;
    this.reset();
  }

  private reset(): void {
    const ports = new PortIds();
    const named = new NamedPorts();
    const classes = new ClassRegistry();
    const workloads = new WorkloadRegistry();
    const atoms = new AtomSpace();
    const sel = new SelectorCache(classes, this.cni);
    const evaluator = new RowEvaluator(ports, named, classes);
    const rows = new RowStore(evaluator, classes);
    const combiner = new Combiner(classes, workloads, ports, (f) => this.visible(f));
    const compile: CompileContext = { cache: sel, ports, ruleIds: new Map() };
    this.p = { compile, ports, named, classes, workloads, atoms, sel, evaluator, rows, combiner };
    this.namespaces = new Map();
    this.pods = new Map();
    this.nodes = new Map();
    this.services = new Map();
    this.nps = new Map();
    this.npsByNs = new Map();
    this.anps = new Map();
    this.anpsSorted = [];
    this.banp = undefined;
    this.hostPodsByNode = new Map();
    this.podsOfClass = new Map();
    this.subjectReaders = new LabelReaders();
    this.interchangeableMoves = 0;
    this.sigCache = new Map();
    this.npVersion = new Map();
    this.nsVersion = new Map();
    this.adminVersion = 0;
    this.anpParts = new AnpParts();
    this.banpParts = undefined;
    this.adminMemoVersion = -1;
    this.v6Pods = this.v6Nodes = this.v6Policies = 0;
    this.cached = undefined;
    this.pendingFree = [];
    this.freedColumn = undefined;
  }

  private visible(f: IpFamily): boolean {
    return f === 4 || this.v6Pods > 0 || this.v6Nodes > 0 || this.v6Policies > 0;
  }

  // ---------------------------------------------------------------- full load

  load(state: ClusterState): void {
    this.reset();
    const { sel, classes, atoms } = this.p;
    for (const n of state.namespaces) {
      this.namespaces.set(n.name, n);
      sel.setNamespaceLabels(n.name, n.labels);
    }
    for (const n of state.nodes) {
      this.nodes.set(n.name, n);
      if (n.ips.some(isV6)) this.v6Nodes++;
    }
    for (const s of state.services) this.services.set(objectKey('Service', s), s);

    // Atoms first: under calico, pod classes are keyed by the atoms of their addresses.
    const cidrs: Cidr[] = [];
    for (const np of state.networkPolicies) cidrs.push(...npCidrs(np));
    for (const a of state.adminNetworkPolicies) cidrs.push(...adminCidrs(a));
    if (state.baselineAdminNetworkPolicy) cidrs.push(...adminCidrs(state.baselineAdminNetworkPolicy));
    const r = atoms.refine(cidrs, () => this.allocClass())!;
    for (const a of r.added) {
      classes.addAtom(a);
      sel.addClass(a);
    }

    // Pod classes, ids grouped by namespace so that rows' chunks stay few (selectors mostly follow namespaces).
    const shapes = state.pods.map((pod) => this.shapeOf(pod));
    const order = shapes.map((_, i) => i).sort((a, b) => {
      const x = shapes[a];
      const y = shapes[b];
      return x.namespace < y.namespace ? -1 : x.namespace > y.namespace ? 1 : x.key < y.key ? -1 : x.key > y.key ? 1 : 0;
    });
    for (const i of order) this.attachPod(state.pods[i], shapes[i], false);

    // Policies: compiling evaluates their selectors over the classes; then every class gets its rows.
    for (const np of state.networkPolicies) this.storeNp(np);
    for (const a of state.adminNetworkPolicies) this.storeAnp(a);
    if (state.baselineAdminNetworkPolicy) this.storeBanp(state.baselineAdminNetworkPolicy);
    this.sortAnps();
    this.resign(classes.byKey.values());
  }

  // ---------------------------------------------------------------- classes

  private allocClass(): number {
    const id = this.p.classes.alloc();
    this.p.rows.ensureCapacity(this.p.classes.size);
    return id;
  }

  private shapeOf(pod: Pod): PodShape {
    const node = pod.nodeName ? this.nodes.get(pod.nodeName) : undefined;
    const portsKey = this.p.named.id(pod.ports);
    let atomIds: number[] = [];
    if (this.cni === 'calico') {
      // A host-network pod speaks with its node's addresses (when it has none of its own listed).
      const addrs = pod.hostNetwork && pod.ips.length === 0 && node ? node.ips : pod.ips;
      atomIds = addrs.map((ip) => this.p.atoms.lookupText(ip));
    }
    return podShape(pod, pod.hostNetwork ? node?.labels : undefined, portsKey, atomIds);
  }

  /** A new class: bits in every selector, its column in every existing row, then its own rows. */
  private createPodClass(shape: PodShape, signNow: boolean): PodClass {
    const { sel, classes, rows } = this.p;
    if (!shape.host && !sel.hasNamespace(shape.namespace)) {
      sel.setNamespaceLabels(shape.namespace, { 'kubernetes.io/metadata.name': shape.namespace });
    }
    const c = classes.addPodClass(shape, this.allocClass());
    const entries = sel.addClass(c);
    const f = this.freedColumn;
    if (f && f.id === c.id) {
      this.freedColumn = undefined;
      rows.columnReplaced(c.id, f.entries, entries, f.portsKey === c.portsKey);
    } else {
      this.flushFreedColumn();
      rows.columnAdded(c.id, entries);
    }
    if (signNow) this.sign(c);
    return c;
  }

  private freePodClass(c: PodClass): void {
    const { sel, classes, rows } = this.p;
    for (const r of [c.egress, c.ingress]) {
      if (!r) continue;
      r.users.delete(c);
      rows.release(r);
    }
    c.egress = c.ingress = null;
    classes.setRows(c);
    this.sigCache.delete(c);
    this.flushFreedColumn();
    const entries = sel.entriesOf(c);
    sel.removeClass(c, entries);
    classes.remove(c);
    this.freedColumn = { id: c.id, entries, portsKey: c.portsKey };
  }

  private flushFreedColumn(): void {
    const f = this.freedColumn;
    if (!f) return;
    this.freedColumn = undefined;
    this.p.rows.columnFreed(f.id, f.entries);
  }

  private attachPod(pod: Pod, shape: PodShape, signNow: boolean): void {
    const { classes, workloads } = this.p;
    const c = classes.byKey.get(shape.key) ?? this.createPodClass(shape, signNow);
    const wl = workloads.getOrCreate(pod);
    c.pods++;
    const had = c.workloads.get(wl.id) ?? 0;
    c.workloads.set(wl.id, had + 1);
    if (had === 0) c.wl = [...c.workloads.keys()];
    wl.classes.set(c.id, (wl.classes.get(c.id) ?? 0) + 1);
    wl.pods++;
    const v6 = pod.ips.some(isV6);
    if (v6) this.v6Pods++;
    const key = objectKey('Pod', pod);
    this.pods.set(key, { pod, cls: c, wl, v6 });
    setOf(this.podsOfClass, c).add(key);
    if (pod.hostNetwork && pod.nodeName) setOf(this.hostPodsByNode, pod.nodeName).add(key);
  }

  /** Removes a pod; its workload stays registered (possibly empty) until the event's delta is built. */
  private detachPod(key: string): Workload | undefined {
    const rec = this.pods.get(key);
    if (!rec) return undefined;
    this.pods.delete(key);
    const { cls: c, wl, pod } = rec;
    if (rec.v6) this.v6Pods--;
    if (pod.hostNetwork && pod.nodeName) {
      const s = this.hostPodsByNode.get(pod.nodeName);
      s?.delete(key);
      if (s?.size === 0) this.hostPodsByNode.delete(pod.nodeName);
    }
    wl.pods--;
    decr(wl.classes, c.id);
    decr(c.workloads, wl.id);
    if (!c.workloads.has(wl.id)) c.wl = [...c.workloads.keys()];
    this.podsOfClass.get(c)?.delete(key);
    if (--c.pods === 0) {
      this.podsOfClass.delete(c);
      this.freePodClass(c);
    }
    return wl;
  }

  // ---------------------------------------------------------------- signatures

  /**
   * The class's signature for one direction: the rules that decide its verdicts, spelled by structural
   * rule id (rows.ts ruleSid) — ANP rules in evaluation order, the isolating NPs' rules as a set (a union;
   * '-' when no NP isolates), the BANP's rules when it applies — plus, for ingress with named ports, the
   * class's own named ports. Equal signatures ⇒ equal rows.
   */
  private signature(c: PodClass, dir: Dir): Signature {
    const parts = this.sigParts(c);
    const anp = parts.anp[dir];
    const np = parts.np[dir];
    const banp = np === null ? parts.banp[dir] : null;
    // Ingress named ports resolve on the subject: only then do its named ports belong to the signature.
    const subjectPorts = dir === 'ingress' && (anp.named || (np !== null && np.named) || (banp !== null && banp.named)) ? c.portsKey : 0;
    // The ANP layer is spelled by its part's id: its rules may change in place (anp-parts.ts).
    const key = `${dir}|${parts.anp.id}|${np === null ? '-' : np.sids}|${banp === null ? '-' : banp.sids}|${subjectPorts}`;
    return { key, dir, anp, np, banp, subjectPorts };
  }

  /**
   * The policy-layer parts of a class's signatures, cached: the NP part until an NP of its namespace
   * changes, the admin parts until an admin policy or its namespace's labels change (version counters).
   */
  private sigParts(c: PodClass): SigParts {
    let p = this.sigCache.get(c);
    const npVer = this.npVersion.get(c.namespace) ?? 0;
    const nsVer = this.nsVersion.get(c.namespace) ?? 0;
    if (p && p.npVer === npVer && p.adminVer === this.adminVersion && p.nsVer === nsVer) return p;
    if (!p || p.npVer !== npVer) {
      const recs: NpRecord[] = [];
      for (const r of this.npsByNs.get(c.namespace) ?? []) if (npSelectsClass(r.np, c)) recs.push(r);
      const np = { egress: npPart(recs, 'egress'), ingress: npPart(recs, 'ingress') };
      p = { npVer, np, adminVer: p ? p.adminVer : -1, nsVer: p ? p.nsVer : -1, anp: p ? p.anp : EMPTY_ANP, banp: p ? p.banp : NO_BANP };
    }
    if (p.adminVer !== this.adminVersion || p.nsVer !== nsVer) {
      if (this.adminMemoVersion !== this.adminVersion) {
        this.banpParts = undefined;
        this.adminMemoVersion = this.adminVersion;
      }
      const nsLabels = this.p.sel.labelsOf(c.namespace);
      const selected: AdminRecord[] = [];
      for (const r of this.anpsSorted) if (adminSelectsClass(r.policy.subject, c, nsLabels)) selected.push(r);
      // Many classes select the same ANPs: their parts are built once and shared.
      const anp = this.anpParts.partOf(selected);
      const b = this.banp;
      if (b && adminSelectsClass(b.policy.subject, c, nsLabels)) {
        this.banpParts ??= {
          egress: b.cp.egress.length ? rulesPart(b.cp.egress) : null,
          ingress: b.cp.ingress.length ? rulesPart(b.cp.ingress) : null,
        };
        p.banp = this.banpParts;
      } else p.banp = NO_BANP;
      p.anp = anp;
      p.adminVer = this.adminVersion;
      p.nsVer = nsVer;
    }
    this.sigCache.set(c, p);
    return p;
  }

  /** (Re)computes a class's signatures and moves it to the matching rows. */
  private sign(c: PodClass): void {
    this.resign([c]);
  }

  /**
   * (Re)computes the signatures of some classes and moves them to the matching rows. Moves are grouped
   * by (old row → new signature): when all users of a row move to the same new signature, the row is
   * rebased in place (rows.ts rebase) instead of a new row being built next to it.
   */
  private resign(cs: Iterable<PodClass>): void {
    this.flushFreedColumn();
    const moves = new Map<Row, Map<string, { sig: Signature; classes: PodClass[] }>>();
    for (const c of cs) {
      if (c.host) continue; // host-network pods: selected by no policy, rows stay null (= everything allowed)
      for (const dir of DIRS) {
        const s = this.signature(c, dir);
        const old = c[dir];
        if (old && old.key === s.key) continue;
        if (!old) {
          this.moveClass(c, dir, s);
          continue;
        }
        let byKey = moves.get(old);
        if (!byKey) moves.set(old, (byKey = new Map()));
        let g = byKey.get(s.key);
        if (!g) byKey.set(s.key, (g = { sig: s, classes: [] }));
        g.classes.push(c);
      }
    }
    for (const [row, byKey] of moves) {
      if (byKey.size === 1) {
        const g = byKey.values().next().value!;
        if (g.classes.length === row.users.size && this.p.rows.rebase(row, g.sig.key, planOf(g.sig))) continue;
      }
      for (const g of byKey.values()) for (const c of g.classes) this.moveClass(c, g.sig.dir, g.sig);
    }
  }

  private moveClass(c: PodClass, dir: Dir, s: Signature): void {
    const { rows } = this.p;
    const old = c[dir];
    // Journaled events remember the rows a class had when the event started.
    if (this.switched && !this.switched.has(c)) this.switched.set(c, { egress: c.egress, ingress: c.ingress });
    const row = rows.acquire(s.key, planOf, s, old);
    row.users.add(c);
    c[dir] = row;
    if (old) {
      old.users.delete(c);
      rows.release(old);
    }
    this.p.classes.setRows(c);
  }

  // ---------------------------------------------------------------- policies

  private storeNp(np: NetworkPolicy): NpRecord & { v6: number } {
    const cp = compileNp(np, this.p.compile);
    const rec = { np, cp, v6: countV6(npCidrs(np)) };
    this.nps.set(objectKey('NetworkPolicy', np), rec);
    this.subjectReaders.add(np.podSelector, np.namespace);
    this.bump(this.npVersion, np.namespace);
    setOf(this.npsByNs, np.namespace).add(rec);
    this.v6Policies += rec.v6;
    return rec;
  }

  private dropNp(key: string): (NpRecord & { v6: number }) | undefined {
    const rec = this.nps.get(key);
    if (!rec) return undefined;
    this.nps.delete(key);
    this.subjectReaders.remove(rec.np.podSelector, rec.np.namespace);
    this.bump(this.npVersion, rec.np.namespace);
    const s = this.npsByNs.get(rec.np.namespace)!;
    s.delete(rec);
    if (s.size === 0) this.npsByNs.delete(rec.np.namespace);
    this.v6Policies -= rec.v6;
    return rec;
  }

  private storeAnp(a: AdminNetworkPolicy): void {
    const rec = { policy: a, cp: compileAdmin(a, this.p.compile), v6: countV6(adminCidrs(a)) };
    this.anps.set(a.name, rec);
    this.subjectReaders.add(subjectPodSelector(a.subject));
    this.v6Policies += rec.v6;
  }

  private bump(m: Map<string, number>, k: string): void {
    m.set(k, (m.get(k) ?? 0) + 1);
  }

  private sortAnps(): void {
    this.adminVersion++;
    this.anpsSorted = [...this.anps.values()].sort((a, b) => compareAnps(a.policy as AdminNetworkPolicy, b.policy as AdminNetworkPolicy));
  }

  private storeBanp(b: BaselineAdminNetworkPolicy): void {
    this.banp = { policy: b, cp: compileAdmin(b, this.p.compile), v6: countV6(adminCidrs(b)) };
    this.subjectReaders.add(subjectPodSelector(b.subject));
    this.adminVersion++;
    this.v6Policies += this.banp.v6;
  }

  /** Adds CIDRs to the partition; new atoms get bits and columns; calico pods in cut atoms are re-keyed. */
  private refine(cidrs: Cidr[]): Refinement | undefined {
    this.flushFreedColumn();
    const { atoms, classes, sel, rows } = this.p;
    const r = atoms.refine(cidrs, () => this.allocClass());
    if (!r) return undefined;
    for (const a of r.added) {
      classes.addAtom(a);
      rows.columnAdded(a.id, sel.addClass(a));
    }
    if (this.cni === 'calico') {
      const keys = new Set<string>();
      for (const id of r.changed) for (const c of classes.byAtom.get(id) ?? []) for (const k of this.podsOfClass.get(c) ?? []) keys.add(k);
      this.rekey(keys);
    }
    for (const a of r.removed) {
      const entries = sel.entriesOf(a);
      rows.columnFreed(a.id, entries);
      sel.removeClass(a, entries);
      classes.remove(a, false);
      this.pendingFree.push(a.id);
    }
    return r;
  }

  /** Moves pods to the classes their current shape says (after a node or atom change). */
  private rekey(keys: Iterable<string>): void {
    for (const k of [...keys]) {
      const rec = this.pods.get(k);
      if (!rec) continue;
      const shape = this.shapeOf(rec.pod);
      if (shape.key === rec.cls.key) continue;
      this.detachPod(k);
      this.attachPod(rec.pod, shape, true);
    }
  }

  private podClasses(): Iterable<PodClass> {
    return this.p.classes.byKey.values();
  }

  // ---------------------------------------------------------------- events

  apply(change: ObjectChange): ReachabilityDelta {
    const aff = emptyAffected();
    const wasV6 = this.visible(6);
    const touched: Workload[] = [];
    const addWl = (key: string | undefined) => {
      if (key === undefined) return;
      aff.src.add(key);
      aff.dst.add(key);
    };
    const addClasses = (cs: Iterable<PodClass>) => {
      for (const c of cs) for (const wid of c.workloads.keys()) addWl(this.p.workloads.all[wid]!.key);
    };
    // 1. The superset of pairs the event can change, named before anything moves — or, for events that
    //    move no pod and cut no atom (`journaled`), nothing: their delta comes from the row journal.
    let mutate: () => Refinement | undefined;
    let journaled = false;
    switch (change.kind) {
      case 'Service': {
        if (change.type === 'upsert') this.services.set(objectKey('Service', change.object), change.object);
        else this.services.delete(change.key);
        return { added: [], removed: [] }; // services never change reachability
      }
      case 'Pod': {
        // Only the pod's own workload(s) can change: classes are immutable and shared classes keep pods.
        const key = change.type === 'upsert' ? objectKey('Pod', change.object) : change.key;
        const old = this.pods.get(key);
        const next = change.type === 'upsert' ? change.object : undefined;
        if (!old && !next) return { added: [], removed: [] };
        const shape = next ? this.shapeOf(next) : undefined;
        const nextV6 = next ? next.ips.some(isV6) : false;
        if (old && next && shape!.key === old.cls.key && workloadKey(next) === old.wl.key && nextV6 === old.v6 &&
            next.hostNetwork === old.pod.hostNetwork && next.nodeName === old.pod.nodeName) {
          old.pod = next; // same class, same workload: nothing observable changes
          return { added: [], removed: [] };
        }
        const flips = this.predictV6((nextV6 ? 1 : 0) - (old?.v6 ? 1 : 0), 0, 0) !== wasV6;
        // Workload pairs only see which classes a workload has. When the pod leaves a class that keeps
        // another pod of its workload, and joins a live class that already has one (scale-ups and
        // scale-downs mostly), no workload's class set changes and no class is created or dropped.
        const oldStays = !old || (old.wl.classes.get(old.cls.id) ?? 0) > 1;
        const joined = next ? this.p.classes.byKey.get(shape!.key) : undefined;
        const joinedWl = next ? this.p.workloads.byKey.get(workloadKey(next)) : undefined;
        const newKnown = !next || (joined !== undefined && joinedWl !== undefined && joined.workloads.has(joinedWl.id));
        if (oldStays && newKnown && !flips) {
          this.detachPod(key);
          if (next) this.attachPod(next, shape!, true);
          this.flushFreedColumn();
          return { added: [], removed: [] };
        }
        // A relabel no policy looks at (and a rollout's pods coming and going): the workload's classes
        // change, but only for interchangeable ones, so none of its pairs can change either.
        if (!flips && this.keepsPairs(old, next, shape, joined)) {
          this.detachPod(key);
          if (next) this.attachPod(next, shape!, true);
          this.flushFreedColumn();
          this.interchangeableMoves++;
          return { added: [], removed: [] };
        }
        addWl(old ? old.wl.key : undefined);
        if (next) addWl(workloadKey(next));
        if (flips) aff.families.add(6);
        mutate = () => {
          const wl = this.detachPod(key);
          if (wl) touched.push(wl);
          if (next) this.attachPod(next, shape!, true);
          return undefined;
        };
        break;
      }
      case 'Namespace': {
        // Namespace labels reach its pod classes' memberships (columns) and admin subjects (rows).
        const name = change.type === 'upsert' ? change.object.name : change.key;
        journaled = true;
        mutate = () => {
          if (change.type === 'upsert') this.namespaces.set(name, change.object);
          else this.namespaces.delete(name);
          this.setNamespace(name, change.type === 'upsert' ? change.object.labels : { 'kubernetes.io/metadata.name': name });
          return undefined;
        };
        break;
      }
      case 'Node': {
        // Node labels and IPs reach only the host-network pods on it (class keys).
        const name = change.type === 'upsert' ? change.object.name : change.key;
        const keys = [...(this.hostPodsByNode.get(name) ?? [])];
        for (const k of keys) addWl(this.pods.get(k)!.wl.key);
        const oldV6 = this.nodes.get(name)?.ips.some(isV6) ? 1 : 0;
        const newV6 = change.type === 'upsert' && change.object.ips.some(isV6) ? 1 : 0;
        if (this.predictV6(0, newV6 - oldV6, 0) !== wasV6) aff.families.add(6);
        mutate = () => {
          if (change.type === 'upsert') this.nodes.set(name, change.object);
          else this.nodes.delete(name);
          this.v6Nodes += newV6 - oldV6;
          this.rekey(keys);
          return undefined;
        };
        break;
      }
      case 'NetworkPolicy': {
        // An NP is in the signatures of exactly the classes it selects: only their rows can change.
        const key = change.type === 'upsert' ? objectKey('NetworkPolicy', change.object) : change.key;
        const old = this.nps.get(key);
        const next = change.type === 'upsert' ? change.object : undefined;
        if (old && next && JSON.stringify(old.np) === JSON.stringify(next)) return { added: [], removed: [] };
        if (!old && !next) return { added: [], removed: [] };
        const ns = (next ?? old!.np).namespace;
        const dv6 = (next ? countV6(npCidrs(next)) : 0) - (old?.v6 ?? 0);
        journaled = this.predictV6(0, 0, dv6) === wasV6 && (!next || this.p.atoms.knows(npCidrs(next)));
        if (!journaled) {
          addClasses([...(this.p.classes.byNs.get(ns) ?? [])].filter((c) => (old && npSelectsClass(old.np, c)) || (next && npSelectsClass(next, c))));
          if (this.predictV6(0, 0, dv6) !== wasV6) aff.families.add(6);
        }
        mutate = () => {
          const r = next ? this.refine(npCidrs(next)) : undefined;
          this.dropNp(key);
          if (next) this.storeNp(next);
          this.resign([...(this.p.classes.byNs.get(ns) ?? [])].filter((c) => (old && npSelectsClass(old.np, c)) || (next && npSelectsClass(next, c))));
          if (old) releasePolicy(old.cp, this.p.sel);
          return r;
        };
        break;
      }
      case 'AdminNetworkPolicy':
      case 'BaselineAdminNetworkPolicy': {
        // An admin policy is in the signatures of exactly the classes its subject selects.
        const isB = change.kind === 'BaselineAdminNetworkPolicy';
        const name = change.type === 'upsert' ? change.object.name : change.key;
        const old = isB ? (this.banp && (change.type === 'upsert' || this.banp.policy.name === name) ? this.banp : undefined) : this.anps.get(name);
        const next = change.type === 'upsert' ? change.object : undefined;
        if (old && next && JSON.stringify(old.policy) === JSON.stringify(next)) return { added: [], removed: [] };
        if (!old && !next) return { added: [], removed: [] };
        const selects = (c: PodClass) => {
          const l = this.p.sel.labelsOf(c.namespace);
          return (old !== undefined && adminSelectsClass(old.policy.subject, c, l)) || (next !== undefined && adminSelectsClass(next.subject, c, l));
        };
        const dv6 = (next ? countV6(adminCidrs(next)) : 0) - (old?.v6 ?? 0);
        journaled = this.predictV6(0, 0, dv6) === wasV6 && (!next || this.p.atoms.knows(adminCidrs(next)));
        if (!journaled) {
          addClasses([...this.podClasses()].filter(selects));
          if (this.predictV6(0, 0, dv6) !== wasV6) aff.families.add(6);
        }
        mutate = () => {
          const r = next ? this.refine(adminCidrs(next)) : undefined;
          if (old) {
            this.v6Policies -= old.v6;
            this.subjectReaders.remove(subjectPodSelector(old.policy.subject));
          }
          this.adminVersion++;
          if (isB) {
            this.banp = undefined;
            if (next) this.storeBanp(next as BaselineAdminNetworkPolicy);
            this.resign([...this.podClasses()].filter(selects));
          } else {
            this.anps.delete(name);
            if (next) this.storeAnp(next as AdminNetworkPolicy);
            this.sortAnps();
            // An edit: the parts holding the ANP take its new rules in place, and only classes whose
            // selection changed are re-signed. Otherwise (create, delete, or an in-place update that does
            // not apply) every class it selected before or after is re-signed onto fresh parts.
            const moves = old && next ? this.anpParts.update(name, this.anpsSorted) : undefined;
            if (moves) {
              this.p.rows.replaceAnpLayers(moves);
              if (JSON.stringify(old!.policy.subject) !== JSON.stringify(next!.subject)) {
                this.resign([...this.podClasses()].filter((c) => {
                  const l = this.p.sel.labelsOf(c.namespace);
                  return adminSelectsClass(old!.policy.subject, c, l) !== adminSelectsClass(next!.subject, c, l);
                }));
              }
            } else {
              this.anpParts.forget(name);
              this.resign([...this.podClasses()].filter(selects));
            }
          }
          if (old) releasePolicy(old.cp, this.p.sel);
          return r;
        };
        break;
      }
    }

    const endpointOf = endpointDecoder(this.p.classes, this.p.workloads);
    let delta: ReachabilityDelta;
    let refinement: Refinement | undefined;
    if (journaled) {
      // 2a. Mutate with the row journal on; the delta comes from the cells that changed.
      const journal = new RowJournal();
      this.p.rows.journal = journal;
      this.switched = new Map();
      try {
        refinement = mutate();
        this.flushFreedColumn();
        if (refinement) throw new Error('internal: a journaled event refined the atoms');
        const { classes, workloads, ports, combiner } = this.p;
        delta = journalDelta({ classes, workloads, ports, combiner, journal, switched: this.switched, visible: (f) => this.visible(f) }, endpointOf);
      } finally {
        for (const r of journal.born) r.derived = undefined;
        this.p.rows.journal = undefined;
        this.switched = undefined;
      }
    } else {
      // 2b. Collect the named pairs before and after, compare.
      const ctx = { combiner: this.p.combiner, workloads: this.p.workloads, classes: this.p.classes, visible: (f: IpFamily) => this.visible(f) };
      const before = collect(ctx, aff);
      refinement = mutate();
      this.flushFreedColumn();
      if (this.visible(6) !== wasV6) aff.families.add(6); // belt and braces: the prediction above should match
      const after = collect(ctx, aff);
      delta = diffCollected({ ports: this.p.ports, endpointOf }, before, after, expansionOf(refinement));
    }

    // 3. Housekeeping that had to wait for the delta: empty workloads, vanished atoms' ids.
    for (const w of touched) this.p.workloads.dropIfEmpty(w);
    for (const id of this.pendingFree) this.p.classes.release(id);
    this.pendingFree = [];
    if (delta.added.length || delta.removed.length || refinement) this.cached = undefined;
    return delta;
  }

  /**
   * Whether moving a pod from `old` to `next` (`shape`; `joined` its live class, if any) provably changes
   * no pair. A pod event can change only its workload's pairs (the other workloads keep their classes, and
   * those keep their rows and columns). A workload's pair values are unions over its classes, and
   * interchangeable classes (classes.ts) have equal pair values with every peer, in both directions; so
   * when the pod stays in one workload that has pods before and after, and every class the workload loses
   * or gains is interchangeable with one it has on the other side of the event, every pair value stays.
   * (The caller rules out a flip of the IPv6 family's visibility, which reaches the atoms' pairs.)
   * Cost: a few label comparisons, plus one per other class of the workload when the first guess fails.
   */
  private keepsPairs(old: PodRec | undefined, next: Pod | undefined, shape: PodShape | undefined, joined: PodClass | undefined): boolean {
    const readers = [this.subjectReaders, this.p.sel.podLabelReaders];
    const wl = old ? old.wl : this.p.workloads.byKey.get(workloadKey(next!));
    if (!wl || wl.pods === 0 || (old && next && workloadKey(next) !== wl.key)) return false; // a workload appears or changes
    if (!next && wl.pods === 1) return false; // the workload disappears
    const lost = old && wl.classes.get(old.cls.id) === 1 ? old.cls : undefined;
    const gained = next && !(joined && wl.classes.has(joined.id)) ? shape : undefined;
    // The class lost needs a twin among those kept or gained; the class gained, among those it had. The
    // likeliest twin is tried first: the class on the other side of the move (a relabel's old and new).
    if (lost && !this.hasTwin(readers, lost, wl, lost, shape)) return false;
    if (gained && !this.hasTwin(readers, gained, wl, undefined, old?.cls)) return false;
    return true;
  }

  /** Whether `c` is interchangeable with `first` or with a class of `wl` other than `skip`. */
  private hasTwin(readers: LabelReaders[], c: ClassTraits, wl: Workload, skip: PodClass | undefined, first: ClassTraits | undefined): boolean {
    if (first && interchangeable(c, first, readers)) return true;
    const all = this.p.classes.all;
    for (const id of wl.classes.keys()) {
      const other = all[id] as PodClass;
      if (other !== skip && other !== first && interchangeable(c, other, readers)) return true;
    }
    return false;
  }

  private predictV6(dPods: number, dNodes: number, dPolicies: number): boolean {
    return this.v6Pods + dPods > 0 || this.v6Nodes + dNodes > 0 || this.v6Policies + dPolicies > 0;
  }

  private setNamespace(name: string, labels: Namespace['labels']): void {
    const { sel, classes, rows } = this.p;
    // Only classes whose selector bits changed get new columns; every class of the namespace may get new
    // rows (admin subjects select by namespace labels).
    rows.columnsFlipped(sel.setNamespaceLabels(name, labels));
    this.bump(this.nsVersion, name);
    this.resign([...(classes.byNs.get(name) ?? [])]);
  }

  // ---------------------------------------------------------------- queries

  /**
   * How many connections connections() lists, computed by the same pass without building the list: for
   * clusters whose full pair list does not fit in memory (the XL benchmark), and for counts alone.
   */
  connectionCount(): number {
    if (this.cached) return this.cached.length;
    let n = 0;
    this.walkPairs(() => (_, __, ___, count) => {
      n += count;
    }, false);
    return n;
  }

  /**
   * Every connection, in connections() order, without building the list (pairs.ts) — for consumers of
   * clusters whose list does not fit in memory (XL: 34 million pairs). Nothing is kept. `f` receives the
   * engine's own endpoint and port-set objects (shared, not copies: read them, do not mutate them).
   */
  forEachConnection(f: (src: Endpoint, dst: Endpoint, ports: PortSet) => void): void {
    if (this.cached) {
      for (const c of this.cached) f(c.src, c.dst, c.ports);
      return;
    }
    const { ports } = this.p;
    this.walkPairs((eps) => (src, dsts, vals, count) => {
      const s = eps[src];
      for (let k = 0; k < count; k++) f(s, eps[dsts[k]], ports.get(vals[k]));
    }, true);
  }

  connections(): Connection[] {
    if (this.cached) return this.cached;
    const out: Connection[] = [];
    const { ports } = this.p;
    this.walkPairs((eps) => (src, dsts, vals, count) => {
      const s = eps[src];
      for (let k = 0; k < count; k++) out.push({ src: s, dst: eps[dsts[k]], ports: ports.get(vals[k]) });
    }, true);
    this.cached = out;
    return out;
  }

  /** Runs the all-pairs walk (pairs.ts); the sink's ranks index the endpoints it is made with. */
  private walkPairs(sinkFor: (endpoints: readonly Endpoint[]) => PairSink, sorted: boolean): void {
    const ctx = { classes: this.p.classes, workloads: this.p.workloads, ports: this.p.ports, visible: (f: IpFamily) => this.visible(f) };
    const ranked = rankEndpoints(ctx);
    new PairWalk(ctx, ranked).run(sinkFor(ranked.endpoints), sorted);
  }

  analysis(): AnalysisResult {
    return { profile: this.cni, connections: this.connections(), warnings: [] };
  }

  portsBetween(src: PeerRef, dst: PeerRef): PortSet {
    const s = this.resolve(src);
    const d = this.resolve(dst);
    if (s === undefined || d === undefined) {
      // A pod the engine does not know: answer from the reference evaluator over the current state.
      return naivePortsBetween(this.snapshot(), this.opts, src, dst);
    }
    if (s.kind === 'atom' && d.kind === 'atom') throw new Error('a connection needs at least one pod end');
    return this.p.ports.get(this.p.combiner.pairVal(s, d));
  }

  private resolve(ref: PeerRef): EndpointClass | undefined {
    if ('ip' in ref) return this.p.classes.all[this.p.atoms.lookupText(ref.ip)];
    return this.pods.get(objectKey('Pod', ref.pod))?.cls;
  }

  snapshot(): ClusterState {
    return {
      namespaces: [...this.namespaces.values()],
      pods: [...this.pods.values()].map((r) => r.pod),
      nodes: [...this.nodes.values()],
      services: [...this.services.values()],
      networkPolicies: [...this.nps.values()].map((r) => r.np),
      adminNetworkPolicies: [...this.anps.values()].map((r) => r.policy as AdminNetworkPolicy),
      baselineAdminNetworkPolicy: this.banp?.policy as BaselineAdminNetworkPolicy | undefined,
    };
  }

  /** Sizes, for benchmarks and debugging. */
  stats(): { podClasses: number; atoms: number; selectors: number; rows: number; portSets: number; workloads: number; interchangeableMoves: number } {
    return {
      podClasses: this.p.classes.byKey.size,
      atoms: this.p.classes.atoms.size,
      selectors: this.p.sel.size,
      rows: this.p.rows.size,
      portSets: this.p.ports.size,
      workloads: this.p.workloads.byKey.size,
      interchangeableMoves: this.interchangeableMoves,
    };
  }
}

interface Signature {
  key: string;
  dir: Dir;
  anp: RulesPart;
  np: RulesPart | null;
  banp: RulesPart | null;
  subjectPorts: number;
}

function planOf(s: Signature): Plan {
  return makePlan(s.dir, s.anp.rules, s.np === null ? null : s.np.rules, s.banp === null ? null : s.banp.rules, s.subjectPorts);
}


interface SigParts {
  npVer: number;
  /** null: no NP isolates the class for the direction. */
  np: Record<Dir, RulesPart | null>;
  adminVer: number;
  nsVer: number;
  anp: AnpPart;
  /** The BANP's rules when it selects the class (whether it applies depends on NP isolation). */
  banp: Record<Dir, RulesPart | null>;
}

function subjectPodSelector(s: AdminSubject): LabelSelector | undefined {
  return 'pods' in s ? s.pods.podSelector : undefined;
}

/** Placeholder until a class's admin parts are first computed (sigParts always computes them then). */
const EMPTY_ANP: AnpPart = { id: 0, names: [], egress: rulesPart([]), ingress: rulesPart([]) };
const NO_BANP: Record<Dir, RulesPart | null> = { egress: null, ingress: null };

/** The isolating NPs' rules for a direction as a set (deduplicated by structure, ordered by sid), or null. */
function npPart(recs: NpRecord[], dir: Dir): RulesPart | null {
  const type = TYPE[dir];
  let isolated = false;
  const bySid = new Map<number, CompiledRule>();
  for (const r of recs) {
    if (!r.np.policyTypes.includes(type)) continue;
    isolated = true;
    for (const rule of r.cp[dir]) if (!bySid.has(rule.sid)) bySid.set(rule.sid, rule);
  }
  return isolated ? rulesPart([...bySid.values()].sort((a, b) => a.sid - b.sid)) : null;
}
