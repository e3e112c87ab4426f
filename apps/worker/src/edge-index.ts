import { Connection, Endpoint, NamespaceExposure, PortSet, ReachabilityDelta, endpointKey, namespaceExposure } from '@reachwatch/policy-engine';

export interface EdgeChanges {
  /** Pairs whose ports changed or appeared: their current connection. */
  upserts: Connection[];
  /** Pairs no longer allowed at all. */
  deletes: EdgeKey[];
}

export interface EdgeKey {
  srcKey: string;
  dstKey: string;
  /** The destination workload's namespace (null for an external range): whose posture may change. */
  dstNamespace: string | null;
}

const pairKey = (srcKey: string, dstKey: string) => `${srcKey}\u0000${dstKey}`;

/**
 * The source group of an edge: its source workload's namespace, or for an external address range its own
 * key (each range is its own group; namespace names cannot contain "[", so the two never collide).
 */
export const srcGroupOf = (src: Endpoint) => (src.type === 'workload' ? src.namespace : endpointKey(src));
/** The same from an endpoint key (`ns/name[Kind]`, or `<cidr>…[External]`). */
export const srcGroupOfKey = (key: string) => (key.endsWith('[External]') ? key : key.slice(0, key.indexOf('/')));

/** One destination's fan-in (edge_dst row). */
export interface DstSummary {
  dstKey: string;
  dst: Endpoint;
  dstNamespace: string | null;
  inbound: number;
}

/** The edges from one source group into one destination (edge_group row). */
export interface GroupSummary {
  dstKey: string;
  srcGroup: string;
  /** The external range when the group is one (null for a namespace). */
  src: Endpoint | null;
  dstNamespace: string | null;
  sources: number;
  allPorts: boolean;
  /** Distinct port lists (PortSet.toList()) of the edges that do not allow every port, sorted by their text. */
  portLists: unknown[];
}

/**
 * The current workload-level connections of one cluster, as the edge table holds them, with indexes by
 * destination namespace (what posture reads) and source namespace (egress alerts). Kept equal to engine.connections() by applying each exact
 * delta; after an event that cut the external address space anew (new atoms), by a full comparison.
 */
export class EdgeIndex {
  private readonly edges = new Map<string, Connection>();
  private readonly byDstNs = new Map<string, Set<string>>();
  private readonly bySrcNs = new Map<string, Set<string>>();
  /** dst key → source group → pair keys: what edge_dst and edge_group summarise. */
  private readonly byDst = new Map<string, Map<string, Set<string>>>();
  /** Inbound edge count per destination key (kept with byDst, so a fan-in row costs no walk). */
  private readonly inboundCount = new Map<string, number>();
  /**
   * Per destination namespace, what its exposure is made of, kept as groups come and go: for each source
   * namespace, how many (destination, that namespace) groups reach it; for each destination workload, how
   * many external groups that the engine counts as the internet reach it. Posture reads these instead of
   * walking inbound edges.
   */
  private readonly exposure = new Map<string, { fromNs: Map<string, number>; exposed: Map<string, number> }>();
  /** Destination keys of workloads per namespace (the destinations posture reads). */
  private readonly dstsByNs = new Map<string, Set<string>>();

  constructor(initial: readonly Connection[] = []) {
    for (const c of initial) this.set(pairKey(endpointKey(c.src), endpointKey(c.dst)), c);
  }

  get size(): number {
    return this.edges.size;
  }

  all(): Connection[] {
    return [...this.edges.values()];
  }

  /** The ports currently allowed from `src` to `dst` (empty when the pair has no edge). */
  portsOf(src: Endpoint, dst: Endpoint): PortSet {
    return this.edges.get(pairKey(endpointKey(src), endpointKey(dst)))?.ports ?? PortSet.NONE;
  }

  /** Connections into workloads of namespace `ns`. */
  inbound(ns: string): Connection[] {
    return [...(this.byDstNs.get(ns) ?? [])].map((k) => this.edges.get(k)!);
  }

  /** Connections out of workloads of namespace `ns`. */
  outbound(ns: string): Connection[] {
    return [...(this.bySrcNs.get(ns) ?? [])].map((k) => this.edges.get(k)!);
  }

  /** The exposure of namespace `ns` now (the engine's namespaceExposure of its inbound connections). */
  exposureOf(ns: string): NamespaceExposure {
    const e = this.exposure.get(ns);
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return { internetExposedWorkloads: [...(e?.exposed.keys() ?? [])].sort(cmp), reachableFromNamespaces: [...(e?.fromNs.keys() ?? [])].sort(cmp) };
  }

