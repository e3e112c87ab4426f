/**
 * Flow-level checks over the engine's workload-level connections that touch the scope: is each one
 * permitted by a policy rule (1.2.4), in the approved-flows register (1.2.5 and others), free of
 * insecure ports (1.2.6), and is nothing reaching data stores or the scope from the internet (1.4.x).
 */
import { PortSet, selectorMatches, type Service } from '@reachwatch/policy-engine';
import { allowedByDefault, rulesText } from '../allowing-rules';
import { isInternet, type ClusterContext, type ScopeFlow, type WorkloadInfo } from '../context';
import { insecureServicesIn } from '../insecure-ports';
import type { Evidence } from '../model';
import { msg } from '../messages';
import { needsWorkloads, verdict, type ClusterOutcome } from './outcome';

function boundary(ctx: ClusterContext): ScopeFlow[] {
  return ctx.flows.filter((f) => f.direction !== 'internal');
}

function flowEvidence(ctx: ClusterContext, f: ScopeFlow, detail: string, finding: boolean): Evidence {
  return { cluster: ctx.name, object: f.text, detail, ...rulesText(ctx.explain(f).rules), finding };
}

/** 1.2.4: every flow across the boundary, with what allows it; a finding when the in-scope end is decided by no policy. */
export function documentedFlows(ctx: ClusterContext): ClusterOutcome {
  const na = needsWorkloads(ctx);
  if (na) return na;
  const flows = boundary(ctx);
  const evidence = flows.map((f) => {
    const end = f.direction === 'inbound' ? 'ingress' : 'egress';
    const byDefault = allowedByDefault(ctx.explain(f).rules, end);
    return flowEvidence(ctx, f, msg.flowDocumented(f.direction, f.connection.ports.toString(), byDefault), byDefault);
  });
  return verdict(evidence, msg.documentedPass(flows.length), (n) => msg.documentedFail(n));
}

export type FlowSelection = 'boundary' | 'cross-namespace' | 'inbound';

function selectFlows(ctx: ClusterContext, which: FlowSelection): ScopeFlow[] {
  switch (which) {
    case 'boundary':
      return boundary(ctx);
    case 'inbound':
      return ctx.flows.filter((f) => f.direction === 'inbound');
    case 'cross-namespace':
      return ctx.flows.filter((f) => {
        const { src, dst } = f.connection;
        return src.type === 'workload' && dst.type === 'workload' && src.namespace !== dst.namespace;
      });
  }
}

/** The register covers every allowed port of the selected flows; lapsed approvals are named in the finding. */
export function inRegister(ctx: ClusterContext, which: FlowSelection): ClusterOutcome {
  const na = needsWorkloads(ctx);
  if (na) return na;
  const flows = selectFlows(ctx, which);
  const evidence = flows.map((f) => {
    const c = f.coverage;
    return c.unapproved.isEmpty()
      ? flowEvidence(ctx, f, msg.approvedBy(c.approvals), false)
      : flowEvidence(ctx, f, msg.notInRegister(c.unapproved.toString(), f.connection.ports.toString(), c.approvals, c.lapsed), true);
  });
  return verdict(evidence, msg.registerPass(flows.length, which), (n) => msg.registerFail(n, which));
}

/** The ports of `w` in use: its declared container ports; when it declares none, every port counts. */
function portsInUse(w: WorkloadInfo | undefined): PortSet | undefined {
  const declared = (w?.pods ?? []).flatMap((p) => p.ports);
  if (declared.length === 0) return undefined;
  return declared.reduce((acc, p) => acc.union(PortSet.of(p.protocol, p.port)), PortSet.NONE);
}

/** 1.2.6: no flow into an in-scope workload reaches an insecure service port that it serves. */
export function insecurePorts(ctx: ClusterContext): ClusterOutcome {
  const na = needsWorkloads(ctx);
  if (na) return na;
  const evidence: Evidence[] = [];
  for (const f of ctx.flows.filter((x) => x.direction !== 'outbound')) {
    const inUse = portsInUse(ctx.workload(f.connection.dst));
    const reached = inUse ? f.connection.ports.intersect(inUse) : f.connection.ports;
    for (const s of insecureServicesIn(reached)) {
      evidence.push(flowEvidence(ctx, f, msg.insecurePort(s.service, s.ports.toString(), inUse === undefined), true));
    }
  }
  return verdict(evidence, msg.insecurePass(), (n) => msg.insecureFail(n));
}

/** 1.4.2: inbound flows from public addresses reach only approved (public) services. */
export function internetInbound(ctx: ClusterContext): ClusterOutcome {
  const na = needsWorkloads(ctx);
  if (na) return na;
  const flows = ctx.flows.filter((f) => f.direction === 'inbound' && isInternet(f.connection.src));
  const evidence = flows.map((f) =>
    f.coverage.unapproved.isEmpty()
      ? flowEvidence(ctx, f, msg.internetApproved(f.connection.ports.toString(), f.coverage.approvals), false)
      : flowEvidence(ctx, f, msg.internetUnapproved(f.coverage.unapproved.toString()), true),
  );
  return verdict(evidence, msg.internetInboundPass(flows.length), (n) => msg.internetInboundFail(n));
}

/** 1.4.4: no in-scope data store is reachable straight from public addresses, approved or not. */
export function internetToDataStores(ctx: ClusterContext): ClusterOutcome {
  const na = needsWorkloads(ctx);
  if (na) return na;
  const stores = ctx.workloads.filter((w) => w.inScope && w.dataStore);
  if (stores.length === 0) return { status: 'not-applicable', summary: msg.noDataStores(), evidence: [] };
  const evidence: Evidence[] = [];
  for (const w of stores) {
    const direct = ctx.flows.filter((f) => f.direction === 'inbound' && ctx.workload(f.connection.dst) === w && isInternet(f.connection.src));
    const published = publishingServices(ctx, w);
    for (const f of direct) evidence.push(flowEvidence(ctx, f, msg.dataStoreExposed(w.dataStore!, f.connection.ports.toString(), published), true));
    if (!direct.length) evidence.push({ cluster: ctx.name, object: w.text, detail: msg.dataStoreClosed(w.dataStore!), finding: false });
  }
  return verdict(evidence, msg.dataStoresPass(stores.length), (n) => msg.dataStoresFail(n));
}

/** Services that publish `w` outside the cluster (LoadBalancer, NodePort, external IPs), as `ns/name (type)`. */
function publishingServices(ctx: ClusterContext, w: WorkloadInfo): string[] {
  const labels = w.pods[0].labels;
  // A Service's selector is equality-based and, when empty, selects nothing (manual endpoints).
  const publishes = (s: Service) =>
    s.namespace === w.endpoint.namespace &&
    s.selector !== undefined &&
    Object.keys(s.selector).length > 0 &&
    selectorMatches({ matchLabels: s.selector }, labels) &&
    (s.type === 'LoadBalancer' || s.type === 'NodePort' || s.externalIPs.length > 0);
  return ctx.state.services
    .filter(publishes)
    .map((s) => `${s.namespace}/${s.name} (${s.externalIPs.length && s.type === 'ClusterIP' ? 'externalIPs' : s.type})`)
    .sort();
}
