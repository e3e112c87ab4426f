/**
 * @reachwatch/compliance — compliance reports (PCI DSS v4.0.1, HIPAA, CIS Kubernetes 5.3.2, NSA/CISA
 * network separation) computed from the policy engine, and their renderers (JSON, CSV, PDF).
 * The core (buildComplianceReport) is pure; renderers return strings or Buffers and write nothing.
 */
export * from './model';
export { buildComplianceReport, fleetStatus } from './report';
export { verifyReport, clusterHash, combinedHash, approvedFlowsHash, canonicalJson, type Verification, type HashableCluster } from './hash';
export { parseScope, clusterNamespaces, type Scope } from './scope';
export { parseApprovedFlows, validateApprovedFlows, portSpecSet, inForce, coverage, type Coverage } from './approved-flows';
export { FRAMEWORK_IDS, FRAMEWORK_ALIASES, resolveFramework, framework } from './frameworks';
export { DATA_STORE_PORTS, DATA_STORE_LABELS } from './data-stores';
export { INSECURE_PORTS } from './insecure-ports';
export { ComplianceError, type ComplianceErrorCode } from './errors';
export { renderJson, REPORT_SCHEMA } from './render/json';
export { renderCsv, CSV_COLUMNS } from './render/csv';
export { renderPdf } from './render/pdf';