  /**
   * A (destination, source group) appeared (+1) or went (-1): what it adds to its namespace's exposure is
   * decided by the engine on one of its connections (all connections of a group count alike).
   */
  private countGroup(c: Connection, step: 1 | -1): void {
    if (c.dst.type !== 'workload') return;
    const ns = c.dst.namespace;
    const x = namespaceExposure(ns, [c]);
    if (!x.internetExposedWorkloads.length && !x.reachableFromNamespaces.length) return;
    let e = this.exposure.get(ns);
    if (!e) this.exposure.set(ns, (e = { fromNs: new Map(), exposed: new Map() }));
    const bump = (m: Map<string, number>, k: string) => {
      const n = (m.get(k) ?? 0) + step;
      if (n === 0) m.delete(k);
      else m.set(k, n);
    };
    for (const w of x.internetExposedWorkloads) bump(e.exposed, w);
    for (const from of x.reachableFromNamespaces) bump(e.fromNs, from);
    if (e.exposed.size === 0 && e.fromNs.size === 0) this.exposure.delete(ns);
  }

  /** The fan-in row of a destination now (null: no edge reaches it). */
  dstSummary(dstKey: string): DstSummary | null {
    const groups = this.byDst.get(dstKey);
    if (!groups) return null;
    const dst = this.edges.get(groups.values().next().value!.values().next().value!)!.dst;
    return { dstKey, dst, dstNamespace: dst.type === 'workload' ? dst.namespace : null, inbound: this.inboundCount.get(dstKey)! };
  }

