/**
 * Pods as observed (a live cluster, `kubectl get pods -o yaml`): IPs from status, reported under their
 * controller owner (a bare pod is its own workload, kind `Pod`).
 */
import type { Pod, WorkloadRef } from '@reachwatch/policy-engine';
import { observedIp, observedIps } from '../fields';
import { Codes, msg } from '../messages';
import { at, Ctx, isObject, optBool, optList, optObject, optString, Raw, readMeta, stringMap } from '../raw';
import { containerPorts } from './containers';

/** Owner kinds that do not make a workload: a static (mirror) pod is owned by its Node but stands alone. */
const NOT_WORKLOADS = new Set(['Node']);

export function readPod(ctx: Ctx, raw: Raw, includeTerminated = false): Pod {
  const { name, namespace, meta } = readMeta(ctx, raw, true);
  const spec = optObject(ctx, raw.spec, 'spec') ?? {};
  const status = optObject(ctx, raw.status, 'status') ?? {};
  const phase = optString(ctx, status.phase, 'status.phase');
  if ((phase === 'Succeeded' || phase === 'Failed') && !includeTerminated) {
    ctx.fail(Codes.POD_TERMINATED, '', msg.podTerminated(phase));
  }
  let ips = observedIps(ctx, (optList(ctx, status.podIPs, 'status.podIPs') ?? []).map((p) => (isObject(p) ? p.ip : p)), 'status.podIPs');
  if (!ips.length && status.podIP !== undefined && status.podIP !== null && status.podIP !== '') {
    const ip = observedIp(ctx, status.podIP, 'status.podIP');
    ips = ip === undefined ? [] : [ip];
  }
  const pod: Pod = {
    namespace,
    name,
    labels: stringMap(ctx, meta.labels, 'metadata.labels'),
    ips,
    hostNetwork: optBool(ctx, spec.hostNetwork, 'spec.hostNetwork') ?? false,
    ports: containerPorts(ctx, spec, 'spec'),
    workload: ownerOf(ctx, meta) ?? { kind: 'Pod', name },
  };
  const nodeName = optString(ctx, spec.nodeName, 'spec.nodeName');
  if (nodeName) pod.nodeName = nodeName;
  return pod;
}

/**
 * The ownerReference with `controller: true`, else the first one; none (or a Node) gives undefined. A
 * reference without a name is skipped; one without a kind is read as kind `Pod` (as netpol-analyzer
 * reports it), both with a warning.
 */
export function ownerOf(ctx: Ctx, meta: Raw): WorkloadRef | undefined {
  const refs: WorkloadRef[] = [];
  let controller: WorkloadRef | undefined;
  (optList(ctx, meta.ownerReferences, 'metadata.ownerReferences') ?? []).forEach((r, i) => {
    const path = at('metadata.ownerReferences', i);
    if (!isObject(r) || typeof r.name !== 'string' || !r.name) {
      ctx.warn(Codes.OWNER_REFERENCE_INVALID, path, msg.ownerWithoutName());
      return;
    }
    let kind = typeof r.kind === 'string' ? r.kind : '';
    if (!kind) {
      ctx.warn(Codes.OWNER_REFERENCE_INVALID, path, msg.ownerWithoutKind(r.name));
      kind = 'Pod';
    }
    const ref = { kind, name: r.name };
    refs.push(ref);
    if (r.controller === true && !controller) controller = ref;
  });
  const ref = controller ?? refs[0];
  return ref && !NOT_WORKLOADS.has(ref.kind) ? ref : undefined;
}
