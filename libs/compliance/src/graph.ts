/**
 * The data-flow graph of the scope and the per-endpoint table, from the same flows the checks read.
 * Nodes: every in-scope workload, and every out-of-scope workload or external range that has a flow
 * with the scope. Edges: every flow touching the scope. Node ids are `cluster|engine endpoint key`.
 */
import { endpointKey, type Endpoint } from '@reachwatch/policy-engine';
import { endpointText, isInternet, type ClusterContext, type ScopeFlow, type WorkloadInfo } from './context';
import type { EdgeStatus, EndpointRow, FlowEdge, FlowNode, Zone } from './model';

export function nodeId(cluster: string, e: Endpoint): string {
  return `${cluster}|${endpointKey(e)}`;
}

export function dataFlowGraph(ctx: ClusterContext): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const nodes = new Map<string, FlowNode>();
  const add = (e: Endpoint) => {
    const id = nodeId(ctx.name, e);
    if (nodes.has(id)) return id;
    const w = ctx.workload(e);
    const zone: Zone = e.type === 'external' ? 'external' : w?.inScope ? 'in-scope' : 'out-of-scope';
    nodes.set(
      id,
      e.type === 'workload'
        ? { id, cluster: ctx.name, zone, namespace: e.namespace, name: e.name, kind: e.kind, internet: false, dataStore: w?.dataStore !== undefined }
        : { id, cluster: ctx.name, zone, name: endpointText(e), internet: isInternet(e), dataStore: false },
    );
    return id;
  };
  for (const w of ctx.workloads) if (w.inScope) add(w.endpoint);
  const edges: FlowEdge[] = ctx.flows.map((f) => {
    const status: EdgeStatus = f.direction === 'internal' ? 'internal' : f.coverage.unapproved.isEmpty() ? 'approved' : 'unapproved';
    return {
      cluster: ctx.name,
      from: add(f.connection.src),
      to: add(f.connection.dst),
      ports: f.connection.ports.toString(),
      status,
      unapprovedPorts: status === 'internal' ? '' : f.coverage.unapproved.toString(),
      approvals: f.coverage.approvals,
    };
  });
  return { nodes: [...nodes.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), edges };
}

export function endpointRows(ctx: ClusterContext): EndpointRow[] {
  const into = new Map<WorkloadInfo, ScopeFlow[]>();
  const outOf = new Map<WorkloadInfo, number>();
  for (const f of ctx.flows) {
    const d = ctx.workload(f.connection.dst);
    const s = ctx.workload(f.connection.src);
    if (d) {
      const list = into.get(d);
      if (list) list.push(f);
      else into.set(d, [f]);
    }
    if (s) outOf.set(s, (outOf.get(s) ?? 0) + 1);
  }
  return ctx.workloads
    .filter((w) => w.inScope)
    .map((w) => {
      const p = ctx.posture.get(w.endpoint.namespace);
      const inbound = into.get(w) ?? [];
      return {
        cluster: ctx.name,
        namespace: w.endpoint.namespace,
        workload: w.endpoint.name,
        kind: w.endpoint.kind,
        pods: w.pods.length,
        ingressIsolatedPods: w.ingressIsolatedPods,
        egressIsolatedPods: w.egressIsolatedPods,
        defaultDenyIngress: p?.defaultDenyIngress ?? false,
        defaultDenyEgress: p?.defaultDenyEgress ?? false,
        hostNetwork: w.hostNetworkPods > 0,
        dataStore: w.dataStore !== undefined,
        internetExposed: inbound.some((f) => isInternet(f.connection.src)),
        flowsIn: inbound.length,
        flowsOut: outOf.get(w) ?? 0,
      };
    });
}
