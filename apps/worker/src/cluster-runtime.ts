import type { AlertRuleConfigRepository, WorkerEffectsRepository, WorkerStateRepository, WorkerUpdateNotice } from '@reachwatch/db';
import { AlertSettings } from './alerts';
import { ClusterCore, edgeRows } from './cluster-core';
import { initialSyncPending } from './initial-sync';
import { edgeRow } from './rows';
import { StepBatch } from './step-batch';

export interface RuntimeDeps {
  workerId: string;
  state: WorkerStateRepository;
  effects: WorkerEffectsRepository;
  alertRules: AlertRuleConfigRepository;
  log: (line: string) => void;
  /** Events read per query. */
  readBatch: number;
  /** At most this many events, or this much written weight, per transaction. */
  maxEventsPerCommit: number;
  maxWeightPerCommit: number;
  /**
   * How long the first computation of a cluster waits for its agent's initial relist to end (see
   * initial-sync.ts) while no new event arrives, before it is taken anyway (a sync still streaming in is
   * waited for up to 20 times this). Default 30 s.
   */
  initialSyncWaitMs?: number;
  /** At most one posture sample (trend point) per cluster per this interval. Default 5 min. */
  sampleIntervalMs?: number;
}

/** A sync still streaming in is waited for up to this many times initialSyncWaitMs. */
const MAX_SYNC_WAIT_FACTOR = 20;

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
 *
 * A cluster whose cursor is 0 has never been computed. Its first computation is a BASELINE: the engine is
 * loaded straight from k8s_object at the journal head (one snapshot), every edge and posture row is written
 * in one transaction and the cursor jumps to the head. The events it covers (typically the initial sync:
 * one ADDED per object) get no reachability_change, policy_audit or alert rows: there is no "before" worth
 * reporting, and replaying 70k events one by one took minutes on a large cluster. Every event after the
 * baseline is applied one by one, with all its effects.
 */
export class ClusterRuntime {
  readonly problems: ProblemNote[] = [];
  /** Set while the baseline waits for the initial sync: since when, the head last seen and when it moved. */
  private waiting: { since: number; head: number; progressAt: number } | undefined;
  /** The alert-rule configuration version the core runs with (-1: not loaded yet). */
  private rulesVersion = -1;
  private lastSampleAt = 0;

  private constructor(
    readonly clusterId: string,
    private readonly deps: RuntimeDeps,
    /** Undefined until the baseline is committed (cursor 0). */
    private core: ClusterCore | undefined,
    public cursor: number,
  ) {}

  /**
   * A cluster never computed (cursor 0) opens empty: its first catchUp takes the baseline. Otherwise
   * rebuilds the engine from the objects at the cursor, then makes the stored edges and posture equal to
   * it (a fresh engine may cut external ranges more coarsely than the one that wrote them) in one commit
   * that also checks the lease and the cursor.
   */
  static async open(clusterId: string, deps: RuntimeDeps): Promise<ClusterRuntime> {
    if ((await deps.state.cursor(clusterId)) === 0) return new ClusterRuntime(clusterId, deps, undefined, 0);
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
    batch.addCorrections(edgeRows(core.edges.reconcile(await deps.state.storedEdges(clusterId)), state.seq), posture, core.allSummaries());
    await deps.effects.commit(batch.commit(clusterId, deps.workerId));
    rt.cursor = state.seq;
    return rt;
  }

  /**
   * Applies journal events after the cursor, up to `maxEvents`, committing every few events. Returns
   * how many were applied (0: caught up) and the notices of the commits.
   *
   * One commit is in flight while the next step is computed: the core runs ahead of the database anyway
   * (see the class comment), and overlapping the two kept both the worker and Postgres busy where they
   * used to take turns. Steps still commit in order, each after the previous one succeeded; the first
   * failure is thrown (after the step in flight settled) and the caller drops this runtime.
   */
  async catchUp(maxEvents: number, shouldStop: () => boolean = () => false): Promise<{ applied: number; notices: WorkerUpdateNotice[] }> {
    const { deps } = this;
    if (!this.core) {
      const notice = await this.baseline();
      // The loop comes back for the events after the head (applied > 0 says there may be more).
      return notice ? { applied: notice.seq, notices: [notice] } : { applied: 0, notices: [] };
    }
    const core = this.core;
    await this.refreshAlertSettings(core);
    let applied = 0;
    /** The last seq applied to the core (ahead of `cursor` while a step is uncommitted). */
    let position = this.cursor;
    const notices: WorkerUpdateNotice[] = [];
    let inFlight: Promise<void> | undefined;
    const send = async (batch: StepBatch) => {
      const step = batch.commit(this.clusterId, deps.workerId);
      if (inFlight) await inFlight;
      inFlight = deps.effects.commit(step).then((notice) => {
        notices.push(notice);
        this.cursor = step.toSeq;
      });
      // Observed here so that a failure while the next step computes is not an unhandled rejection; it is
      // thrown where inFlight is awaited.
      inFlight.catch(() => undefined);
    };
    try {
      while (applied < maxEvents && !shouldStop()) {
        const events = await deps.state.readEvents(this.clusterId, position, Math.min(deps.readBatch, maxEvents - applied));
        if (events.length === 0) break;
        let batch = new StepBatch(position);
        for (const e of events) {
          if (e.seq !== batch.toSeq + 1) throw new Error(`cluster ${this.clusterId}: journal gap after seq ${batch.toSeq} (next is ${e.seq})`);
          const fx = core.apply(e);
          if (fx.problem) {
            this.note(fx.problem);
            deps.log(`cluster ${this.clusterId} seq ${fx.problem.seq}: ${fx.problem.kind} ${fx.problem.name} treated as absent: ${fx.problem.message}`);
          }
          batch.add(fx);
          position = e.seq;
          if (batch.events >= deps.maxEventsPerCommit || batch.weight >= deps.maxWeightPerCommit) {
            await send(batch);
            batch = new StepBatch(position);
          }
        }
        if (batch.events > 0) await send(batch);
        applied += events.length;
      }
    } finally {
      // Whatever happened, the step in flight settles before the caller goes on (or drops this runtime).
      await inFlight?.catch(() => undefined);
    }
    await inFlight; // rethrows a failed commit
    if (notices.length) await this.maybeSample();
    return { applied, notices };
  }

