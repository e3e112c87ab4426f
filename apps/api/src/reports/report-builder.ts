import { Inject, Injectable } from '@nestjs/common';
import {
  buildComplianceReport,
  ComplianceError,
  verifyReport,
  type ClusterInput,
  type ComplianceReport,
  type FrameworkId,
  type HashableCluster,
  type PolicyChange,
} from '@reachwatch/compliance';
import type { Actor, ApprovedFlowRepository, AuditReadRepository, Cluster, ClusterRepository, ComplianceReportMeta, ComplianceReportRepository } from '@reachwatch/db';
import { ApiError } from '../common/api-error';
import { AUDIT_READ_REPOSITORY } from '../clusters/rest-tokens';
import { EngineCache } from '../reachability/engine-cache';
import { APPROVED_FLOW_REPOSITORY, CLUSTER_REPOSITORY, COMPLIANCE_REPORT_REPOSITORY } from '../tokens';
import { REPORTS_MSG } from './messages';
import { policyChange, registerEntry } from './report-inputs';
import { storedSummary, type SnapshotPosition, type StoredSummary } from './report-view';

export interface ReportRequest {
  framework: FrameworkId;
  scope: string;
  /** At least one; the caller resolved names and grants. */
  clusters: Cluster[];
  periodDays: number;
  /** The schedule that asked for it; null for a person. */
  scheduleId: number | null;
}

export interface ClusterVerification {
  cluster: string;
  /** The journal position the state was rebuilt at (null when it could not be). */
  seq: number | null;
  expected: string;
  actual: string | null;
  matches: boolean;
  problem?: string;
}

/** Policy-audit rows read per query while collecting a period's change log. */
const AUDIT_PAGE = 1000;

/**
 * Compliance reports of live clusters: each cluster's state from the API's engine cache (the same state
 * explain and what-if use, at the journal head), the policy audit of the period as the change log, the
 * approved-flows register; libs/compliance computes the report; the JSON document is stored with the
 * snapshot time, the state hash and each cluster's journal position (so it can be verified later).
 */
@Injectable()
export class ReportBuilder {
  constructor(
    @Inject(EngineCache) private readonly cache: EngineCache,
    @Inject(CLUSTER_REPOSITORY) private readonly clusters: ClusterRepository,
    @Inject(AUDIT_READ_REPOSITORY) private readonly audit: AuditReadRepository,
    @Inject(APPROVED_FLOW_REPOSITORY) private readonly flows: ApprovedFlowRepository,
    @Inject(COMPLIANCE_REPORT_REPOSITORY) private readonly reports: ComplianceReportRepository,
  ) {}

  async generate(req: ReportRequest, actor: Actor): Promise<ComplianceReportMeta> {
    if (req.clusters.length === 0) throw new ApiError('bad_request', REPORTS_MSG.noClusters);
    // The snapshot time is when reading begins; each cluster's exact journal position goes into `positions`.
    const now = new Date();
    const from = new Date(now.getTime() - req.periodDays * 86_400_000);
    const inputs: ClusterInput[] = [];
    const positions: SnapshotPosition[] = [];
    for (const c of [...req.clusters].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      // The row as it is now: its nextSeq is the head the cache moves to.
      const cluster = await this.clusters.get(c.id);
      if (!cluster) continue;
      const snap = await this.cache.at(cluster);
      // Read synchronously before the next await lets another request move the snapshot. The state's
      // arrays are fresh and the model replaces objects rather than changing them, so it stays as read.
      const state = snap.state();
      const seq = snap.seq;
      positions.push({ clusterId: cluster.id, cluster: cluster.name, seq });
      inputs.push({ name: cluster.name, cni: snap.cni, state, changes: await this.changes(cluster.id, from, seq) });
    }
    if (inputs.length === 0) throw new ApiError('bad_request', REPORTS_MSG.noClusters);
    const register = (await this.flows.forClusters(positions.map((p) => p.clusterId))).map(registerEntry);

    let report: ComplianceReport;
    try {
      report = buildComplianceReport({
        framework: req.framework,
        scope: req.scope,
        clusters: inputs,
        approvedFlows: register,
        period: { from: from.toISOString(), to: now.toISOString() },
        generatedAt: now.toISOString(),
        snapshotAt: now.toISOString(),
      });
    } catch (err) {
      if (err instanceof ComplianceError) throw new ApiError('bad_request', REPORTS_MSG.reportRejected(err.message));
      throw err;
    }
    const summary: StoredSummary = { frameworkTitle: report.metadata.frameworkTitle, positions, total: report.summary.total, clusters: report.summary.clusters };
    return this.reports.store(
      {
        framework: report.metadata.framework, scope: report.metadata.scope.selector, clusterIds: positions.map((p) => p.clusterId),
        periodFrom: from, periodTo: now, snapshotAt: now, stateHash: report.metadata.stateHash,
        summary: summary as unknown as Record<string, unknown>, document: report, scheduleId: req.scheduleId,
      },
      actor,
    );
  }

  /**
   * Recomputes the report's state hash from each cluster's state at the report's journal position
   * (`snapshot`: does the stored report belong to that state?) or now (`current`: has anything changed?).
   */
  async verify(meta: ComplianceReportMeta, document: ComplianceReport, against: 'snapshot' | 'current') {
    const given: HashableCluster[] = [];
    const notes = new Map<string, { seq: number | null; problem?: string }>();
    for (const pos of storedSummary(meta).positions) {
      const cluster = await this.clusters.get(pos.clusterId);
      if (!cluster) {
        notes.set(pos.cluster, { seq: null, problem: REPORTS_MSG.clusterGone });
        continue;
      }
      const snap = against === 'current' ? await this.cache.at(cluster) : await this.cache.asOf(cluster, pos.seq);
      if (!snap) {
        notes.set(pos.cluster, { seq: null, problem: REPORTS_MSG.journalPruned });
        continue;
      }
      given.push({ name: pos.cluster, cni: snap.cni, state: snap.state() });
      notes.set(pos.cluster, { seq: snap.seq });
    }
    const v = verifyReport(document, given);
    const clusters: ClusterVerification[] = v.clusters.map((c) => ({
      cluster: c.cluster, seq: notes.get(c.cluster)?.seq ?? null, expected: c.expected, actual: c.actual ?? null, matches: c.ok,
      ...(notes.get(c.cluster)?.problem ? { problem: notes.get(c.cluster)!.problem } : {}),
    }));
    return { report: meta.id, against, matches: v.ok, stateHash: v.stateHash, clusters, note: REPORTS_MSG.verifyNote[against] };
  }

  /** The policy audit of one cluster from `from` up to the snapshot position `seq`, oldest first. */
  private async changes(clusterId: number, from: Date, seq: number): Promise<PolicyChange[]> {
    const out: PolicyChange[] = [];
    let beforeSeq: number | undefined = seq + 1;
    while (beforeSeq !== undefined) {
      // Bounded by position, not by `until`: every row up to the snapshot is in, whatever the clocks said.
      const page = await this.audit.list(clusterId, { limit: AUDIT_PAGE, beforeSeq, since: from });
      out.push(...page.items.map(policyChange));
      beforeSeq = page.nextBeforeSeq ?? undefined;
    }
    return out.reverse();
  }
}
