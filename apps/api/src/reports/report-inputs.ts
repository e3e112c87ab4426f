import type { ApprovedFlow as RegisterEntry, PolicyChange } from '@reachwatch/compliance';
import type { ApprovedFlow, PolicyAuditRow } from '@reachwatch/db';

/**
 * Stored rows in the shapes libs/compliance reads. Pure mapping; what the report concludes from them is
 * the library's business.
 */

const ACTIONS: Record<PolicyAuditRow['action'], PolicyChange['action']> = { created: 'create', updated: 'update', deleted: 'delete', relabelled: 'update' };

/** Annotations that name the person behind a change, among the who-and-why annotations the worker keeps. */
const AUTHOR_KEY = /(^|\/)(changed-by|author)$/;

/**
 * Who made a change: the person an author annotation names, with the managedFields manager (the tool) it
 * went through — `alice@example.com (via kubectl-client-side-apply)` —, else the manager alone, else ''.
 */
export function changeAuthor(row: Pick<PolicyAuditRow, 'manager' | 'annotations'>): string {
  const people = [...new Set(Object.entries(row.annotations).filter(([k, v]) => AUTHOR_KEY.test(k) && v.trim() !== '').map(([, v]) => v.trim()))].sort();
  if (people.length === 0) return row.manager ?? '';
  return row.manager ? `${people.join(', ')} (via ${row.manager})` : people.join(', ');
}

/** A policy_audit row as a change-log entry. */
export function policyChange(row: PolicyAuditRow): PolicyChange {
  const change: PolicyChange = {
    kind: row.kind,
    name: row.name,
    action: ACTIONS[row.action],
    who: changeAuthor(row),
    at: row.occurredAt.toISOString(),
    diff: row.diff,
    impact: { added: row.addedCount, removed: row.removedCount, newExposures: row.exposures.length },
  };
  // A namespace's own change is filed under the namespace; cluster-scoped kinds (admin policies) have none.
  const namespace = row.kind === 'Namespace' ? row.name : row.namespace;
  if (namespace) change.namespace = namespace;
  return change;
}

/** A register row as the library's entry; its id is the row id, so a report's approvals point back to the register. */
export function registerEntry(f: ApprovedFlow): RegisterEntry {
  const from = 'internet' in f.source ? ('internet' as const) : f.source;
  const entry: RegisterEntry = {
    id: String(f.id),
    from,
    to: f.destination,
    ports: f.ports,
    justification: f.justification,
    owner: f.owner,
    approver: f.approver,
    approvedAt: f.approvedAt.toISOString(),
  };
  if (f.cluster !== null) entry.cluster = f.cluster;
  if (f.expiresAt) entry.expiresAt = f.expiresAt.toISOString();
  return entry;
}
