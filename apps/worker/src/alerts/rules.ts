import type { AlertAction } from '@reachwatch/db';
import { Connection, NetworkPolicy, PolicyType, endpointKey, includesPublicAddresses, permissiveRules } from '@reachwatch/policy-engine';
import { ClusterView, StepFacts, Workload } from './facts';
import { AlertRuleId, AlertSettings, DEFAULT_SEVERITY, Severity } from './settings';

/** What every rule receives. `open` holds `rule \0 subjectKey` of alerts not resolved; rules keep it current. */
export interface RuleInput {
  facts: StepFacts;
  view: ClusterView;
  settings: AlertSettings;
  open: Set<string>;
}

const SOURCES_SHOWN = 20;
const openKey = (rule: string, subjectKey: string) => `${rule}\u0000${subjectKey}`;

/** Opens (or refreshes) an alert when the rule is on for this subject. */
function raise(
  r: RuleInput,
  out: AlertAction[],
  a: { rule: AlertRuleId; namespace: string; subjectKey: string; subject: unknown; labels: Record<string, string>; base: Severity; message: string; details: Record<string, unknown> },
): void {
  if (!r.settings.enabled(a.rule, a.namespace, a.labels)) return;
  const scopes = r.settings.scopesOf(r.view.namespaceLabels(a.namespace));
  const severity = r.settings.severity(a.rule, a.namespace, a.base, scopes.length > 0);
  out.push({
    type: 'open', seq: r.facts.seq, at: r.facts.at, rule: a.rule, severity, subjectKey: a.subjectKey, subject: a.subject,
    message: a.message, details: { ...a.details, ...(scopes.length ? { scopes } : {}) },
  });
  r.open.add(openKey(a.rule, a.subjectKey));
}

function resolve(r: RuleInput, out: AlertAction[], rule: AlertRuleId, subjectKey: string): void {
  if (!r.open.delete(openKey(rule, subjectKey))) return;
  out.push({ type: 'resolve', seq: r.facts.seq, at: r.facts.at, rule, subjectKey });
}

const peerText = (c: Connection) => (c.src.type === 'external' ? endpointKey(c.src).replace('[External]', '').trim() : `${c.src.namespace}/${c.src.name}`);
const more = (n: number) => (n > 1 ? ` and ${n - 1} more source${n > 2 ? 's' : ''}` : '');

/** Rules 1–2: a workload newly reachable from public address space / from another namespace. */
export function exposureRules(r: RuleInput, out: AlertAction[]): void {
  const groups = new Map<string, { rule: AlertRuleId; dst: Workload; sources: Connection[] }>();
  for (const x of r.facts.exposures) {
    if (x.connection.dst.type !== 'workload') continue;
    const rule: AlertRuleId = x.reason === 'internet' ? 'exposed-to-internet' : 'exposed-to-other-namespace';
    const k = openKey(rule, endpointKey(x.connection.dst));
    const g = groups.get(k) ?? { rule, dst: x.connection.dst, sources: [] };
    g.sources.push(x.connection);
    groups.set(k, g);
  }
  // A Service that appears or changes can make an open internet exposure real (or stop doing so): the
  // open alerts of its namespace are raised again, which refreshes their severity and message.
  const svcNs = r.facts.serviceNamespace;
  if (svcNs !== undefined) {
    for (const c of r.view.inbound(svcNs)) {
      if (c.dst.type !== 'workload' || c.src.type !== 'external' || !includesPublicAddresses(c.src)) continue;
      const k = openKey('exposed-to-internet', endpointKey(c.dst));
      if (!r.open.has(k)) continue;
      const g = groups.get(k) ?? { rule: 'exposed-to-internet' as const, dst: c.dst, sources: [] };
      g.sources.push(c);
      groups.set(k, g);
    }
  }
  for (const [, g] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const internet = g.rule === 'exposed-to-internet';
    const served = internet ? publicServices(r.view, g.dst) : [];
    const first = g.sources[0];
    raise(r, out, {
      rule: g.rule, namespace: g.dst.namespace, subjectKey: endpointKey(g.dst), subject: g.dst, labels: r.view.workloadLabels(g.dst),
      base: internet ? (served.length ? 'critical' : 'high') : DEFAULT_SEVERITY[g.rule],
      message: `${g.dst.namespace}/${g.dst.name} (${g.dst.kind}) is newly reachable from ${internet ? 'the internet' : 'another namespace'}: ` +
        `${peerText(first)} on ${first.ports}${more(g.sources.length)}` + (served.length ? `; exposed through Service ${served.join(', ')}` : ''),
      details: { sources: g.sources.slice(0, SOURCES_SHOWN).map((c) => ({ src: c.src, portsText: c.ports.toString() })), sourceCount: g.sources.length, services: served },
    });
  }
  // Resolve subjects that lost ports this step and no longer meet their rule.
  const checked = new Set<string>();
  for (const c of r.facts.delta.removed) {
    if (c.dst.type !== 'workload') continue;
    const subjectKey = endpointKey(c.dst);
    if (checked.has(subjectKey)) continue;
    checked.add(subjectKey);
    const ns = c.dst.namespace;
    const inbound = r.view.inbound(ns).filter((x) => endpointKey(x.dst) === subjectKey);
    if (!inbound.some((x) => x.src.type === 'external' && includesPublicAddresses(x.src))) resolve(r, out, 'exposed-to-internet', subjectKey);
    if (!inbound.some((x) => x.src.type === 'workload' && x.src.namespace !== ns)) resolve(r, out, 'exposed-to-other-namespace', subjectKey);
  }
}

