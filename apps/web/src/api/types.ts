/**
 * The REST answers the UI reads, as the API's views print them (apps/api/src/**: cluster-view.ts,
 * posture.controller.ts, audit.service.ts, alerts.controller.ts, auth/views.ts, tokens.controller.ts, …).
 * Only types: nothing here runs.
 */
export type Role = 'admin' | 'analyst' | 'auditor';
export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type SeverityCounts = Record<Severity, number>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface UserView {
  id: number;
  email: string;
  role: Role;
  clusters: 'all' | string[];
  disabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Me {
  user: UserView;
  credential: { kind: 'session' | 'token'; id: number; expiresAt: string };
}

export interface PostureSummary {
  namespaces: number;
  pods: number;
  ingressIsolatedPods: number;
  egressIsolatedPods: number;
  defaultDenyIngressNamespaces: number;
  defaultDenyEgressNamespaces: number;
  internetExposedNamespaces: number;
  crossNamespaceReachableNamespaces: number;
  averageScore: number | null;
  minScore: number | null;
}

export interface ClusterView {
  name: string;
  cni: 'generic' | 'calico';
  createdAt: string;
  tokenRotatedAt: string | null;
  agent: { lastSeenAt: string | null; silentForSeconds: number | null };
  sync: { state: 'pending' | 'syncing' | 'synced' };
  journal: { head: number; workerCursor: number; lag: number; workerUpdatedAt: string | null };
  posture: PostureSummary;
  openAlerts: SeverityCounts;
}

export interface FleetSummary {
  clusters: number;
  syncing: number;
  lagging: number;
  namespaces: number;
  pods: number;
  ingressIsolatedPercent: number | null;
  egressIsolatedPercent: number | null;
  internetExposedNamespaces: number;
  crossNamespaceReachableNamespaces: number;
  averageScore: number | null;
  openAlerts: SeverityCounts;
  worst: { name: string; averageScore: number | null }[];
}

export interface TrendPoint {
  at: string;
  /** Percent of pods isolated (0–100). */
  ingressCoverage: number | null;
  egressCoverage: number | null;
  score: number | null;
  pods?: number;
}

export interface AgentSetup {
  command: string;
  kubernetes: string[];
}

export interface RegisterAnswer {
  cluster: ClusterView;
  token: string;
  agent: AgentSetup;
}

export interface RotateAnswer {
  token: string;
  tokenRotatedAt: string;
  agent: AgentSetup;
}

export interface PostureDetails {
  hostNetworkPods?: number;
  adminPolicies?: string[];
  defaultDenyIngressPolicies?: string[];
  defaultDenyEgressPolicies?: string[];
  internetExposedWorkloads?: string[];
  reachableFromNamespaces?: string[];
  scoreParts?: Record<string, number>;
}

/** One row of GET …/namespaces. */
export interface NamespacePosture {
  namespace: string;
  pods: number;
  ingressIsolatedPods: number;
  egressIsolatedPods: number;
  policies: number;
  defaultDenyIngress: boolean;
  defaultDenyEgress: boolean;
  exposedToInternet: boolean;
  reachableFromOtherNamespaces: boolean;
  score: number;
  details: PostureDetails;
  /** Journal position of the row's last change. */
  asOfSeq: number;
}

export interface NamespacesPage extends Page<NamespacePosture> {
  scoreFormula: string;
}

export interface WorkloadView {
  key: string;
  namespace: string;
  name: string;
  kind: string;
  pods: number;
  networkPolicies: { name: string; policyTypes: string[] }[];
  adminPolicies: string[];
  exposure: { internet: boolean; internetSources: string[]; fromNamespaces: string[] };
}

export interface ExplainAnswer {
  cluster: string;
  seq: number;
  from: { namespace: string; workload: string; pod: string } | { ip: string };
  to: { namespace: string; workload: string; pod: string } | { ip: string };
  port: string;
  verdict: 'allowed' | 'denied';
  allowed: boolean;
  summary: string;
  lines: string[];
  notes: string[];
  allowedPorts: string | null;
}

export interface AuditExposure {
  reason: 'internet' | 'other-namespace';
  src: unknown;
  dst: unknown;
  portsText: string;
}

export interface AuditEntry {
  seq: number;
  occurredAt: string;
  kind: string;
  namespace: string;
  name: string;
  action: 'created' | 'updated' | 'deleted' | 'relabelled';
  manager: string | null;
  before: unknown;
  after: unknown;
  diff: string;
  impact: { connectionsAdded: number; connectionsRemoved: number; newExposures: AuditExposure[] };
}

export interface PostureAt {
  at: string;
  seq: number;
  namespaces: Omit<NamespacePosture, 'asOfSeq'>[];
}

export interface AuditPage extends Page<AuditEntry> {
  postureAt?: PostureAt;
}

export interface AlertView {
  id: number;
  cluster: string;
  rule: string;
  severity: Severity;
  state: 'open' | 'acknowledged' | 'resolved';
  message: string;
  subjectKey: string;
  subject: unknown;
  details: unknown;
  firstSeen: string;
  lastSeen: string;
  firstSeq: number;
  lastSeq: number;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
}

export interface TokenView {
  id: number;
  name: string;
  prefix: string;
  state: 'active' | 'expired' | 'revoked';
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
