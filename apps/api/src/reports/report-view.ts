import type { ClusterSummary, ReportSummary } from '@reachwatch/compliance';
import type { ComplianceReportMeta } from '@reachwatch/db';

/** Where each cluster's state was read: the journal position a verification rebuilds. */
export interface SnapshotPosition {
  clusterId: number;
  cluster: string;
  seq: number;
}

/**
 * What compliance_report.summary holds: the library's summary (counts per status, per cluster) and what the
 * API needs without reading the document — the framework's title and each cluster's journal position.
 */
export interface StoredSummary {
  frameworkTitle: string;
  positions: SnapshotPosition[];
  total: ReportSummary['total'];
  clusters: ClusterSummary[];
}

export function storedSummary(m: ComplianceReportMeta): StoredSummary {
  return m.summary as unknown as StoredSummary;
}

/** A report's metadata and summary, as GET /reports and GET /reports/{id} answer. */
export function reportView(m: ComplianceReportMeta) {
  const s = storedSummary(m);
  return {
    id: m.id,
    framework: m.framework,
    frameworkTitle: s.frameworkTitle,
    scope: m.scope,
    clusters: s.positions.map((p) => p.cluster),
    period: { from: m.periodFrom.toISOString(), to: m.periodTo.toISOString() },
    snapshotAt: m.snapshotAt.toISOString(),
    stateHash: m.stateHash,
    positions: s.positions,
    summary: { total: s.total, clusters: s.clusters },
    scheduleId: m.scheduleId,
    createdAt: m.createdAt.toISOString(),
    createdBy: m.createdBy,
  };
}