  /**
   * The first computation (see the class comment). Returns undefined when there is nothing to compute
   * yet: an empty journal, or the agent's initial relist still under way (see RuntimeDeps.initialSyncWaitMs
   * for how long: a relist that never ends must not keep the cluster dark).
   */
  private async baseline(): Promise<WorkerUpdateNotice | undefined> {
    const { deps, clusterId } = this;
    const probe = await deps.state.loadHead(clusterId, { objects: false });
    if (probe.cursor !== 0) throw new Error(`cluster ${clusterId}: the cursor moved to ${probe.cursor} while this worker had it at 0`);
    if (probe.head === 0) return undefined;
    if (initialSyncPending(probe.syncEpochs)) {
      const waitMs = deps.initialSyncWaitMs ?? 30_000;
      const now = Date.now();
      if (!this.waiting) {
        this.waiting = { since: now, head: probe.head, progressAt: now };
        deps.log(`cluster ${clusterId}: waiting for the agent's initial sync to end before the first computation`);
      }
      if (probe.head !== this.waiting.head) Object.assign(this.waiting, { head: probe.head, progressAt: now });
      // A sync still streaming in is waited for (up to MAX_SYNC_WAIT_FACTOR × waitMs in all); one that
      // stopped moving (an agent gone mid-list, a kind it may not list) only for waitMs.
      const stalled = now - this.waiting.progressAt >= waitMs;
      if (!stalled && now - this.waiting.since < waitMs * MAX_SYNC_WAIT_FACTOR) return undefined;
      deps.log(`cluster ${clusterId}: the initial sync has not ended after ${Math.round((now - this.waiting.since) / 1000)} s (${stalled ? 'no new events' : 'still streaming'}); computing from what is stored`);
    }
    const t0 = Date.now();
    const state = await deps.state.loadHead(clusterId, { objects: true });
    const t1 = Date.now();
    if (state.cursor !== 0) throw new Error(`cluster ${clusterId}: the cursor moved to ${state.cursor} while this worker had it at 0`);
    const core = new ClusterCore(state.cni, state.objects);
    for (const a of await deps.state.openAlertKeys(clusterId)) core.openAlerts.add(a);
    for (const p of core.loadProblems) this.note({ seq: state.head, kind: p.kind, name: p.uid, code: p.code, message: p.message });
    const posture = [...core.allPosture(state.head).values()].filter((r) => r !== null);
    const edges = core.edges.all().map((c) => edgeRow(c, state.head));
    const t2 = Date.now();
    const { dsts, groups } = core.edges.allSummaries();
    const notice = await deps.effects.commitBaseline({ clusterId, workerId: deps.workerId, toSeq: state.head, edges, dsts, groups, posture });
    this.core = core;
    this.cursor = state.head;
    await this.refreshAlertSettings(core);
    await this.maybeSample();
    deps.log(
      `cluster ${clusterId}: first computation (baseline) at seq ${state.head}: ${state.objects.length} objects, ${edges.length} edges, ` +
        `${posture.length} namespaces (read ${t1 - t0} ms, compute ${t2 - t1} ms, write ${Date.now() - t2} ms); ` +
        `events up to ${state.head} have no per-event changes, audit or alerts`,
    );
    return notice;
  }

  /** Loads the cluster's alert rule settings when they changed since the core last got them. */
  private async refreshAlertSettings(core: ClusterCore): Promise<void> {
    const version = await this.deps.alertRules.version(this.clusterId);
    if (version === this.rulesVersion) return;
    const stored = await this.deps.alertRules.get(this.clusterId);
    core.alertSettings = new AlertSettings(stored.config);
    this.rulesVersion = stored.version;
    if (version > 0) this.deps.log(`cluster ${this.clusterId}: alert rules version ${stored.version} in effect`);
  }

  /** A trend point after commits, at most once per sampleIntervalMs. */
  private async maybeSample(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSampleAt < (this.deps.sampleIntervalMs ?? 300_000)) return;
    this.lastSampleAt = now;
    await this.deps.effects.samplePosture(this.clusterId, this.cursor);
  }

  /** The engine's current state (tests compare it with a fresh computation); undefined before the baseline. */
  get engine(): ClusterCore['engine'] | undefined {
    return this.core?.engine;
  }

  get model(): ClusterCore['model'] | undefined {
    return this.core?.model;
  }

  private note(p: ProblemNote): void {
    this.problems.push(p);
    if (this.problems.length > 50) this.problems.shift();
  }
}