/** Rule 7: a workload of a scoped namespace newly able to reach public address space. */
export function egressFromScopeRule(r: RuleInput, out: AlertAction[]): void {
  if (r.settings.hasScopes) {
    const groups = new Map<string, { src: Workload; dsts: Connection[] }>();
    for (const c of r.facts.delta.added) {
      if (c.src.type !== 'workload' || c.dst.type !== 'external' || !includesPublicAddresses(c.dst)) continue;
      if (!r.settings.scopesOf(r.view.namespaceLabels(c.src.namespace)).length) continue;
      const k = endpointKey(c.src);
      const g = groups.get(k) ?? { src: c.src, dsts: [] };
      g.dsts.push(c);
      groups.set(k, g);
    }
    for (const [k, g] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const first = g.dsts[0];
      const dst = endpointKey(first.dst).replace('[External]', '').trim();
      raise(r, out, {
        rule: 'egress-to-internet-from-scope', namespace: g.src.namespace, subjectKey: k, subject: g.src, labels: r.view.workloadLabels(g.src),
        base: DEFAULT_SEVERITY['egress-to-internet-from-scope'],
        message: `${g.src.namespace}/${g.src.name} (${g.src.kind}), in a compliance scope, can newly reach the internet: ${dst} on ${first.ports}` +
          (g.dsts.length > 1 ? ` and ${g.dsts.length - 1} more range${g.dsts.length > 2 ? 's' : ''}` : ''),
        details: { destinations: g.dsts.slice(0, SOURCES_SHOWN).map((c) => ({ dst: c.dst, portsText: c.ports.toString() })), destinationCount: g.dsts.length },
      });
    }
  }
  const checked = new Set<string>();
  for (const c of r.facts.delta.removed) {
    if (c.src.type !== 'workload' || c.dst.type !== 'external') continue;
    const k = endpointKey(c.src);
    if (checked.has(k) || !r.open.has(openKey('egress-to-internet-from-scope', k))) continue;
    checked.add(k);
    const still = r.view.outbound(c.src.namespace).some((x) => endpointKey(x.src) === k && x.dst.type === 'external' && includesPublicAddresses(x.dst));
    if (!still) resolve(r, out, 'egress-to-internet-from-scope', k);
  }
}

const isolationKey = (w: Workload, d: PolicyType) => `${endpointKey(w)}|${d}`;

/** Rule 3: a workload whose pods lost isolation in a direction (the policies that selected them went). */
export function lostIsolationRule(r: RuleInput, out: AlertAction[]): void {
  for (const x of r.facts.isolation) {
    const k = isolationKey(x.workload, x.direction);
    if (x.isolated) {
      resolve(r, out, 'lost-isolation', k);
      continue;
    }
    const dir = x.direction.toLowerCase();
    raise(r, out, {
      rule: 'lost-isolation', namespace: x.workload.namespace, subjectKey: k, subject: { ...x.workload, direction: x.direction },
      labels: r.view.workloadLabels(x.workload), base: DEFAULT_SEVERITY['lost-isolation'],
      message: `${x.workload.namespace}/${x.workload.name} (${x.workload.kind}) lost ${dir} isolation after ${x.policy}: no policy selects its pods for ${dir} any more, so all ${dir} traffic is allowed`,
      details: { direction: x.direction, policy: x.policy },
    });
  }
  for (const w of r.facts.workloadsGone) for (const d of ['Ingress', 'Egress'] as const) resolve(r, out, 'lost-isolation', isolationKey(w, d));
}

const namespaceKey = (ns: string, d?: PolicyType) => (d ? `namespace:${ns}|${d}` : `namespace:${ns}`);

