import type { AlertAction, AuditInput, EdgeDstRowInput, EdgeGroupRowInput, EdgeRowInput, PostureRowInput, ReachabilityChangeInput, WorkerCommit } from '@reachwatch/db';
import { StepEffects, Summaries } from './cluster-core';
import { edgeRow } from './rows';

type EdgeWrite = { upsert: EdgeRowInput } | { delete: { srcKey: string; dstKey: string } };

/**
 * The effects of consecutive events (fromSeq, toSeq], netted into one commit: the last value of each
 * edge and posture row wins; reachability changes, audits and alerts keep every event's rows in order.
 */
export class StepBatch {
  toSeq: number;
  events = 0;
  /** Rough size of what the commit will write, to keep transactions small. */
  weight = 0;
  private readonly edges = new Map<string, EdgeWrite>();
  private readonly posture = new Map<string, PostureRowInput | null>();
  private readonly dsts = new Map<string, EdgeDstRowInput | null>();
  private readonly groups = new Map<string, EdgeGroupRowInput | null>();
  /** Set by a rebuild: the stored summaries are replaced by these rows. */
  private replaceSummaries = false;
  private readonly changes: ReachabilityChangeInput[] = [];
  private readonly audits: AuditInput[] = [];
  private readonly alerts: AlertAction[] = [];

  constructor(readonly fromSeq: number) {
    this.toSeq = fromSeq;
  }

  add(fx: StepEffects): void {
    if (fx.seq <= this.toSeq) throw new Error(`internal: event ${fx.seq} is not after ${this.toSeq}`);
    this.toSeq = fx.seq;
    this.events++;
    for (const c of fx.edges.upserts) {
      const row = edgeRow(c, fx.seq);
      this.edges.set(`${row.srcKey}\u0000${row.dstKey}`, { upsert: row });
    }
    for (const d of fx.edges.deletes) this.edges.set(`${d.srcKey}\u0000${d.dstKey}`, { delete: { srcKey: d.srcKey, dstKey: d.dstKey } });
    this.addSummaries(fx.summaries);
    for (const [ns, row] of fx.posture) this.posture.set(ns, row);
    if (fx.change) this.changes.push(fx.change);
    if (fx.audit) this.audits.push(fx.audit);
    this.alerts.push(...fx.alerts);
    this.weight += 1 + fx.edges.upserts.length + fx.edges.deletes.length + fx.summaries.groups.size + fx.posture.size + (fx.change ? fx.change.added.length + fx.change.removed.length : 0);
  }

  /**
   * Rows that only set edges and posture (a rebuild's corrections), and every summary row (a rebuild
   * replaces the stored summaries: comparing them would cost as much as rewriting them).
   */
  addCorrections(
    edges: { upserts: EdgeRowInput[]; deletes: { srcKey: string; dstKey: string }[] },
    posture: Map<string, PostureRowInput | null>,
    allSummaries: Summaries,
  ): void {
    this.replaceSummaries = true;
    this.addSummaries(allSummaries);
    for (const row of edges.upserts) this.edges.set(`${row.srcKey}\u0000${row.dstKey}`, { upsert: row });
    for (const d of edges.deletes) this.edges.set(`${d.srcKey}\u0000${d.dstKey}`, { delete: { srcKey: d.srcKey, dstKey: d.dstKey } });
    for (const [ns, row] of posture) this.posture.set(ns, row);
  }

  private addSummaries(s: Summaries): void {
    for (const [k, row] of s.dsts) this.dsts.set(k, row);
    for (const [k, row] of s.groups) this.groups.set(k, row);
  }

  /** Moves the cursor without effects (the journal head after a resync). */
  advanceTo(seq: number): void {
    this.toSeq = Math.max(this.toSeq, seq);
  }

  commit(clusterId: string, workerId: string): WorkerCommit {
    const edgeUpserts: EdgeRowInput[] = [];
    const edgeDeletes: { srcKey: string; dstKey: string }[] = [];
    for (const w of this.edges.values()) {
      if ('upsert' in w) edgeUpserts.push(w.upsert);
      else edgeDeletes.push(w.delete);
    }
    const postureUpserts: PostureRowInput[] = [];
    const postureDeletes: string[] = [];
    for (const [ns, row] of this.posture) {
      if (row) postureUpserts.push(row);
      else postureDeletes.push(ns);
    }
    const summaries: WorkerCommit['summaries'] = { replaceAll: this.replaceSummaries, dstUpserts: [], dstDeletes: [], groupUpserts: [], groupDeletes: [] };
    for (const [k, row] of this.dsts) {
      if (row) summaries.dstUpserts.push(row);
      else if (!this.replaceSummaries) summaries.dstDeletes.push(k);
    }
    for (const [k, row] of this.groups) {
      if (row) summaries.groupUpserts.push(row);
      else if (!this.replaceSummaries) {
        const [dstKey, srcGroup] = k.split('\u0000');
        summaries.groupDeletes.push({ dstKey, srcGroup });
      }
    }
    return {
      clusterId, workerId, fromSeq: this.fromSeq, toSeq: this.toSeq, edgeUpserts, edgeDeletes, summaries, postureUpserts, postureDeletes,
      changes: this.changes, audits: this.audits, alerts: this.alerts,
    };
  }
}
