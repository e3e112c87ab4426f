/**
 * Workload-level restriction (PCI DSS 1.3.1 inbound, 1.3.2 outbound; NSA/CISA host network): every pod
 * of every in-scope workload is isolated for the direction (the engine's podIsolation — hostNetwork pods
 * never are), and, where it is isolated, no rule opens it wholesale: every TCP port from outside the
 * scope (inbound), or egress to any address beyond DNS (outbound).
 */
import { PortSet } from '@reachwatch/policy-engine';
import { rulesText } from '../allowing-rules';
import { isAnywhere, type ClusterContext, type ScopeFlow, type WorkloadInfo } from '../context';
import type { Evidence } from '../model';
import { msg } from '../messages';
import { needsWorkloads, verdict, type ClusterOutcome } from './outcome';

/** DNS: what the engine's default-deny recipe lets through (posture.ts isDefaultDeny). */
export const DNS = PortSet.of('UDP', 53).union(PortSet.of('TCP', 53));
const ALL_TCP = PortSet.protocol('TCP');

export type Way = 'ingress' | 'egress';

export function restricted(ctx: ClusterContext, way: Way): ClusterOutcome {
  const na = needsWorkloads(ctx);
  if (na) return na;
  const evidence: Evidence[] = [];
  const open = new Set<string>();
  for (const w of ctx.workloads.filter((x) => x.inScope)) {
    const isolated = way === 'ingress' ? w.ingressIsolatedPods : w.egressIsolatedPods;
    const pods = w.pods.length;
    if (w.hostNetworkPods > 0) {
      evidence.push({ cluster: ctx.name, object: w.text, detail: msg.hostNetwork(w.hostNetworkPods, pods), finding: true });
      open.add(w.text);
      continue;
    }
    if (isolated < pods) {
      evidence.push({ cluster: ctx.name, object: w.text, detail: msg.notIsolated(way, isolated, pods), finding: true });
      open.add(w.text);
      continue;
    }
    const wide = way === 'ingress' ? wideInbound(ctx, w) : wideOutbound(ctx, w);
    for (const f of wide) {
      evidence.push({ cluster: ctx.name, object: f.text, detail: msg.wideOpen(way, f.connection.ports.toString()), ...rulesText(ctx.explain(f).rules), finding: true });
      open.add(w.text);
    }
    if (!wide.length) evidence.push({ cluster: ctx.name, object: w.text, detail: msg.isolated(way, pods), finding: false });
  }
  return verdict(evidence, msg.restrictedPass(way, ctx.workloads.filter((x) => x.inScope).length), () => msg.restrictedFail(way, [...open]));
}

/** Flows from outside the scope into `w` that admit every TCP port. */
function wideInbound(ctx: ClusterContext, w: WorkloadInfo): ScopeFlow[] {
  return ctx.flows.filter(
    (f) => f.direction === 'inbound' && ctx.workload(f.connection.dst) === w && f.connection.ports.intersect(ALL_TCP).equals(ALL_TCP),
  );
}

/** Flows from `w` to any address (0.0.0.0/0, ::/0) on more than DNS. */
function wideOutbound(ctx: ClusterContext, w: WorkloadInfo): ScopeFlow[] {
  return ctx.flows.filter((f) => f.direction === 'outbound' && ctx.workload(f.connection.src) === w && isAnywhere(f.connection.dst) && !f.connection.ports.subtract(DNS).isEmpty());
}

/** Egress from any in-scope workload to any address beyond DNS, isolated or not (HIPAA transmission security). */
export function egressAnywhere(ctx: ClusterContext): ClusterOutcome {
  const na = needsWorkloads(ctx);
  if (na) return na;
  const evidence: Evidence[] = ctx.flows
    .filter((f) => f.direction === 'outbound' && isAnywhere(f.connection.dst))
    .map((f) => {
      const beyond = f.connection.ports.subtract(DNS);
      return {
        cluster: ctx.name,
        object: f.text,
        detail: beyond.isEmpty() ? msg.dnsOnly() : msg.egressAnywhere(f.connection.ports.toString()),
        ...rulesText(ctx.explain(f).rules),
        finding: !beyond.isEmpty(),
      };
    });
  return verdict(evidence, msg.egressAnywherePass(), (n) => msg.egressAnywhereFail(n));
}

/** No in-scope pod uses the host network (NSA/CISA: such pods are outside every NetworkPolicy). */
export function noHostNetwork(ctx: ClusterContext): ClusterOutcome {
  const na = needsWorkloads(ctx);
  if (na) return na;
  const evidence: Evidence[] = ctx.workloads
    .filter((w) => w.inScope && w.hostNetworkPods > 0)
    .map((w) => ({ cluster: ctx.name, object: w.text, detail: msg.hostNetwork(w.hostNetworkPods, w.pods.length), finding: true }));
  return verdict(evidence, msg.noHostNetworkPass(), (n) => msg.noHostNetworkFail(n));
}
