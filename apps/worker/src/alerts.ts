import type { AlertAction } from '@reachwatch/db';
import { Connection, Endpoint, Exposure, Pod, ReachabilityDelta, Service, endpointKey, includesPublicAddresses } from '@reachwatch/policy-engine';

/**
 * Exposure alerts, evaluated on each step's exact delta:
 * - `exposed-to-internet`: a workload newly reachable from an external range holding public addresses.
 *   Severity `critical` when a LoadBalancer/NodePort Service or externalIPs make that reachability real
 *   (traffic can actually arrive), `high` otherwise.
 * - `exposed-to-other-namespace`: a workload newly reachable from a workload of another namespace (`medium`).
 * The subject is the destination workload; while an alert is open a repeat only refreshes it (dedup on
 * cluster, rule, subject). An alert resolves when its condition no longer holds after a step.
 */
export const RULES = { internet: 'exposed-to-internet', otherNamespace: 'exposed-to-other-namespace' } as const;

/** What the rules need to know about the cluster after the step. */
export interface AlertContext {
  seq: number;
  at: Date;
  /** Current connections into a namespace's workloads (after the step). */
  inbound(namespace: string): readonly Connection[];
  /** Pods of a namespace (after the step), to find the Services that front a workload. */
  pods(namespace: string): Iterable<Pod>;
  services(namespace: string): Iterable<Service>;
  /** Alerts this worker believes open: `rule \0 subjectKey`. Updated by evaluateAlerts. */
  open: Set<string>;
}

type Workload = Extract<Endpoint, { type: 'workload' }>;
const SOURCES_SHOWN = 20;

export function evaluateAlerts(ctx: AlertContext, delta: ReachabilityDelta, exposures: readonly Exposure[]): AlertAction[] {
  const out: AlertAction[] = [];
  // Group the step's new exposures by (rule, subject).
  const groups = new Map<string, { rule: string; dst: Workload; sources: Connection[] }>();
  for (const x of exposures) {
    if (x.connection.dst.type !== 'workload') continue;
    const rule = x.reason === 'internet' ? RULES.internet : RULES.otherNamespace;
    const k = `${rule}\u0000${endpointKey(x.connection.dst)}`;
    const g = groups.get(k) ?? { rule, dst: x.connection.dst, sources: [] };
    g.sources.push(x.connection);
    groups.set(k, g);
  }
  for (const [k, g] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const subjectKey = endpointKey(g.dst);
    const served = g.rule === RULES.internet ? publicServices(ctx, g.dst) : [];
    const severity = g.rule === RULES.internet ? (served.length ? 'critical' : 'high') : 'medium';
    const first = g.sources[0];
    const srcText = first.src.type === 'external' ? `${endpointKey(first.src).replace('[External]', '')}` : `${first.src.namespace}/${first.src.name}`;
    const more = g.sources.length > 1 ? ` and ${g.sources.length - 1} more source${g.sources.length > 2 ? 's' : ''}` : '';
    const what = g.rule === RULES.internet ? 'the internet' : 'another namespace';
    out.push({
      type: 'open', seq: ctx.seq, at: ctx.at, rule: g.rule, severity, subjectKey, subject: g.dst,
      message: `${g.dst.namespace}/${g.dst.name} (${g.dst.kind}) is newly reachable from ${what}: ${srcText} on ${first.ports}${more}` +
        (served.length ? `; exposed through Service ${served.join(', ')}` : ''),
      details: {
        sources: g.sources.slice(0, SOURCES_SHOWN).map((c) => ({ src: c.src, portsText: c.ports.toString() })),
        sourceCount: g.sources.length,
        services: served,
      },
    });
    ctx.open.add(k);
  }
  // Resolve: subjects that lost ports this step and no longer meet their rule.
  const checked = new Set<string>();
  for (const c of delta.removed) {
    if (c.dst.type !== 'workload') continue;
    const subjectKey = endpointKey(c.dst);
    if (checked.has(subjectKey)) continue;
    checked.add(subjectKey);
    const inbound = ctx.inbound(c.dst.namespace).filter((x) => endpointKey(x.dst) === subjectKey);
    const ns = c.dst.namespace;
    const still = {
      [RULES.internet]: inbound.some((x) => x.src.type === 'external' && includesPublicAddresses(x.src)),
      [RULES.otherNamespace]: inbound.some((x) => x.src.type === 'workload' && x.src.namespace !== ns),
    };
    for (const rule of [RULES.internet, RULES.otherNamespace]) {
      const k = `${rule}\u0000${subjectKey}`;
      if (still[rule] || !ctx.open.has(k)) continue;
      ctx.open.delete(k);
      out.push({ type: 'resolve', seq: ctx.seq, at: ctx.at, rule, subjectKey });
    }
  }
  return out;
}

/** Services of the workload's namespace that take traffic from outside and select one of its pods. */
function publicServices(ctx: AlertContext, w: Workload): string[] {
  const pods = [...ctx.pods(w.namespace)].filter((p) => p.workload.kind === w.kind && p.workload.name === w.name);
  const out: string[] = [];
  for (const s of ctx.services(w.namespace)) {
    const outside = s.type === 'LoadBalancer' || s.type === 'NodePort' || s.externalIPs.length > 0;
    if (!outside || !s.selector) continue;
    const sel = s.selector;
    if (pods.some((p) => Object.keys(sel).every((k) => p.labels[k] === sel[k]))) out.push(`${s.name} (${s.type})`);
  }
  return out.sort();
}
