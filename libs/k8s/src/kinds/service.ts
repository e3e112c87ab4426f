/** Services: type (default ClusterIP), selector, ports (targetPort defaults to port), external addresses. */
import type { Service, ServicePort } from '@reachwatch/policy-engine';
import { intOrStringPort, observedIp, observedIps, portNumber, protocol } from '../fields';
import { Codes, msg } from '../messages';
import { at, Ctx, isObject, join, optInt, optList, optObject, optString, Raw, readMeta, stringMap } from '../raw';

const TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;

export function readService(ctx: Ctx, raw: Raw): Service {
  const { name, namespace } = readMeta(ctx, raw, true);
  const spec = optObject(ctx, raw.spec, 'spec') ?? {};
  const type = optString(ctx, spec.type, 'spec.type') ?? 'ClusterIP';
  if (!(TYPES as readonly string[]).includes(type)) ctx.fail(Codes.INVALID_VALUE, 'spec.type', msg.oneOf(type, TYPES));
  const selector = stringMap(ctx, spec.selector, 'spec.selector');
  const ports = (optList(ctx, spec.ports, 'spec.ports') ?? []).map((p, i) => servicePort(ctx, p, at('spec.ports', i)));
  const status = optObject(ctx, raw.status, 'status') ?? {};
  const lb = optObject(ctx, status.loadBalancer, 'status.loadBalancer') ?? {};
  const loadBalancerIPs: string[] = [];
  (optList(ctx, lb.ingress, 'status.loadBalancer.ingress') ?? []).forEach((e, i) => {
    if (!isObject(e) || e.ip === undefined || e.ip === null || e.ip === '') return; // hostname-only entries
    const ip = observedIp(ctx, e.ip, `${at('status.loadBalancer.ingress', i)}.ip`);
    if (ip !== undefined && !loadBalancerIPs.includes(ip)) loadBalancerIPs.push(ip);
  });
  const svc: Service = {
    namespace,
    name,
    type: type as Service['type'],
    ports,
    externalIPs: observedIps(ctx, spec.externalIPs, 'spec.externalIPs'),
    loadBalancerIPs,
  };
  // An empty selector, like an absent one, means endpoints are managed by hand.
  if (Object.keys(selector).length) svc.selector = selector;
  return svc;
}

function servicePort(ctx: Ctx, v: unknown, path: string): ServicePort {
  const p = optObject(ctx, v, path) ?? ctx.fail(Codes.MISSING_FIELD, path, msg.required());
  const port = portNumber(ctx, p.port, join(path, 'port'));
  const out: ServicePort = { port, protocol: protocol(ctx, p.protocol, join(path, 'protocol')) };
  const name = optString(ctx, p.name, join(path, 'name'));
  if (name) out.name = name;
  out.targetPort =
    p.targetPort === undefined || p.targetPort === null || p.targetPort === 0
      ? port
      : intOrStringPort(ctx, p.targetPort, join(path, 'targetPort'));
  const nodePort = optInt(ctx, p.nodePort, join(path, 'nodePort'));
  if (nodePort) out.nodePort = portNumber(ctx, nodePort, join(path, 'nodePort'));
  return out;
}
