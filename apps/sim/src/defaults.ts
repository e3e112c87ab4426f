/**
 * What happens to a new object between the request and storage, per kind, in place of the admission
 * chain, scheduler and kubelet: namespaces get their name label, services a cluster IP, and pods are
 * scheduled onto a node and reported Running with a pod IP in one step (the real cluster takes three
 * writes: create, bind, kubelet status; the simulator takes one so a watch sees a pod with its IP at once).
 */
import { copyOf, withMembers } from './copy';
import type { Ipam } from './ipam';
import { intToV4, parseV4Cidr } from './ipam';
import type { KObj } from './store';

export interface Placement {
  ipam: Ipam;
  nodeIps: Map<string, string>;
  /** Keep status given in the object (scenario files that pin pod IPs); API requests never may. */
  keepStatus: boolean;
  now: string;
}

export function defaultNamespace(obj: KObj): KObj {
  const name = obj.metadata.name;
  return withMembers(obj, {
    metadata: withMembers(obj.metadata, { labels: withMembers(obj.metadata.labels ?? {}, { 'kubernetes.io/metadata.name': name }) }),
    spec: obj.spec ?? { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  });
}

export function schedulePod(obj: KObj, p: Placement): KObj {
  const spec = copyOf(obj.spec ?? {});
  const given = p.keepStatus ? obj.status : undefined;
  const givenIps: string[] = Array.isArray(given?.podIPs) ? given.podIPs.map((x: { ip?: string }) => x?.ip).filter(Boolean) : given?.podIP ? [given.podIP] : [];
  let ips = givenIps;
  if (spec.hostNetwork) {
    if (!spec.nodeName) spec.nodeName = p.ipam.firstNode();
    const hostIp = p.nodeIps.get(spec.nodeName);
    if (!ips.length && hostIp) ips = [hostIp];
  } else if (ips.length) {
    for (const ip of ips) p.ipam.reserve(spec.nodeName, ip);
  } else if (p.ipam.firstNode() !== undefined) {
    const { node, ip } = p.ipam.allocate(spec.nodeName);
    spec.nodeName = spec.nodeName ?? node;
    ips = [ip];
  }
  if (!spec.nodeName && p.ipam.firstNode() !== undefined) spec.nodeName = p.ipam.firstNode();
  const status: KObj = withMembers(given ?? {}, {
    phase: given?.phase ?? 'Running',
    conditions: given?.conditions ?? [{ type: 'Ready', status: 'True', lastTransitionTime: p.now }],
    startTime: given?.startTime ?? p.now,
  });
  if (spec.nodeName && p.nodeIps.get(spec.nodeName)) status.hostIP = p.nodeIps.get(spec.nodeName);
  if (ips.length) {
    status.podIP = ips[0];
    status.podIPs = ips.map((ip) => ({ ip }));
  }
  return withMembers(obj, { spec, status });
}

/** Cluster IPs from 10.96.0.0/16, in order; headless (`None`) and ExternalName services get none. */
export class ServiceIps {
  private next = 10;
  private readonly base = parseV4Cidr('10.96.0.0/16').base;

  assign(obj: KObj): KObj {
    const spec = copyOf(obj.spec ?? {});
    spec.type = spec.type ?? 'ClusterIP';
    if (spec.type !== 'ExternalName' && !spec.clusterIP) {
      spec.clusterIP = intToV4(this.base + this.next++);
      spec.clusterIPs = [spec.clusterIP];
    }
    return withMembers(obj, { spec, status: obj.status ?? { loadBalancer: {} } });
  }
}
