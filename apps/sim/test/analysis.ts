/**
 * The engine's answer for a simulated cluster, as the agent path sees it: the served objects → libs/k8s
 * buildClusterState → analyze. Pods of a Deployment are reported by libs/k8s under their ReplicaSet; the
 * lines name the Deployment instead (looked up through the ReplicaSet's owner, as an agent would).
 */
import { buildClusterState } from '@reachwatch/k8s';
import { analyze, CniProfile, endpointKey, Endpoint } from '@reachwatch/policy-engine';
import type { SimCluster } from '../src';

const KINDS = ['Namespace', 'Node', 'Pod', 'Service', 'NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy'];

export function stateOf(c: SimCluster) {
  const objects = KINDS.flatMap((k) => c.objects(k)).map((object) => ({ object, source: c.name }));
  const r = buildClusterState(objects);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`the simulator served objects libs/k8s cannot read: ${errors.map((d) => d.message).join('; ')}`);
  return r.state;
}

export function connectionLines(c: SimCluster, cni: CniProfile): string[] {
  const name = (e: Endpoint): string => {
    if (e.type === 'workload' && e.kind === 'ReplicaSet') {
      const owner = c.get('ReplicaSet', e.namespace, e.name)?.metadata.ownerReferences?.[0];
      if (owner?.kind === 'Deployment') return `${e.namespace}/${owner.name}[Deployment]`;
    }
    return endpointKey(e);
  };
  return analyze(stateOf(c), { cni })
    .connections.map((x) => `${name(x.src)} => ${name(x.dst)} : ${x.ports.toString()}`)
    .sort();
}
