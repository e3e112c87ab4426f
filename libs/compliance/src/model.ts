/**
 * The compliance report model: what buildComplianceReport takes and what it returns. Plain data only
 * (strings, numbers, booleans, arrays, objects) so a report serialises to JSON unchanged and the
 * published schema (schema/report.schema.json) describes exactly this shape.
 */
import type { ClusterState, CniProfile } from '@reachwatch/policy-engine';

export type FrameworkId = 'pci-dss-4.0.1' | 'hipaa' | 'cis-k8s' | 'nsa-cisa';

export type CheckStatus = 'pass' | 'fail' | 'not-applicable';

// ---- inputs ----

/** One audit entry of the period: a change to a policy (or a namespace's labels) with its author and impact. */
export interface PolicyChange {
  /** NetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy, Namespace, … */
  kind: string;
  /** Absent for cluster-scoped kinds. For a Namespace change, the namespace itself. */
  namespace?: string;
  name: string;
  action: 'create' | 'update' | 'delete';
  /** Who made the change (field manager or user); empty when unknown. */
  who: string;
  /** ISO 8601 time of the change. */
  at: string;
  /** The policy diff, as text (YAML diff). */
  diff: string;
  impact: {
    /** Workload pairs that gained ports. */
    added: number;
    /** Workload pairs that lost ports. */
    removed: number;
    /** Of the added: connections from the internet or from another namespace (engine newExposures). */
    newExposures: number;
  };
}

export interface ClusterInput {
  name: string;
  cni: CniProfile;
  state: ClusterState;
  /**
   * Audit entries of the period. `null`: no change history exists for this input (a report from
   * manifests) — checks on change history are then not applicable. `[]`: history known, nothing changed.
   */
  changes: PolicyChange[] | null;
}

/**
 * One end of an approved flow: workloads of a namespace (all, or one by name), the internet, a CIDR, or
 * `any` (every workload and address: e.g. DNS, which a default-deny recipe opens to every destination).
 */
export type FlowPeer = { namespace: string; workload?: string } | 'internet' | 'any' | { cidr: string };

/** An entry of the approved-flows register (PCI DSS 1.2.5: the business need of each allowed flow). */
export interface ApprovedFlow {
  id: string;
  /** Absent: the entry holds in every cluster. */
  cluster?: string;
  from: FlowPeer;
  to: FlowPeer;
  /** `TCP/5432`, `UDP/53`, `TCP/8000-8080`, `TCP` (every TCP port) or `any`. */
  ports: string[];
  justification: string;
  owner: string;
  approver: string;
  /** ISO 8601; an approval counts from this time on. */
  approvedAt: string;
  /** ISO 8601; an approval no longer counts after this time. */
  expiresAt?: string;
}

export interface ReportInput {
  framework: FrameworkId;
  /** A label selector over namespaces in kubectl syntax (`pci=cde`, `env in (prod),tier!=web`); `''` = all. */
  scope: string;
  clusters: ClusterInput[];
  approvedFlows: ApprovedFlow[];
  period: { from: string; to: string };
  generatedAt: string;
  snapshotAt: string;
}

// ---- the report ----

export interface Evidence {
  cluster: string;
  /** `namespace`, `namespace/workload`, `namespace/policy`, an address range, or a flow `A → B`. */
  object: string;
  detail: string;
  /** The policy that decides, `namespace/name` for NetworkPolicies or `<Kind> name` for admin policies. */
  policy?: string;
  rule?: string;
  /** True when this object fails the check; false for evidence that it passes (or context). */
  finding: boolean;
}

export interface ClusterCheckResult {
  cluster: string;
  status: CheckStatus;
  summary: string;
  findings: number;
}

export interface CheckResult {
  id: string;
  framework: FrameworkId;
  title: string;
  requirement: string;
  /** fail when some cluster fails; pass when some passes and none fails; otherwise not-applicable. */
  status: CheckStatus;
  summary: string;
  evidence: Evidence[];
  findings: number;
  clusters: ClusterCheckResult[];
}

export interface StatusCounts {
  pass: number;
  fail: number;
  notApplicable: number;
  findings: number;
}

export interface ClusterSummary extends StatusCounts {
  cluster: string;
  cni: CniProfile;
  inScopeNamespaces: string[];
  inScopeWorkloads: number;
}

export interface ReportSummary {
  total: StatusCounts & { clusters: number; inScopeNamespaces: number; inScopeWorkloads: number };
  clusters: ClusterSummary[];
}

export interface ReportMetadata {
  framework: FrameworkId;
  frameworkTitle: string;
  frameworkVersion: string;
  scope: { selector: string; description: string };
  period: { from: string; to: string };
  generatedAt: string;
  snapshotAt: string;
  /** sha256 over the per-cluster hashes (see hash.ts): what verifyReport recomputes. */
  stateHash: string;
  clusterHashes: { cluster: string; cni: CniProfile; hash: string }[];
  /** sha256 of the canonical approved-flows register the report was computed with. */
  approvedFlowsHash: string;
}

export type Zone = 'external' | 'out-of-scope' | 'in-scope';

export interface FlowNode {
  id: string;
  cluster: string;
  zone: Zone;
  /** Workloads: namespace, name and kind. External ranges: the range text in `name`. */
  namespace?: string;
  name: string;
  kind?: string;
  /** An external range holding public addresses. */
  internet: boolean;
  dataStore: boolean;
}

export type EdgeStatus = 'approved' | 'unapproved' | 'internal';

export interface FlowEdge {
  cluster: string;
  from: string;
  to: string;
  /** Engine port text, e.g. `TCP 443` or `All Connections`. */
  ports: string;
  /** approved: every port is in the register; unapproved: some port is not; internal: both ends in scope. */
  status: EdgeStatus;
  unapprovedPorts: string;
  approvals: string[];
}

export interface EndpointRow {
  cluster: string;
  namespace: string;
  workload: string;
  kind: string;
  pods: number;
  /** Pods isolated for ingress / egress out of `pods` (hostNetwork pods never are). */
  ingressIsolatedPods: number;
  egressIsolatedPods: number;
  defaultDenyIngress: boolean;
  defaultDenyEgress: boolean;
  hostNetwork: boolean;
  dataStore: boolean;
  internetExposed: boolean;
  flowsIn: number;
  flowsOut: number;
}

export type SegmentationStatus = 'denied' | 'approved' | 'open' | 'in-scope';

export interface SegmentationMatrix {
  cluster: string;
  /** Columns: in-scope namespaces. Rows: every namespace with workloads. */
  columns: string[];
  rows: { from: string; inScope: boolean; cells: { to: string; status: SegmentationStatus; ports: string }[] }[];
}

export interface ChangeLogEntry extends PolicyChange {
  cluster: string;
}

export interface ComplianceReport {
  schemaVersion: 1;
  metadata: ReportMetadata;
  summary: ReportSummary;
  checks: CheckResult[];
  dataFlow: { nodes: FlowNode[]; edges: FlowEdge[] };
  endpoints: EndpointRow[];
  segmentation: SegmentationMatrix[];
  /** `null` when no input had a change history. */
  changes: ChangeLogEntry[] | null;
}
