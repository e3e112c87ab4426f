/** The deployments/scale subresource (autoscaling/v1 Scale) that `kubectl scale` reads and patches. */
import type { ClusterApi, OpOptions } from '../api';
import { badRequest, invalid } from '../errors';
import { applyPatch } from '../patch';
import type { ResourceType } from '../resources';
import type { KObj } from '../store';

export function scaleOf(d: KObj): KObj {
  const sel = d.spec?.selector?.matchLabels ?? {};
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: d.metadata.name, namespace: d.metadata.namespace, uid: d.metadata.uid, resourceVersion: d.metadata.resourceVersion, creationTimestamp: d.metadata.creationTimestamp },
    spec: { replicas: d.spec?.replicas ?? 1 },
    status: { replicas: d.status?.replicas ?? 0, selector: Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(',') },
  };
}

/** PUT (patchType undefined) or PATCH of the Scale; writes spec.replicas of the Deployment. */
export function writeScale(api: ClusterApi, rt: ResourceType, ns: string | undefined, name: string, body: unknown, patchType: string | undefined, op: OpOptions): KObj {
  const d = api.get(rt, ns, name);
  const current = scaleOf(d);
  let next: KObj;
  if (patchType === undefined) next = body as KObj;
  else if (patchType === 'application/apply-patch+yaml') throw badRequest('server-side apply of the scale subresource is not supported by the simulator');
  else next = applyPatch(patchType, current, body, 'Scale');
  const replicas = next?.spec?.replicas;
  if (!Number.isInteger(replicas) || replicas < 0) throw invalid('Scale', name, [{ field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0` }], 'autoscaling');
  const rv = next.metadata?.resourceVersion;
  api.update(rt, ns, name, { ...d, metadata: { ...d.metadata, resourceVersion: rv ?? d.metadata.resourceVersion }, spec: { ...d.spec, replicas } }, op);
  // Read back: the controller has already run and set status.replicas.
  return scaleOf(api.get(rt, ns, name));
}
