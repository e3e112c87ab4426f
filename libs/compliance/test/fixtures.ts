/** Small hand-built states for the checks' tests: every object written out, nothing generated. */
import type { ClusterState, CniProfile, NetworkPolicy, Namespace, Pod, Protocol } from '@reachwatch/policy-engine';
import { buildComplianceReport } from '../src/report';
import type { ApprovedFlow, CheckResult, ClusterInput, ComplianceReport, FrameworkId, PolicyChange } from '../src/model';

export const T0 = '2026-11-01T00:00:00Z';

export function ns(name: string, labels: Record<string, string> = {}): Namespace {
  return { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } };
}

export function pod(
  namespace: string,
  name: string,
  o: { labels?: Record<string, string>; ports?: (number | [number, Protocol])[]; hostNetwork?: boolean; kind?: string } = {},
): Pod {
  return {
    namespace,
    name,
    labels: o.labels ?? { app: name },
    ips: [],
    hostNetwork: o.hostNetwork ?? false,
    ports: (o.ports ?? []).map((p) => (typeof p === 'number' ? { port: p, protocol: 'TCP' as const } : { port: p[0], protocol: p[1] })),
    workload: { kind: o.kind ?? 'Deployment', name },
  };
}

export function np(namespace: string, name: string, o: Partial<Omit<NetworkPolicy, 'namespace' | 'name'>> = {}): NetworkPolicy {
  return { namespace, name, podSelector: o.podSelector ?? {}, policyTypes: o.policyTypes ?? ['Ingress'], ingress: o.ingress ?? [], egress: o.egress ?? [] };
}

/** Default deny in both directions, egress keeping DNS (the engine's default-deny recipe). */
export function denyAll(namespace: string): NetworkPolicy {
  return np(namespace, 'default-deny', {
    policyTypes: ['Ingress', 'Egress'],
    egress: [{ ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }],
  });
}

export function state(parts: Partial<ClusterState>): ClusterState {
  return { namespaces: [], pods: [], nodes: [], services: [], networkPolicies: [], adminNetworkPolicies: [], ...parts };
}

export function cluster(name: string, s: ClusterState, changes: PolicyChange[] | null = null, cni: CniProfile = 'generic'): ClusterInput {
  return { name, cni, state: s, changes };
}

export interface ReportOpts {
  scope?: string;
  approvedFlows?: ApprovedFlow[];
  period?: { from: string; to: string };
  at?: string;
}

export function report(framework: FrameworkId, clusters: ClusterInput[] | ClusterState, o: ReportOpts = {}): ComplianceReport {
  const at = o.at ?? T0;
  return buildComplianceReport({
    framework,
    scope: o.scope ?? 'pci=cde',
    clusters: Array.isArray(clusters) ? clusters : [cluster('c1', clusters)],
    approvedFlows: o.approvedFlows ?? [],
    period: o.period ?? { from: '2026-10-01T00:00:00Z', to: at },
    generatedAt: at,
    snapshotAt: at,
  });
}

export function check(r: ComplianceReport, id: string): CheckResult {
  const c = r.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id} in ${r.checks.map((x) => x.id).join(', ')}`);
  return c;
}

/** Evidence rows of a check that are findings, as `object | detail`. */
export function findings(c: CheckResult): string[] {
  return c.evidence.filter((e) => e.finding).map((e) => `${e.object} | ${e.detail}`);
}

export function flow(id: string, from: ApprovedFlow['from'], to: ApprovedFlow['to'], ports: string[], extra: Partial<ApprovedFlow> = {}): ApprovedFlow {
  return { id, from, to, ports, justification: 'needed', owner: 'team', approver: 'security', approvedAt: '2026-01-01T00:00:00Z', ...extra };
}

export function change(o: Partial<PolicyChange> & Pick<PolicyChange, 'name'>): PolicyChange {
  return {
    kind: 'NetworkPolicy',
    namespace: 'cde',
    action: 'update',
    who: 'alice',
    at: '2026-10-15T10:00:00Z',
    diff: '- ports: [443]\n+ ports: [443, 8443]',
    impact: { added: 1, removed: 0, newExposures: 0 },
    ...o,
  };
}
