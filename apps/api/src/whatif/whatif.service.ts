import { Inject, Injectable } from '@nestjs/common';
import type { Cluster } from '@reachwatch/db';
import { parseManifests, type Diagnostic } from '@reachwatch/k8s';
import { analyze, diffAnalyses, endpointKey, newExposures, type ClusterState, type Connection } from '@reachwatch/policy-engine';
import { ApiError } from '../common/api-error';
import { REST_MSG } from '../clusters/rest-messages';
import { EngineCache } from '../reachability/engine-cache';
import type { WhatIfBody } from './whatif.schemas';

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function diagnosticView(d: Diagnostic) {
  return { severity: d.severity, code: d.code, document: d.documentIndex === undefined ? null : d.documentIndex + 1, kind: d.kind ?? null, name: d.name ?? null, message: d.detail ?? d.message };
}

const connectionView = (c: Connection) => ({ src: endpointKey(c.src), dst: endpointKey(c.dst), ports: c.ports.toString() });

/**
 * What-if: the cluster's live state (cached, at the journal head) with the posted manifests laid over it,
 * analysed by libs/policy-engine and diffed against the live connections. Nothing is stored or changed.
 * Cost: one full engine load of the merged state (seconds at 50k pods).
 */
@Injectable()
export class WhatIfService {
  constructor(@Inject(EngineCache) private readonly cache: EngineCache) {}

  async run(cluster: Cluster, body: WhatIfBody) {
    const parsed = parseManifests(body.manifests, 'manifests');
    const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) throw new ApiError('validation_failed', REST_MSG.manifestsInvalid(errors.length), { diagnostics: parsed.diagnostics.map(diagnosticView) });
    const m = parsed.state;
    const count = m.namespaces.length + m.pods.length + m.nodes.length + m.services.length + m.networkPolicies.length + m.adminNetworkPolicies.length + (m.baselineAdminNetworkPolicy ? 1 : 0);
    if (count === 0) throw new ApiError('validation_failed', REST_MSG.manifestsEmpty, { diagnostics: parsed.diagnostics.map(diagnosticView) });

    const snap = await this.cache.at(cluster);
    // Everything from here on is synchronous: the snapshot cannot move under it.
    const { state, applied } = overlay(snap.state(), m);
    const after = analyze(state, { cni: snap.cni }).connections;
    const delta = diffAnalyses(snap.connections(), after);
    const exposures = newExposures(delta);
    return {
      cluster: cluster.name,
      seq: snap.seq,
      applied,
      warnings: parsed.diagnostics.map(diagnosticView),
      counts: { added: delta.added.length, removed: delta.removed.length, newExposures: exposures.length },
      added: delta.added.slice(0, body.limit).map(connectionView),
      removed: delta.removed.slice(0, body.limit).map(connectionView),
      newExposures: exposures.slice(0, body.limit).map((x) => ({ reason: x.reason, ...connectionView(x.connection) })),
      truncated: delta.added.length > body.limit || delta.removed.length > body.limit || exposures.length > body.limit,
    };
  }
}

/**
 * parseManifests implies a namespace for every object's namespace, with only the automatic name label.
 * Such a namespace must not replace the live one (it would drop its labels). The cost: a manifest that
 * declares a live namespace with no labels at all is taken as implied, not as "remove every label".
 */
function isImplied(n: ClusterState['namespaces'][number]): boolean {
  const keys = Object.keys(n.labels);
  return keys.length === 1 && n.labels['kubernetes.io/metadata.name'] === n.name;
}

type Change = { kind: string; name: string; change: 'created' | 'replaced' };

/**
 * The live state with the manifests' objects laid over it: an object of the same kind and name replaces
 * the live one; a manifest workload replaces the live pods of that workload (its template stands for them).
 */
export function overlay(live: ClusterState, m: ClusterState): { state: ClusterState; applied: Change[] } {
  const applied: Change[] = [];
  const merge = <T>(kind: string, cur: readonly T[], add: readonly T[], key: (t: T) => string): T[] => {
    const byKey = new Map(cur.map((t) => [key(t), t]));
    for (const t of add) {
      applied.push({ kind, name: key(t), change: byKey.has(key(t)) ? 'replaced' : 'created' });
      byKey.set(key(t), t);
    }
    return [...byKey.values()];
  };
  const nsName = (t: { namespace: string; name: string }) => `${t.namespace}/${t.name}`;
  const liveNs = new Set(live.namespaces.map((n) => n.name));
  const wl = (p: ClusterState['pods'][number]) => `${p.namespace}/${p.workload.name}[${p.workload.kind}]`;
  const replacedWorkloads = new Set(m.pods.map(wl));
  const livePods = live.pods.filter((p) => !replacedWorkloads.has(wl(p)));
  for (const w of [...replacedWorkloads].sort()) applied.push({ kind: 'Workload', name: w, change: live.pods.some((p) => wl(p) === w) ? 'replaced' : 'created' });
  const state: ClusterState = {
    namespaces: merge('Namespace', live.namespaces, m.namespaces.filter((n) => !isImplied(n) || !liveNs.has(n.name)), (n) => n.name),
    pods: [...livePods, ...m.pods],
    nodes: merge('Node', live.nodes, m.nodes, (n) => n.name),
    services: merge('Service', live.services, m.services, nsName),
    networkPolicies: merge('NetworkPolicy', live.networkPolicies, m.networkPolicies, nsName),
    adminNetworkPolicies: merge('AdminNetworkPolicy', live.adminNetworkPolicies, m.adminNetworkPolicies, (a) => a.name),
  };
  const banp = m.baselineAdminNetworkPolicy ?? live.baselineAdminNetworkPolicy;
  if (m.baselineAdminNetworkPolicy) applied.push({ kind: 'BaselineAdminNetworkPolicy', name: m.baselineAdminNetworkPolicy.name, change: live.baselineAdminNetworkPolicy ? 'replaced' : 'created' });
  if (banp) state.baselineAdminNetworkPolicy = banp;
  applied.sort((a, b) => cmp(a.kind, b.kind) || cmp(a.name, b.name));
  return { state, applied };
}
