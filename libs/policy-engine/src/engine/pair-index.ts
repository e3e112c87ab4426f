import { Endpoint, endpointKey } from '../analysis';
import { IpFamily } from '../ip';
import { ClassRegistry, WorkloadRegistry } from './classes';
import * as I from './port-ids';
import { PortIds } from './port-ids';
import * as R from './rows';
import { Row } from './rows';

/**
 * What the all-pairs walk (pairs.ts) reads besides the rows, built once per walk from the live classes
 * and dropped after it (so it never needs incremental upkeep): the endpoints in list order, each class's
 * destination rank, and the ingress rows indexed by source block.
 */

// Module locals: the CommonJS output reads imports through getters (see combine.ts).
const { NONE } = I;
const { BLOCK, BLOCK_SHIFT } = R;

export interface PairContext {
  classes: ClassRegistry;
  workloads: WorkloadRegistry;
  ports: PortIds;
  visible: (f: IpFamily) => boolean;
}

/** The endpoints pairs are listed between, in endpointKey order. */
export interface Ranked {
  endpoints: Endpoint[];
  isAtom: Uint8Array;
  /** Workload id or atom class id per rank. */
  ids: Int32Array;
}

export function rankEndpoints(ctx: PairContext): Ranked {
  const list: { key: string; ep: Endpoint; isAtom: boolean; id: number }[] = [];
  for (const w of ctx.workloads.all) if (w && w.pods > 0) list.push({ key: endpointKey(w.endpoint), ep: w.endpoint, isAtom: false, id: w.id });
  for (const a of ctx.classes.atoms) if (ctx.visible(a.family)) list.push({ key: endpointKey(a.endpoint), ep: a.endpoint, isAtom: true, id: a.id });
  list.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return {
    endpoints: list.map((e) => e.ep),
    isAtom: Uint8Array.from(list, (e) => (e.isAtom ? 1 : 0)),
    ids: Int32Array.from(list, (e) => e.id),
  };
}

/** Destination classes without an ingress row (host-network classes) of one block. */
export interface HostBlock {
  block: number;
  ids: Int32Array;
  /** The distinct destination ranks of `ids`. */
  ranks: Int32Array;
}

export class PairIndex {
  /** Per class id: its destination rank; -1 none (free id, invisible atom); ≤ -2 a class of several workloads (multi[-2 - r]). */
  readonly dstRank: Int32Array;
  readonly multi: Int32Array[] = [];
  /**
   * Ingress groups, flattened: group g's destination classes (the users of one ingress row, host classes
   * aside) are users[gStart[g] .. gStart[g + 1]), and ranks[] holds their destination ranks (dstRank).
   */
  readonly gStart: Int32Array;
  readonly users: Int32Array;
  readonly ranks: Int32Array;
  /**
   * Per source block sb, its groups not closed there are sbGroups[sbStart[sb] .. sbStart[sb + 1]), with
   * the block's entry in the group's row: sbTab (≥ 0 a uniform port-set id) or sbChunk (the dense chunk).
   */
  readonly sbStart: Int32Array;
  readonly sbGroups: Int32Array;
  readonly sbTab: Int32Array;
  readonly sbChunk: (Int32Array | null)[];
  /** Per source block: a bound on the cells a walk of its groups visits. */
  readonly sbCost: Float64Array;
  /** The most groups any block has. */
  readonly widest: number;
  /** Destination classes without an ingress row, by block (ascending). */
  readonly hostBlocks: HostBlock[] = [];

  constructor(ctx: PairContext, ranked: Ranked) {
    const { classes } = ctx;
    const nb = (classes.size + BLOCK - 1) >>> BLOCK_SHIFT;
    const wRank = new Int32Array(ctx.workloads.all.length).fill(-1);
    this.dstRank = new Int32Array(classes.size).fill(-1);
    ranked.ids.forEach((id, r) => {
      if (ranked.isAtom[r]) this.dstRank[id] = r;
      else wRank[id] = r;
    });
    const rows = new Map<Row, number[]>();
    const hosts = new Map<number, number[]>();
    for (const c of classes.byKey.values()) {
      const ranks = c.wl.map((w) => wRank[w]).filter((r) => r >= 0);
      if (ranks.length === 1) this.dstRank[c.id] = ranks[0];
      else if (ranks.length > 1) {
        this.dstRank[c.id] = -2 - this.multi.length;
        this.multi.push(Int32Array.from(ranks));
      }
      // A class without an ingress row admits everyone: it is a target of every egress row (pairs.ts).
      if (c.ingress === null) listOf(hosts, c.id >>> BLOCK_SHIFT).push(c.id);
      else listOf(rows, c.ingress).push(c.id);
    }
    for (const [block, ids] of [...hosts].sort((x, y) => x[0] - y[0])) {
      const ranks = new Set<number>();
      for (const id of ids) this.forRanks(id, (r) => ranks.add(r));
      this.hostBlocks.push({ block, ids: Int32Array.from(ids), ranks: Int32Array.from(ranks) });
    }
    const perBlock: Row[][] = Array.from({ length: nb }, () => []);
    const groupOf = new Map<Row, number>();
    this.gStart = new Int32Array(rows.size + 1);
    this.users = new Int32Array(classes.byKey.size);
    this.sbCost = new Float64Array(nb);
    let at = 0;
    for (const [row, users] of rows) {
      const g = groupOf.size;
      groupOf.set(row, g);
      this.users.set(users.sort((x, y) => x - y), at);
      at += users.length;
      this.gStart[g + 1] = at;
      for (let b = 0; b < nb; b++) {
        if (row.tab[b] === NONE) continue;
        perBlock[b].push(row);
        this.sbCost[b] += 1 + users.length;
      }
    }
    this.ranks = this.users.map((id) => this.dstRank[id]);
    this.sbStart = new Int32Array(nb + 1);
    for (let b = 0; b < nb; b++) this.sbStart[b + 1] = this.sbStart[b] + perBlock[b].length;
    const total = this.sbStart[nb];
    this.sbGroups = new Int32Array(total);
    this.sbTab = new Int32Array(total);
    this.sbChunk = new Array<Int32Array | null>(total).fill(null);
    for (let b = 0; b < nb; b++) {
      perBlock[b].forEach((row, x) => {
        const k = this.sbStart[b] + x;
        const t = row.tab[b];
        this.sbGroups[k] = groupOf.get(row)!;
        this.sbTab[k] = t;
        if (t < 0) this.sbChunk[k] = row.chunks[~t];
      });
    }
    this.widest = perBlock.reduce((m, l) => Math.max(m, l.length), 0);
  }

  /** Calls f with each destination rank of a class. */
  forRanks(id: number, f: (r: number) => void): void {
    const r = this.dstRank[id];
    if (r >= 0) f(r);
    else if (r <= -2) for (const x of this.multi[-2 - r]) f(x);
  }
}

function listOf<K>(m: Map<K, number[]>, k: K): number[] {
  let l = m.get(k);
  if (!l) m.set(k, (l = []));
  return l;
}
