import type { Pod } from '@reachwatch/policy-engine';

/**
 * A Deployment's pods are owned by its ReplicaSets, named `<deployment>-<pod-template-hash>`; the pods
 * carry that hash as a label. A live pod is reported under the Deployment, so a workload stays one node
 * however many rollouts happen (assemble.ts does the same for manifests). Any other owner is kept.
 */
export function withDeploymentOwner(pod: Pod): Pod {
  const hash = pod.labels['pod-template-hash'];
  if (pod.workload.kind !== 'ReplicaSet' || !hash || !pod.workload.name.endsWith(`-${hash}`)) return pod;
  const name = pod.workload.name.slice(0, -hash.length - 1);
  return name ? { ...pod, workload: { kind: 'Deployment', name } } : pod;
}