/** Rules 4–5: default-deny removed from a namespace; a new namespace with no NetworkPolicy. */
export function namespaceRules(r: RuleInput, out: AlertAction[]): void {
  for (const x of r.facts.defaultDeny) {
    const k = namespaceKey(x.namespace, x.direction);
    if (x.inEffect) {
      resolve(r, out, 'default-deny-removed', k);
      continue;
    }
    const dir = x.direction.toLowerCase();
    raise(r, out, {
      rule: 'default-deny-removed', namespace: x.namespace, subjectKey: k, subject: { type: 'namespace', name: x.namespace, direction: x.direction },
      labels: r.view.namespaceLabels(x.namespace), base: DEFAULT_SEVERITY['default-deny-removed'],
      message: `namespace ${x.namespace} no longer has a default-deny ${dir} policy in effect: pods no other policy selects accept all ${dir} traffic`,
      details: { direction: x.direction, ...(r.facts.policy ? { policy: `${r.facts.policy.namespace}/${r.facts.policy.name}` } : {}) },
    });
  }
  const created = r.facts.namespaceCreated;
  if (created !== undefined && ![...r.view.policies(created)].length) {
    raise(r, out, {
      rule: 'namespace-without-policy', namespace: created, subjectKey: namespaceKey(created), subject: { type: 'namespace', name: created },
      labels: r.view.namespaceLabels(created), base: DEFAULT_SEVERITY['namespace-without-policy'],
      message: `new namespace ${created} has no NetworkPolicy: every pod in it accepts traffic from anywhere`,
      details: {},
    });
  }
  const p = r.facts.policy;
  if (p?.after) resolve(r, out, 'namespace-without-policy', namespaceKey(p.namespace));
  const gone = r.facts.namespaceDeleted;
  if (gone !== undefined) {
    resolve(r, out, 'namespace-without-policy', namespaceKey(gone));
    for (const d of ['Ingress', 'Egress'] as const) resolve(r, out, 'default-deny-removed', namespaceKey(gone, d));
  }
}

const policyKey = (ns: string, name: string) => `NetworkPolicy:${ns}/${name}`;

/** Rule 6: a NetworkPolicy opening a scoped namespace to every source or to 0.0.0.0/0. */
export function permissivePolicyRule(r: RuleInput, out: AlertAction[]): void {
  const candidates: { namespace: string; name: string; after: NetworkPolicy | null }[] = [];
  if (r.facts.policy) candidates.push(r.facts.policy);
  // A namespace that enters or leaves a scope: its policies are judged again.
  const relabelled = r.facts.namespaceRelabelled;
  if (relabelled !== undefined) for (const np of r.view.policies(relabelled)) candidates.push({ namespace: relabelled, name: np.name, after: np });
  for (const c of candidates) {
    const k = policyKey(c.namespace, c.name);
    const scopes = r.settings.scopesOf(r.view.namespaceLabels(c.namespace));
    const found = c.after && scopes.length ? permissiveRules(c.after, 'Ingress') : [];
    if (!found.length) {
      resolve(r, out, 'permissive-policy-in-scope', k);
      continue;
    }
    raise(r, out, {
      rule: 'permissive-policy-in-scope', namespace: c.namespace, subjectKey: k, subject: { type: 'NetworkPolicy', namespace: c.namespace, name: c.name },
      labels: r.view.namespaceLabels(c.namespace), base: DEFAULT_SEVERITY['permissive-policy-in-scope'],
      message: `NetworkPolicy ${c.namespace}/${c.name} opens namespace ${c.namespace} (scope ${scopes.join(', ')}) to everyone: ${found.map((f) => f.detail).join('; ')}`,
      details: { rules: found },
    });
  }
  if (r.facts.namespaceDeleted !== undefined) {
    for (const k of [...r.open]) {
      const [rule, subject] = k.split('\u0000');
      if (rule === 'permissive-policy-in-scope' && subject.startsWith(policyKey(r.facts.namespaceDeleted, ''))) resolve(r, out, 'permissive-policy-in-scope', subject);
    }
  }
}

/** Services of the workload's namespace that take traffic from outside and select one of its pods. */
function publicServices(view: ClusterView, w: Workload): string[] {
  const pods = [...view.pods(w.namespace)].filter((p) => p.workload.kind === w.kind && p.workload.name === w.name);
  const out: string[] = [];
  for (const s of view.services(w.namespace)) {
    const outside = s.type === 'LoadBalancer' || s.type === 'NodePort' || s.externalIPs.length > 0;
    if (!outside || !s.selector) continue;
    const sel = s.selector;
    if (pods.some((p) => Object.keys(sel).every((k) => p.labels[k] === sel[k]))) out.push(`${s.name} (${s.type})`);
  }
  return out.sort();
}
