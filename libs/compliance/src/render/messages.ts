/** Every heading and label of the rendered documents (the report's own texts are in ../messages.ts). */
import type { CheckStatus, EdgeStatus, SegmentationStatus } from '../model';

export const STATUS_TEXT: Record<CheckStatus, string> = { pass: 'PASS', fail: 'FAIL', 'not-applicable': 'N/A' };
export const EDGE_TEXT: Record<EdgeStatus, string> = { approved: 'approved flow', unapproved: 'not in the register', internal: 'within scope' };
export const CELL_TEXT: Record<SegmentationStatus, string> = { denied: 'denied', approved: 'approved', open: 'OPEN', 'in-scope': 'in scope' };

export const pdfText = {
  title: (framework: string, version: string) => `${framework} ${version}`,
  subtitle: () => 'Kubernetes network segmentation compliance report',
  scope: () => 'Scope',
  result: () => 'Result',
  resultLine: (pass: number, fail: number, na: number, findings: number) => `${fail} checks failed, ${pass} passed, ${na} not applicable; ${findings} findings`,
  clusters: () => 'Clusters',
  period: () => 'Period',
  snapshot: () => 'Snapshot of the state',
  generated: () => 'Generated',
  stateHash: () => 'State hash (SHA-256)',
  registerHash: () => 'Approved-flows register hash',
  verifyNote: () =>
    'The state hash covers every cluster state this report was computed from (canonical JSON, see the ' +
    'compliance library README). Recompute it from the same state to verify this report.',
  summary: () => 'Executive summary',
  chartTitle: () => 'Checks by status',
  total: () => 'All clusters',
  legendPass: () => 'pass',
  legendFail: () => 'fail',
  legendNa: () => 'not applicable',
  inScopeLine: (ns: number, w: number) => `${ns} in-scope namespaces, ${w} in-scope workloads`,
  checksOverview: () => 'Checks',
  checksHeading: () => 'Checks and findings',
  requirement: () => 'Requirement',
  perCluster: () => 'Per cluster',
  noEvidence: () => 'No evidence rows: the check did not apply (see the summary).',
  evidenceCapped: (shown: number, total: number) => `Showing ${shown} of ${total} evidence rows (findings first); the CSV and JSON formats hold all of them.`,
  diagram: (cluster: string) => `Data-flow diagram — ${cluster}`,
  diagramEmpty: () => 'No in-scope workload in this cluster: nothing to draw.',
  diagramTruncated: (shown: number, total: number) => `Showing ${shown} of ${total} nodes; the JSON format holds the full graph.`,
  diagramPart: (i: number, n: number) => `part ${i} of ${n}`,
  diagramOmitted: (n: number) => `${n} ${n === 1 ? 'flow' : 'flows'} within the scope to workloads drawn on another part ${n === 1 ? 'is' : 'are'} not drawn here (see the evidence).`,
  zoneExternal: () => 'External (internet, CIDRs)',
  zoneOut: () => 'Out of scope',
  zoneIn: () => 'In scope',
  legendTitle: () => 'Legend',
  dataStoreMark: () => 'data store',
  internetMark: () => 'public addresses (internet)',
  endpoints: () => 'In-scope endpoints',
  segmentationHeading: () => 'Segmentation matrices',
  segmentation: (cluster: string) => `Segmentation matrix — ${cluster}`,
  matrixCorner: () => 'from \\ to',
  diagramsHeading: () => 'Data-flow diagrams',
  segmentationNote: () => 'Rows: source namespaces. Columns: in-scope namespaces. OPEN: some flow is not in the register.',
  changeLog: () => 'Change log of the period',
  noChanges: () => 'No change to in-scope policies in the period.',
  noHistory: () => 'No change history: report from manifests.',
  diffCapped: (n: number) => `… ${n} more diff lines (full diff in JSON)`,
  footer: (framework: string, hash: string, page: number, pages: number) => `Reachwatch · ${framework} · state ${hash.slice(0, 16)}… · page ${page} of ${pages}`,
  yes: () => 'yes',
  no: () => 'no',
};

export const TABLE_HEADERS = {
  checks: ['Check', 'Title', 'Status', 'Findings'],
  evidence: ['', 'Cluster', 'Object', 'Detail', 'Policy / rule'],
  endpoints: ['Cluster', 'Workload', 'Pods', 'Ingress iso.', 'Egress iso.', 'Default deny in/out', 'Host net.', 'Data store', 'Internet', 'Flows in/out'],
  changes: ['Time', 'Cluster', 'Object', 'Action', 'Who', 'Impact'],
};
