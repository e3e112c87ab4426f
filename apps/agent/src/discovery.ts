/**
 * Which optional kinds (AdminNetworkPolicy, BaselineAdminNetworkPolicy) this cluster serves, from API
 * discovery of their group/version. 404 = the CRDs are not installed; any other failure is thrown so the
 * caller retries instead of wrongly concluding "absent" (which would prune those objects server-side).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { WatchedKind } from '@reachwatch/contracts';
import { KubeApiError, kubeGetJson } from './kube-http';
import { RESOURCES } from './resources';

export async function discoverOptionalKinds(kc: KubeConfig, signal: AbortSignal): Promise<Set<WatchedKind>> {
  const present = new Set<WatchedKind>();
  const byGroupVersion = new Map<string, typeof RESOURCES[number][]>();
  for (const r of RESOURCES.filter((x) => x.optional)) {
    byGroupVersion.set(r.groupVersion, [...(byGroupVersion.get(r.groupVersion) ?? []), r]);
  }
  for (const [gv, resources] of byGroupVersion) {
    let names: Set<string>;
    try {
      const list = await kubeGetJson(kc, `/apis/${gv}`, {}, signal);
      const entries = Array.isArray(list.resources) ? (list.resources as { name?: unknown }[]) : [];
      names = new Set(entries.map((e) => e.name).filter((n): n is string => typeof n === 'string'));
    } catch (e) {
      if (e instanceof KubeApiError && e.statusCode === 404) continue;
      throw e;
    }
    for (const r of resources) if (names.has(r.plural)) present.add(r.kind);
  }
  return present;
}
