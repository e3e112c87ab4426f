import type { AlertsEvent, LiveAlert } from '@reachwatch/contracts';
import type { AlertView, Severity } from '../../api/types';
import { readList, type Params } from '../../app/routes';
import { SEVERITIES } from '../../ui/palette';

/** The alert list's filters and the live reducer (`alert.raised` / `alert.updated` folded in place). */
export const STATES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertState = (typeof STATES)[number];
export const DEFAULT_STATES: readonly AlertState[] = ['open', 'acknowledged'];

export interface AlertFilters {
  cluster?: string;
  states: readonly AlertState[];
  severities: readonly Severity[];
  rule?: string;
}

/**
 * URL → filters. `state` absent: open and acknowledged (what needs attention); `state=any`: every state
 * (no box ticked); otherwise the listed states. Unknown words are ignored.
 */
export function readAlertFilters(params: Params): AlertFilters {
  const states = params.state ? readList(params, 'state').filter((s): s is AlertState => (STATES as readonly string[]).includes(s)) : [...DEFAULT_STATES];
  const severities = readList(params, 'severity').filter((s): s is Severity => (SEVERITIES as readonly string[]).includes(s));
  return { cluster: params.cluster, states, severities, rule: params.rule };
}

export function matches(a: Pick<AlertView, 'cluster' | 'state' | 'severity' | 'rule'>, f: AlertFilters): boolean {
  return (
    (!f.cluster || a.cluster === f.cluster) &&
    (f.states.length === 0 || f.states.includes(a.state)) &&
    (f.severities.length === 0 || f.severities.includes(a.severity)) &&
    (!f.rule || a.rule === f.rule)
  );
}

/** A live alert as the list holds it; who acknowledged/resolved is kept from what was held (events omit it). */
export function fromLive(cluster: string, l: LiveAlert, held: AlertView | undefined): AlertView {
  const stillAcked = l.state !== 'open';
  return {
    id: l.id, cluster, rule: l.rule, severity: l.severity, state: l.state, message: l.message, subjectKey: l.subjectKey, subject: l.subject, details: l.details,
    firstSeen: l.firstSeen, lastSeen: l.lastSeen, firstSeq: l.firstSeq, lastSeq: l.lastSeq,
    acknowledgedAt: stillAcked ? (held?.acknowledgedAt ?? null) : null,
    acknowledgedBy: stillAcked ? (held?.acknowledgedBy ?? null) : null,
    resolvedAt: l.resolvedAt,
    resolvedBy: l.state === 'resolved' ? (held?.resolvedBy ?? null) : null,
  };
}

/**
 * The list after an event: alerts that match the filters are inserted or replaced, alerts that stopped
 * matching (resolved while the list shows open ones) leave. Newest (highest id) first, like the API.
 */
export function applyAlertsEvent(list: readonly AlertView[], e: AlertsEvent, f: AlertFilters): AlertView[] {
  const byId = new Map(list.map((a) => [a.id, a]));
  for (const l of e.alerts) {
    const next = fromLive(e.cluster, l, byId.get(l.id));
    if (matches(next, f)) byId.set(l.id, next);
    else byId.delete(l.id);
  }
  return [...byId.values()].sort((a, b) => b.id - a.id);
}

/** The answer of an acknowledge/resolve replacing the alert (or removing it when it no longer matches). */
export function replaceAlert(list: readonly AlertView[], a: AlertView, f: AlertFilters): AlertView[] {
  const rest = list.filter((x) => x.id !== a.id);
  return (matches(a, f) ? [...rest, a] : rest).sort((x, y) => y.id - x.id);
}

/** Counts per severity of the alerts shown (for the header). */
export function countBySeverity(list: readonly AlertView[]): Record<Severity, number> {
  const out: Record<Severity, number> = { low: 0, medium: 0, high: 0, critical: 0 };
  for (const a of list) out[a.severity]++;
  return out;
}

export function subjectText(a: Pick<AlertView, 'subjectKey'>): string {
  return a.subjectKey.replace(/\[[A-Za-z]+\]$/, '');
}
