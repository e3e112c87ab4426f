/** Engine values → the JSON rows the worker repositories write. One shape per table, nothing else. */
import type { EdgeRowInput, PostureRowInput } from '@reachwatch/db';
import { Connection, Endpoint, Exposure, NamespacePosture, endpointKey } from '@reachwatch/policy-engine';

export function namespaceOf(e: Endpoint): string | null {
  return e.type === 'workload' ? e.namespace : null;
}

export function edgeRow(c: Connection, seq: number): EdgeRowInput {
  return {
    srcKey: endpointKey(c.src),
    dstKey: endpointKey(c.dst),
    src: c.src,
    dst: c.dst,
    srcNamespace: namespaceOf(c.src),
    dstNamespace: namespaceOf(c.dst),
    allPorts: c.ports.isAll(),
    ports: c.ports.toList(),
    portsText: c.ports.toString(),
    seq,
  };
}

/** A connection in reachability_change.added/removed: both ends, and the ports as a list and as text. */
export function connectionJson(c: Connection): Record<string, unknown> {
  return { src: c.src, dst: c.dst, all: c.ports.isAll(), ports: c.ports.toList(), portsText: c.ports.toString() };
}

export function exposureJson(x: Exposure): Record<string, unknown> {
  return { reason: x.reason, src: x.connection.src, dst: x.connection.dst, portsText: x.connection.ports.toString() };
}

export function postureRow(p: NamespacePosture, seq: number): PostureRowInput {
  return {
    namespace: p.namespace,
    pods: p.pods,
    ingressIsolatedPods: p.ingressIsolatedPods,
    egressIsolatedPods: p.egressIsolatedPods,
    policies: p.policies,
    defaultDenyIngress: p.defaultDenyIngress,
    defaultDenyEgress: p.defaultDenyEgress,
    exposedToInternet: p.exposedToInternet,
    reachableFromOtherNamespaces: p.reachableFromOtherNamespaces,
    score: p.score,
    details: p.details,
    seq,
  };
}