  /** The summary of one (destination, source group) now (null: no such edges). */
  groupSummary(dstKey: string, srcGroup: string): GroupSummary | null {
    const keys = this.byDst.get(dstKey)?.get(srcGroup);
    if (!keys) return null;
    let allPorts = false;
    let dstNamespace: string | null = null;
    let src: Endpoint | null = null;
    const lists = new Map<string, unknown>();
    for (const k of keys) {
      const c = this.edges.get(k)!;
      if (c.src.type === 'external') src = c.src;
      dstNamespace = c.dst.type === 'workload' ? c.dst.namespace : null;
      if (c.ports.isAll()) allPorts = true;
      else {
        const text = c.ports.toString();
        if (!lists.has(text)) lists.set(text, c.ports.toList());
      }
    }
    const portLists = [...lists].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, l]) => l);
    return { dstKey, srcGroup, src, dstNamespace, sources: keys.size, allPorts, portLists };
  }

  /** Every destination and every group (a baseline or a rebuild writes them all). */
  allSummaries(): { dsts: DstSummary[]; groups: GroupSummary[] } {
    const dsts: DstSummary[] = [];
    const groups: GroupSummary[] = [];
    for (const [dstKey, byGroup] of this.byDst) {
      dsts.push(this.dstSummary(dstKey)!);
      for (const g of byGroup.keys()) groups.push(this.groupSummary(dstKey, g)!);
    }
    return { dsts, groups };
  }

  /** Adds a delta's ports, removes its removed ports; returns the rows to write. */
  applyDelta(delta: ReachabilityDelta): EdgeChanges {
    const touched = new Map<string, EdgeKey>();
    const step = (c: Connection, f: (old: PortSet) => PortSet) => {
      const srcKey = endpointKey(c.src);
      const dstKey = endpointKey(c.dst);
      const k = pairKey(srcKey, dstKey);
      const ports = f(this.edges.get(k)?.ports ?? PortSet.NONE);
      if (ports.isEmpty()) this.drop(k);
      else this.set(k, { src: c.src, dst: c.dst, ports });
      touched.set(k, { srcKey, dstKey, dstNamespace: c.dst.type === 'workload' ? c.dst.namespace : null });
    };
    for (const c of delta.removed) step(c, (old) => old.subtract(c.ports));
    for (const c of delta.added) step(c, (old) => old.union(c.ports));
    return this.changesOf(touched);
  }

  /** Makes the index equal to `connections` (a full list from the engine); returns the rows to write. */
  replaceAll(connections: readonly Connection[]): EdgeChanges {
    const next = new Map<string, Connection>();
    for (const c of connections) next.set(pairKey(endpointKey(c.src), endpointKey(c.dst)), c);
    const touched = new Map<string, EdgeKey>();
    for (const [k, c] of this.edges) {
      if (!next.has(k)) {
        touched.set(k, { srcKey: endpointKey(c.src), dstKey: endpointKey(c.dst), dstNamespace: c.dst.type === 'workload' ? c.dst.namespace : null });
        this.drop(k);
      }
    }
    for (const [k, c] of next) {
      const old = this.edges.get(k);
      if (old && old.ports.equals(c.ports)) continue;
      this.set(k, c);
      touched.set(k, { srcKey: endpointKey(c.src), dstKey: endpointKey(c.dst), dstNamespace: c.dst.type === 'workload' ? c.dst.namespace : null });
    }
    return this.changesOf(touched);
  }

  /**
   * Compares with stored rows (`src_key \0 dst_key` → ports_text, see WorkerStateRepository.storedEdges)
   * and says what to write to make them equal to this index.
   */
  reconcile(stored: ReadonlyMap<string, string>): EdgeChanges {
    const out: EdgeChanges = { upserts: [], deletes: [] };
    const seen = new Set<string>();
    for (const c of this.edges.values()) {
      const srcKey = endpointKey(c.src);
      const dstKey = endpointKey(c.dst);
      const k = pairKey(srcKey, dstKey);
      seen.add(k);
      if (stored.get(k) !== c.ports.toString()) out.upserts.push(c);
    }
    for (const k of stored.keys()) {
      if (seen.has(k)) continue;
      const [srcKey, dstKey] = k.split('\u0000');
      out.deletes.push({ srcKey, dstKey, dstNamespace: null });
    }
    return out;
  }

  private set(k: string, c: Connection): void {
    this.edges.set(k, c);
    const dstKey = endpointKey(c.dst);
    let groups = this.byDst.get(dstKey);
    if (!groups) {
      this.byDst.set(dstKey, (groups = new Map()));
      if (c.dst.type === 'workload') {
        let d = this.dstsByNs.get(c.dst.namespace);
        if (!d) this.dstsByNs.set(c.dst.namespace, (d = new Set()));
        d.add(dstKey);
      }
    }
    const g = srcGroupOf(c.src);
    let keys = groups.get(g);
    if (!keys) {
      groups.set(g, (keys = new Set()));
      this.countGroup(c, 1);
    }
    if (!keys.has(k)) {
      keys.add(k);
      this.inboundCount.set(dstKey, (this.inboundCount.get(dstKey) ?? 0) + 1);
    }
    if (c.dst.type === 'workload') {
      let s = this.byDstNs.get(c.dst.namespace);
      if (!s) this.byDstNs.set(c.dst.namespace, (s = new Set()));
      s.add(k);
    }
    if (c.src.type === 'workload') {
      let s = this.bySrcNs.get(c.src.namespace);
      if (!s) this.bySrcNs.set(c.src.namespace, (s = new Set()));
      s.add(k);
    }
  }

  private drop(k: string): void {
    const c = this.edges.get(k);
    if (!c) return;
    this.edges.delete(k);
    const dstKey = endpointKey(c.dst);
    const groups = this.byDst.get(dstKey);
    const g = srcGroupOf(c.src);
    const keys = groups?.get(g);
    if (keys?.delete(k)) {
      const n = this.inboundCount.get(dstKey)! - 1;
      if (n === 0) this.inboundCount.delete(dstKey);
      else this.inboundCount.set(dstKey, n);
    }
    if (keys && keys.size === 0) {
      groups!.delete(g);
      this.countGroup(c, -1);
    }
    if (groups && groups.size === 0) {
      this.byDst.delete(dstKey);
      if (c.dst.type === 'workload') {
        const d = this.dstsByNs.get(c.dst.namespace);
        d?.delete(dstKey);
        if (d && d.size === 0) this.dstsByNs.delete(c.dst.namespace);
      }
    }
    if (c.dst.type === 'workload') {
      const s = this.byDstNs.get(c.dst.namespace);
      s?.delete(k);
      if (s && s.size === 0) this.byDstNs.delete(c.dst.namespace);
    }
    if (c.src.type === 'workload') {
      const s = this.bySrcNs.get(c.src.namespace);
      s?.delete(k);
      if (s && s.size === 0) this.bySrcNs.delete(c.src.namespace);
    }
  }

  private changesOf(touched: Map<string, EdgeKey>): EdgeChanges {
    const out: EdgeChanges = { upserts: [], deletes: [] };
    for (const [k, keys] of touched) {
      const c = this.edges.get(k);
      if (c) out.upserts.push(c);
      else out.deletes.push(keys);
    }
    return out;
  }
}
