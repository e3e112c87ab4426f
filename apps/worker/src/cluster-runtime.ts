import type { WorkerEffectsRepository, WorkerStateRepository, WorkerUpdateNotice } from '@reachwatch/db';
import { ClusterCore, edgeRows } from './cluster-core';
import { StepBatch } from './step-batch';

export interface RuntimeDeps {
  workerId: string;
  state: WorkerStateRepository;
  effects: WorkerEffectsRepository;
  log: (line: string) => void;
  /** Events read per query. */
  readBatch: number;
  /** At most this many events, or this much written weight, per transaction. */
  maxEventsPerCommit: number;
  maxWeightPerCommit: number;
}

export interface ProblemNote {
  seq: number;
  kind: string;
  name: string;
  code: string;
  message: string;
}

/**
 * One cluster owned by this worker: its in-memory core and its durable cursor, kept equal. Any failure
 * (a commit refused, a database error) leaves the core ahead of the database: the caller must then
 * drop this runtime and open a new one, which starts again from what was committed.
 */
export class ClusterRuntime {
  readonly problems: ProblemNote[] = [];

  private constructor(
    readonly clusterId: string,
    private readonly deps: RuntimeDeps,
    private readonly core: ClusterCore,
    public cursor: number,
  ) {}

  /**
   * Rebuilds the engine from the objects at the cursor, then makes the stored edges and posture equal to
   * it (a fresh engine may cut external ranges more coarsely than the one that wrote them) in one commit
   * that also checks the lease and the cursor.
   */
  static async open(clusterId: string, deps: RuntimeDeps): Promise<ClusterRuntime> {
    const state = await deps.state.loadState(clusterId);
    const core = new ClusterCore(state.cni, state.objects);
    for (const a of await deps.state.openAlertKeys(clusterId)) core.openAlerts.add(a);
    const rt = new ClusterRuntime(clusterId, deps, core, state.cursor);
    for (const p of core.loadProblems) rt.note({ seq: state.seq, kind: p.kind, name: p.uid, code: p.code, message: p.message });
    if (state.resynced) {
      deps.log(`cluster ${clusterId}: the journal no longer holds events ${state.cursor + 1}..${state.head}; resynced from the current state (their audit and alerts are lost)`);
    }
    const batch = new StepBatch(state.cursor);
    batch.advanceTo(state.seq);
    const posture = core.allPosture(state.seq);
    for (const ns of await deps.state.postureNamespaces(clusterId)) if (!posture.has(ns)) posture.set(ns, null);
    batch.addCorrections(edgeRows(core.edges.reconcile(await deps.state.storedEdges(clusterId)), state.seq), posture);
    await deps.effects.commit(batch.commit(clusterId, deps.workerId));
    rt.cursor = state.seq;
    return rt;
  }

  /**
   * Applies journal events after the cursor, up to `maxEvents`, committing every few events. Returns
   * how many were applied (0: caught up) and the notices of the commits.
   */
  async catchUp(maxEvents: number, shouldStop: () => boolean = () => false): Promise<{ applied: number; notices: WorkerUpdateNotice[] }> {
    const { deps } = this;
    let applied = 0;
    const notices: WorkerUpdateNotice[] = [];
    while (applied < maxEvents && !shouldStop()) {
      const events = await deps.state.readEvents(this.clusterId, this.cursor, Math.min(deps.readBatch, maxEvents - applied));
      if (events.length === 0) break;
      let batch = new StepBatch(this.cursor);
      for (const e of events) {
        if (e.seq !== batch.toSeq + 1) throw new Error(`cluster ${this.clusterId}: journal gap after seq ${batch.toSeq} (next is ${e.seq})`);
        const fx = this.core.apply(e);
        if (fx.problem) {
          this.note(fx.problem);
          deps.log(`cluster ${this.clusterId} seq ${fx.problem.seq}: ${fx.problem.kind} ${fx.problem.name} treated as absent: ${fx.problem.message}`);
        }
        batch.add(fx);
        if (batch.events >= deps.maxEventsPerCommit || batch.weight >= deps.maxWeightPerCommit) {
          notices.push(await deps.effects.commit(batch.commit(this.clusterId, deps.workerId)));
          this.cursor = batch.toSeq;
          batch = new StepBatch(this.cursor);
        }
      }
      if (batch.events > 0) {
        notices.push(await deps.effects.commit(batch.commit(this.clusterId, deps.workerId)));
        this.cursor = batch.toSeq;
      }
      applied += events.length;
    }
    return { applied, notices };
  }

  /** The engine's current state (tests compare it with a fresh computation). */
  get engine(): ClusterCore['engine'] {
    return this.core.engine;
  }

  get model(): ClusterCore['model'] {
    return this.core.model;
  }

  private note(p: ProblemNote): void {
    this.problems.push(p);
    if (this.problems.length > 50) this.problems.shift();
  }
}
