/**
 * buildComplianceReport: pure — no I/O, no clock (every time comes in the input), same input, same
 * report. A single-cluster report is a fleet report of one cluster: checks run per cluster, and each
 * check's fleet verdict is fail when some cluster fails, pass when some passes and none fails.
 */
import { buildContext, type ClusterContext } from './context';
import { ComplianceError } from './errors';
import { framework, type CheckDef } from './frameworks';
import { dataFlowGraph, endpointRows } from './graph';
import { approvedFlowsHash, clusterHash, combinedHash } from './hash';
import { msg } from './messages';
import type { CheckResult, CheckStatus, ClusterSummary, ComplianceReport, ReportInput, StatusCounts } from './model';
import { parseScope } from './scope';
import { segmentationMatrix } from './segmentation';
import type { ClusterOutcome } from './checks/outcome';

export function buildComplianceReport(input: ReportInput): ComplianceReport {
  validate(input);
  const fw = framework(input.framework);
  const scope = parseScope(input.scope);
  const clusters = [...input.clusters].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const env = { scope, approvedFlows: input.approvedFlows, period: input.period, snapshotAt: input.snapshotAt };
  const contexts = clusters.map((c) => buildContext(c, env));

  const outcomes = fw.checks.map((def) => ({ def, perCluster: contexts.map((ctx) => def.evaluate(ctx)) }));
  const checks = outcomes.map(({ def, perCluster }) => checkResult(input, def, contexts, perCluster));

  const clusterHashes = clusters.map((c) => ({ cluster: c.name, cni: c.cni, hash: clusterHash(c) }));
  const summaries = contexts.map((ctx, i): ClusterSummary => ({
    cluster: ctx.name,
    cni: ctx.cni,
    ...counts(outcomes.map((o) => o.perCluster[i])),
    inScopeNamespaces: ctx.inScopeNamespaces,
    inScopeWorkloads: ctx.workloads.filter((w) => w.inScope).length,
  }));
  const graphs = contexts.map(dataFlowGraph);
  const histories = contexts.filter((ctx) => ctx.changes !== null);

  return {
    schemaVersion: 1,
    metadata: {
      framework: fw.id,
      frameworkTitle: fw.title,
      frameworkVersion: fw.version,
      scope: { selector: scope.text, description: scope.description },
      period: { from: input.period.from, to: input.period.to },
      generatedAt: input.generatedAt,
      snapshotAt: input.snapshotAt,
      stateHash: combinedHash(clusterHashes),
      clusterHashes,
      approvedFlowsHash: approvedFlowsHash(input.approvedFlows),
    },
    summary: {
      total: {
        ...totalCounts(checks),
        clusters: contexts.length,
        inScopeNamespaces: summaries.reduce((n, s) => n + s.inScopeNamespaces.length, 0),
        inScopeWorkloads: summaries.reduce((n, s) => n + s.inScopeWorkloads, 0),
      },
      clusters: summaries,
    },
    checks,
    dataFlow: { nodes: graphs.flatMap((g) => g.nodes), edges: graphs.flatMap((g) => g.edges) },
    endpoints: contexts.flatMap(endpointRows),
    segmentation: contexts.map(segmentationMatrix),
    changes: histories.length ? histories.flatMap((ctx) => ctx.changes!.map((c) => ({ cluster: ctx.name, ...c }))) : null,
  };
}

function checkResult(input: ReportInput, def: CheckDef, contexts: ClusterContext[], perCluster: ClusterOutcome[]): CheckResult {
  const clusters = perCluster.map((o, i) => ({
    cluster: contexts[i].name,
    status: o.status,
    summary: o.summary,
    findings: o.evidence.filter((e) => e.finding).length,
  }));
  const status = fleetStatus(clusters.map((c) => c.status));
  const failing = clusters.filter((c) => c.status === 'fail');
  let summary: string;
  if (clusters.length === 1) summary = clusters[0].summary;
  else if (failing.length) summary = msg.fleetSummary(failing.map((c) => c.cluster), clusters.length, failing[0].summary);
  else if (status === 'pass') summary = msg.fleetPass(clusters.filter((c) => c.status === 'pass').length, clusters.length);
  else summary = [...new Set(clusters.map((c) => c.summary))].join(' ');
  const evidence = perCluster.flatMap((o) => o.evidence);
  return {
    id: def.id,
    framework: input.framework,
    title: def.title,
    requirement: def.requirement,
    status,
    summary,
    evidence,
    findings: evidence.filter((e) => e.finding).length,
    clusters,
  };
}

export function fleetStatus(statuses: readonly CheckStatus[]): CheckStatus {
  if (statuses.includes('fail')) return 'fail';
  if (statuses.includes('pass')) return 'pass';
  return 'not-applicable';
}

function counts(outcomes: readonly ClusterOutcome[]): StatusCounts {
  return {
    pass: outcomes.filter((o) => o.status === 'pass').length,
    fail: outcomes.filter((o) => o.status === 'fail').length,
    notApplicable: outcomes.filter((o) => o.status === 'not-applicable').length,
    findings: outcomes.reduce((n, o) => n + o.evidence.filter((e) => e.finding).length, 0),
  };
}

function totalCounts(checks: readonly CheckResult[]): StatusCounts {
  return {
    pass: checks.filter((c) => c.status === 'pass').length,
    fail: checks.filter((c) => c.status === 'fail').length,
    notApplicable: checks.filter((c) => c.status === 'not-applicable').length,
    findings: checks.reduce((n, c) => n + c.findings, 0),
  };
}

/** The input problems a caller can make; each names the field. */
function validate(input: ReportInput): void {
  const bad = (what: string) => new ComplianceError('BAD_INPUT', msg.badInput(what));
  if (!input.clusters.length) throw bad('no cluster');
  const names = new Set<string>();
  for (const c of input.clusters) {
    if (!c.name) throw bad('a cluster without a name');
    if (names.has(c.name)) throw bad(`cluster "${c.name}" given twice`);
    names.add(c.name);
  }
  const times: [string, string][] = [
    ['period.from', input.period.from],
    ['period.to', input.period.to],
    ['generatedAt', input.generatedAt],
    ['snapshotAt', input.snapshotAt],
  ];
  for (const [field, v] of times) if (Number.isNaN(Date.parse(v))) throw bad(`${field} "${v}" is not an ISO 8601 time`);
  if (Date.parse(input.period.from) > Date.parse(input.period.to)) throw bad('period.from is after period.to');
}
