/**
 * The second pass: from the objects read to one ClusterState. Real pods stand for their owner (the owner's
 * representative pod is dropped), namespaces that objects live in are implied, ANP priority ties and extra
 * BANPs are reported, and every list is sorted so equal inputs give equal states.
 */
import type { AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterState, Namespace, Pod } from '@reachwatch/policy-engine';
import type { Collected, Collector, Loc } from './collect';
import { impliedNamespace } from './kinds/namespace';
import { Codes, msg } from './messages';
import type { Parsed } from './registry';

type ValueOf<T extends Parsed['type']> = Extract<Parsed, { type: T }>['value'];
type Item<T extends Parsed['type']> = { value: ValueOf<T>; loc: Loc; kind: string; id: string };

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
const byNsName = (a: { namespace: string; name: string }, b: { namespace: string; name: string }) =>
  cmp(a.namespace, b.namespace) || cmp(a.name, b.name);
const byName = (a: { name: string }, b: { name: string }) => cmp(a.name, b.name);

function pick<T extends Parsed['type']>(all: Collected[], type: T): Item<T>[] {
  return all
    .filter((c) => c.parsed.type === type)
    .map((c) => ({ value: c.parsed.value as ValueOf<T>, loc: c.loc, kind: c.kind, id: c.id }));
}

export function assemble(all: Collected[], out: Collector): ClusterState {
  const pods = podsOf(pick(all, 'pod').map((p) => p.value), pick(all, 'workload'), out);
  const services = pick(all, 'service').map((s) => s.value).sort(byNsName);
  const networkPolicies = pick(all, 'networkPolicy').map((n) => n.value).sort(byNsName);
  const namespaces = new Map<string, Namespace>(pick(all, 'namespace').map((n) => [n.value.name, n.value]));
  for (const o of [...pods, ...services, ...networkPolicies]) {
    if (!namespaces.has(o.namespace)) namespaces.set(o.namespace, impliedNamespace(o.namespace));
  }
  const state: ClusterState = {
    namespaces: [...namespaces.values()].sort(byName),
    pods,
    nodes: pick(all, 'node').map((n) => n.value).sort(byName),
    services,
    networkPolicies,
    adminNetworkPolicies: adminPolicies(pick(all, 'adminNetworkPolicy'), out),
  };
  const banp = baseline(pick(all, 'baselineAdminNetworkPolicy'), out);
  if (banp) state.baselineAdminNetworkPolicy = banp;
  return state;
}

/**
 * Real pods, plus one representative pod per workload that no real pod stands for. A Deployment is stood
 * for by pods of its ReplicaSets (`<deployment>-<pod-template-hash>`).
 */
function podsOf(real: Pod[], workloads: Item<'workload'>[], out: Collector): Pod[] {
  const represented = new Set<string>();
  for (const p of real) {
    represented.add(`${p.namespace}/${p.workload.kind}/${p.workload.name}`);
    const hash = p.labels['pod-template-hash'];
    if (p.workload.kind === 'ReplicaSet' && hash && p.workload.name.endsWith(`-${hash}`)) {
      represented.add(`${p.namespace}/Deployment/${p.workload.name.slice(0, -hash.length - 1)}`);
    }
  }
  const taken = new Set(real.map((p) => `${p.namespace}/${p.name}`));
  const result = [...real];
  const reps = workloads
    .filter((w) => !represented.has(`${w.value.namespace}/${w.kind}/${w.value.name}`))
    .sort((a, b) => byNsName(a.value, b.value) || cmp(a.kind, b.kind));
  for (const w of reps) {
    const pod = w.value;
    let name = pod.name;
    if (taken.has(`${pod.namespace}/${name}`)) {
      const base = `${pod.name}-${w.kind.toLowerCase()}`;
      name = base;
      for (let i = 2; taken.has(`${pod.namespace}/${name}`); i++) name = `${base}-${i}`;
      out.report('warning', Codes.POD_NAME_CONFLICT, w.loc, msg.podNameConflict(pod.namespace, pod.name, w.kind, name), w.kind, w.id);
    }
    taken.add(`${pod.namespace}/${name}`);
    result.push(name === pod.name ? pod : { ...pod, name });
  }
  return result.sort(byNsName);
}

function adminPolicies(items: Item<'adminNetworkPolicy'>[], out: Collector): AdminNetworkPolicy[] {
  const byPriority = new Map<number, Item<'adminNetworkPolicy'>[]>();
  for (const a of items) byPriority.set(a.value.priority, [...(byPriority.get(a.value.priority) ?? []), a]);
  for (const [priority, group] of [...byPriority.entries()].sort((a, b) => a[0] - b[0])) {
    if (group.length < 2) continue;
    const names = group.map((g) => g.value.name).sort(cmp);
    const last = group[group.length - 1];
    out.report('warning', Codes.ANP_PRIORITY_CONFLICT, last.loc, msg.priorityConflict(priority, names), last.kind, last.id);
  }
  return items.map((a) => a.value).sort((a, b) => a.priority - b.priority || cmp(a.name, b.name));
}

/** One BANP: the one named `default` if any, else the last one read. */
function baseline(items: Item<'baselineAdminNetworkPolicy'>[], out: Collector): BaselineAdminNetworkPolicy | undefined {
  if (items.length <= 1) return items[0]?.value;
  const kept = items.find((b) => b.value.name === 'default') ?? items[items.length - 1];
  const dropped = items.filter((b) => b !== kept).map((b) => b.value.name);
  out.report('warning', Codes.BANP_MULTIPLE, kept.loc, msg.banpMultiple(kept.value.name, dropped), kept.kind, kept.id);
  return kept.value;
}
