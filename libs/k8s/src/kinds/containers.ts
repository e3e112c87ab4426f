/**
 * A pod spec's container ports: `containers`, plus native sidecars (initContainers with `restartPolicy:
 * Always`, which run for the pod's whole life); other initContainers have exited before the pod serves.
 * Ports are observed facts, not policy: a broken entry is dropped with a warning, never an error.
 */
import type { ContainerPort, Protocol } from '@reachwatch/policy-engine';
import { isPortNumber } from '../fields';
import { Codes, msg } from '../messages';
import { at, Ctx, isObject, join, optList, Raw } from '../raw';

export function containerPorts(ctx: Ctx, podSpec: Raw, path: string): ContainerPort[] {
  const out: ContainerPort[] = [];
  const containers = (optList(ctx, podSpec.containers, join(path, 'containers')) ?? []).map((c, i) => [c, 'containers', i] as const);
  const sidecars = (optList(ctx, podSpec.initContainers, join(path, 'initContainers')) ?? [])
    .map((c, i) => [c, 'initContainers', i] as const)
    .filter(([c]) => isObject(c) && c.restartPolicy === 'Always');
  [...containers, ...sidecars].forEach(([c, field, ci]) => {
    const cPath = at(join(path, field), ci);
    if (!isObject(c)) return;
    const ports = optList(ctx, c.ports, join(cPath, 'ports')) ?? [];
    ports.forEach((p, pi) => {
      const pPath = at(join(cPath, 'ports'), pi);
      const port = containerPort(ctx, p, pPath);
      if (port && !out.some((o) => o.port === port.port && o.protocol === port.protocol && o.name === port.name)) {
        out.push(port);
      }
    });
  });
  return out;
}

function containerPort(ctx: Ctx, p: unknown, path: string): ContainerPort | undefined {
  const drop = (why: string): undefined => {
    ctx.warn(Codes.CONTAINER_PORT_DROPPED, path, msg.containerPortDropped(why));
    return undefined;
  };
  if (!isObject(p)) return drop(msg.expected('an object', p));
  if (p.containerPort === undefined || p.containerPort === null) {
    ctx.warn(Codes.CONTAINER_PORT_DROPPED, path, msg.containerPortMissing(Object.keys(p)));
    return undefined;
  }
  if (!isPortNumber(p.containerPort)) return drop(`containerPort ${msg.portRange(p.containerPort)}`);
  const proto = p.protocol ?? 'TCP';
  if (proto !== 'TCP' && proto !== 'UDP' && proto !== 'SCTP') return drop(`protocol ${msg.oneOf(proto, ['TCP', 'UDP', 'SCTP'])}`);
  const out: ContainerPort = { port: p.containerPort, protocol: proto as Protocol };
  if (typeof p.name === 'string' && p.name !== '') out.name = p.name;
  return out;
}
