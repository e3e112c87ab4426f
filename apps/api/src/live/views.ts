import type { AgentStatus, LiveAlert, LiveConnection, LivePostureRow, PolicyAuditSummary } from '@reachwatch/contracts';
import type { LiveAlertRow, LiveAuditRow, LiveClusterStatus, LivePostureRowData } from '@reachwatch/db';

/** Repository rows → the JSON of libs/contracts live.ts (dates as ISO strings). One function per shape. */

export function agentStatusView(s: LiveClusterStatus): AgentStatus {
  return {
    cluster: s.name,
    lastSeenAt: s.lastSeenAt?.toISOString() ?? null,
    syncState: s.syncState,
    headSeq: s.headSeq,
    workerSeq: s.workerSeq,
    lagEvents: Math.max(0, s.headSeq - s.workerSeq),
  };
}

/** Whether a client would see a difference (what `agent.status` is sent for). */
export function sameStatus(a: LiveClusterStatus, b: LiveClusterStatus): boolean {
  return a.lastSeenAt?.getTime() === b.lastSeenAt?.getTime() && a.syncState === b.syncState && a.headSeq === b.headSeq && a.workerSeq === b.workerSeq;
}

export function postureView(r: LivePostureRowData): LivePostureRow {
  return { ...r, updatedAt: r.updatedAt.toISOString() };
}

/** reachability_change.added/removed hold the worker's connectionJson: exactly LiveConnection. */
export function connectionsView(rows: unknown[]): LiveConnection[] {
  return rows as LiveConnection[];
}

export function auditView(r: LiveAuditRow): PolicyAuditSummary {
  return { ...r, occurredAt: r.occurredAt.toISOString() };
}

export function alertView(r: LiveAlertRow): LiveAlert {
  return {
    ...r,
    firstSeen: r.firstSeen.toISOString(),
    lastSeen: r.lastSeen.toISOString(),
    resolvedAt: r.resolvedAt?.toISOString() ?? null,
  };
}
