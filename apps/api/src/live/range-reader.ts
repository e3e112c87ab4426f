import { LIVE_EVENTS, type AlertsEvent, type EdgesChanged, type LiveServerEvents, type PolicyChanged, type PostureUpdated } from '@reachwatch/contracts';
import type { LiveReadRepository } from '@reachwatch/db';
import type { ClusterFeed, FeedRange } from './cluster-feed';
import type { LiveConfig } from './live.config';
import { alertView, auditView, connectionsView, postureView } from './views';

/** One event to send: its name and payload, typed together. */
export type Outgoing = { [K in keyof LiveServerEvents]: { event: K; payload: Parameters<LiveServerEvents[K]>[0] } }[keyof LiveServerEvents];

/**
 * Reads what the worker wrote in a range of one cluster and turns it into events, in a fixed order:
 * edges, posture, policy, alerts raised, alerts updated. Tables the notices say were untouched are not read.
 * `namespaces`, when posture was read, is the feed's new namespace list: the caller keeps it once the
 * events went out (a failed delivery re-reads the range against the old list).
 */
export async function readRange(
  repo: LiveReadRepository,
  feed: ClusterFeed,
  range: FeedRange,
  config: LiveConfig,
): Promise<{ events: Outgoing[]; namespaces?: Set<string> }> {
  const h = range.hints;
  const base = { cluster: feed.name, fromSeq: range.fromSeq, toSeq: range.toSeq };
  const [edges, posture, audits, alerts] = await Promise.all([
    !h || h.edgesChanged + h.added + h.removed > 0 ? repo.reachabilityChanges(feed.clusterId, range.fromSeq, range.toSeq, config.maxConnectionsPerEvent) : undefined,
    !h || h.postureChanged > 0 ? repo.postureChanges(feed.clusterId, range.fromSeq, range.toSeq) : undefined,
    !h || h.audits > 0 ? repo.policyAudits(feed.clusterId, range.fromSeq, range.toSeq, config.maxRowsPerEvent) : undefined,
    // A repeat of an open alert (refresh) is not counted in the notice; it only happens with new connections.
    !h || h.alertsOpened + h.alertsResolved + h.added > 0 ? repo.alertsTouched(feed.clusterId, range.fromSeq, range.toSeq, config.maxRowsPerEvent) : undefined,
  ]);
  const out: Outgoing[] = [];
  let namespaces: Set<string> | undefined;

  if (edges) {
    // Edge rows changed with no recorded delta (a worker baseline or rebuild): only a re-read can tell.
    const unrecorded = h !== null && h.edgesChanged > 0 && h.added + h.removed === 0;
    const changes = (edges.changes ?? []).map((c) => ({ seq: c.seq, added: connectionsView(c.added), removed: connectionsView(c.removed) }));
    if (changes.length || edges.changes === null || unrecorded) {
      const e: EdgesChanged = { ...base, changes, addedCount: edges.addedCount, removedCount: edges.removedCount, truncated: edges.changes === null || unrecorded };
      out.push({ event: LIVE_EVENTS.edgesChanged, payload: e });
    }
  }

  if (posture) {
    namespaces = new Set(posture.namespaces);
    const now = namespaces;
    const removed = [...feed.namespaces].filter((ns) => !now.has(ns)).sort();
    if (posture.changed.length || removed.length) {
      const e: PostureUpdated = { ...base, namespaces: posture.changed.map(postureView), removed };
      out.push({ event: LIVE_EVENTS.postureUpdated, payload: e });
    }
  }

  if (audits && audits.total > 0) {
    const e: PolicyChanged = { ...base, entries: audits.entries.map(auditView), truncated: audits.total > audits.entries.length };
    out.push({ event: LIVE_EVENTS.policyChanged, payload: e });
  }

  if (alerts && alerts.total > 0) {
    const truncated = alerts.total > alerts.alerts.length;
    // First seen in the range: raised (possibly already resolved within it); otherwise an update of an
    // alert raised before (refreshed, resolved).
    const raised = alerts.alerts.filter((a) => a.firstSeq > range.fromSeq);
    const updated = alerts.alerts.filter((a) => a.firstSeq <= range.fromSeq);
    const event = (list: typeof raised): AlertsEvent => ({ ...base, alerts: list.map(alertView), truncated });
    if (raised.length) out.push({ event: LIVE_EVENTS.alertRaised, payload: event(raised) });
    if (updated.length) out.push({ event: LIVE_EVENTS.alertUpdated, payload: event(updated) });
  }
  return { events: out, namespaces };
}
