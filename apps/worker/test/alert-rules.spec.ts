/**
 * Each alert rule on ClusterCore (no database): it fires on the change that should trigger it, not on
 * near-misses, deduplicates while open, resolves when its condition ends, and honours the settings.
 */
import { describe, expect, it } from 'vitest';
import type { IngestEvent } from '@reachwatch/contracts';
import type { AlertAction, JournalEvent } from '@reachwatch/db';
import { AlertRulesConfig } from '@reachwatch/contracts';
import { AlertSettings } from '../src/alerts';
import { ClusterCore } from '../src/cluster-core';
import { added, deleted, edit, modified, object } from './helpers';

/** Feeds ingest-shaped events to a core the way the journal would, collecting alert actions per event. */
class Driver {
  readonly core = new ClusterCore('generic', []);
  private readonly current = new Map<string, unknown>();
  private seq = 0;

  constructor(config?: unknown) {
    if (config) this.core.alertSettings = new AlertSettings(AlertRulesConfig.parse(config));
  }

  step(...events: IngestEvent[]): AlertAction[] {
    const out: AlertAction[] = [];
    for (const e of events) {
      if (e.type === 'SYNC_END') continue;
      const o = e.object;
      const before = this.current.get(o.metadata.uid) ?? null;
      if (e.type === 'DELETED') this.current.delete(o.metadata.uid);
      else this.current.set(o.metadata.uid, o);
      const j: JournalEvent = {
        seq: ++this.seq, kind: o.kind, uid: o.metadata.uid, namespace: o.metadata.namespace ?? '', name: o.metadata.name,
        type: e.type === 'ADDED' && before ? 'MODIFIED' : e.type, resourceVersion: o.metadata.resourceVersion,
        before, after: e.type === 'DELETED' ? null : o, manager: e.manager ?? null, occurredAt: new Date(this.seq * 1000),
      };
      out.push(...this.core.apply(j).alerts);
    }
    return out;
  }
}

const ns = (name: string, labels: Record<string, string> = {}) =>
  object({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } } });
let ip = 1;
const pod = (namespace: string, app: string, ports: number[] = [8080]) =>
  object({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: `${app}-${ip}`, namespace, labels: { app }, ownerReferences: [{ kind: 'ReplicaSet', name: `${app}-rs`, controller: true, uid: `rs-${app}` }] },
    spec: { containers: [{ name: 'c', ports: ports.map((p) => ({ containerPort: p, protocol: 'TCP' })) }] },
    status: { podIP: `10.0.0.${ip++}`, phase: 'Running' },
  });
const policy = (namespace: string, name: string, spec: Record<string, unknown>) =>
  object({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });
const denyAll = (namespace: string, types = ['Ingress']) => policy(namespace, 'default-deny', { podSelector: {}, policyTypes: types });
const service = (namespace: string, app: string, type: string) =>
  object({ apiVersion: 'v1', kind: 'Service', metadata: { name: `${app}-svc`, namespace }, spec: { type, selector: { app }, ports: [{ port: 80, targetPort: 8080 }] } });

const opened = (acts: AlertAction[]) => acts.filter((a) => a.type === 'open').map((a) => `${a.rule} ${a.subjectKey} ${a.type === 'open' ? a.severity : ''}`);
const resolved = (acts: AlertAction[]) => acts.filter((a) => a.type === 'resolve').map((a) => `${a.rule} ${a.subjectKey}`);

/** A namespace `pay` with an app `db` isolated by a default deny, and a namespace `web` with app `front`. */
function base(config?: unknown) {
  const d = new Driver(config);
  const objs = { pay: ns('pay', { pci: 'cde' }), web: ns('web'), db: pod('pay', 'db', [5432]), front: pod('web', 'front'), deny: denyAll('pay', ['Ingress', 'Egress']) };
  d.step(...Object.values(objs).map(added));
  return { d, objs };
}

describe('exposure rules', () => {
  it('exposed-to-internet: high without a Service, critical when a LoadBalancer makes it real, resolves when closed', () => {
    const { d } = base();
    const open = policy('pay', 'from-internet', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] });
    expect(opened(d.step(added(open)))).toContain('exposed-to-internet pay/db-rs[ReplicaSet] high');
    // A ClusterIP Service does not make it real: still high.
    expect(opened(d.step(added(service('pay', 'db', 'ClusterIP'))))).toEqual(['exposed-to-internet pay/db-rs[ReplicaSet] high']);
    // The LoadBalancer makes it real: the open alert is raised again (the store refreshes it) as critical.
    const lb = { ...service('pay', 'db', 'LoadBalancer'), metadata: { ...service('pay', 'db', 'LoadBalancer').metadata, name: 'db-public' } };
    expect(opened(d.step(added(lb)))).toEqual(['exposed-to-internet pay/db-rs[ReplicaSet] critical']);
    // Dedup: widening the same exposure opens no new subject.
    const widened = edit(open, (c) => ((c.spec as { ingress: unknown[] }).ingress = [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }, { ports: [{ port: 9999 }] }]));
    expect(opened(d.step(modified(widened))).filter((a) => a.startsWith('exposed-to-internet')).length).toBeLessThanOrEqual(1);
    expect(resolved(d.step(deleted(widened)))).toContain('exposed-to-internet pay/db-rs[ReplicaSet]');
  });

  it('exposed-to-internet near miss: a private range is not the internet', () => {
    const { d } = base();
    const priv = policy('pay', 'from-vpc', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] });
    expect(opened(d.step(added(priv))).filter((a) => a.startsWith('exposed-to-internet'))).toEqual([]);
  });

  it('exposed-to-other-namespace fires for a cross-namespace allow and not for a same-namespace one', () => {
    const { d } = base();
    const same = policy('pay', 'same-ns', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] });
    expect(opened(d.step(added(same))).filter((a) => a.includes('other-namespace'))).toEqual([]);
    const cross = policy('pay', 'from-web', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'web' } } }] }] });
    // pay is in no scope here (no scopes configured), so the default medium severity.
    expect(opened(d.step(added(cross)))).toContain('exposed-to-other-namespace pay/db-rs[ReplicaSet] medium');
    expect(resolved(d.step(deleted(cross)))).toEqual(['exposed-to-other-namespace pay/db-rs[ReplicaSet]']);
  });
});

describe('isolation and namespace rules', () => {
  it('lost-isolation when the last selecting policy goes, in each direction; resolves when isolation returns', () => {
    const { d, objs } = base();
    const acts = d.step(deleted(objs.deny));
    expect(opened(acts).filter((a) => a.startsWith('lost-isolation'))).toEqual([
      'lost-isolation pay/db-rs[ReplicaSet]|Egress high',
      'lost-isolation pay/db-rs[ReplicaSet]|Ingress high',
    ]);
    const back = d.step(added(denyAll('pay', ['Ingress'])));
    expect(resolved(back)).toContain('lost-isolation pay/db-rs[ReplicaSet]|Ingress');
    expect(resolved(back)).not.toContain('lost-isolation pay/db-rs[ReplicaSet]|Egress');
  });

  it('lost-isolation near miss: deleting one of two selecting policies keeps the pods isolated', () => {
    const { d, objs } = base();
    d.step(added(policy('pay', 'db-only', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress', 'Egress'] })));
    expect(opened(d.step(deleted(objs.deny))).filter((a) => a.startsWith('lost-isolation'))).toEqual([]);
  });

  it('default-deny-removed when a namespace loses its default deny (not when another policy changes)', () => {
    const { d, objs } = base();
    expect(opened(d.step(added(policy('pay', 'other', { podSelector: { matchLabels: { app: 'x' } } })))).filter((a) => a.startsWith('default-deny'))).toEqual([]);
    const weakened = edit(objs.deny, (c) => ((c.spec as Record<string, unknown>).policyTypes = ['Egress']));
    expect(opened(d.step(modified(weakened))).filter((a) => a.startsWith('default-deny'))).toEqual(['default-deny-removed namespace:pay|Ingress high']);
    expect(resolved(d.step(modified(objs.deny)))).toContain('default-deny-removed namespace:pay|Ingress');
  });

  it('namespace-without-policy for a new empty namespace; resolved by its first policy; not for a namespace created with policies present', () => {
    const { d } = base();
    expect(opened(d.step(added(ns('scratch'))))).toEqual(['namespace-without-policy namespace:scratch low']);
    expect(resolved(d.step(added(denyAll('scratch'))))).toEqual(['namespace-without-policy namespace:scratch']);
    const d2 = new Driver();
    d2.step(added(denyAll('later')));
    expect(opened(d2.step(added(ns('later'))))).toEqual([]);
  });
});

describe('scope rules and settings', () => {
  const scoped = { scopes: [{ name: 'PCI CDE', selector: 'pci=cde' }] };

  it('permissive-policy-in-scope for an allow-all into a scoped namespace, not into an unscoped one; resolves when narrowed', () => {
    const { d } = base(scoped);
    const all = policy('pay', 'allow-all', { podSelector: {}, ingress: [{}] });
    expect(opened(d.step(added(all)))).toContain('permissive-policy-in-scope NetworkPolicy:pay/allow-all high');
    expect(opened(d.step(added(policy('web', 'allow-all', { podSelector: {}, ingress: [{}] })))).filter((a) => a.startsWith('permissive'))).toEqual([]);
    const narrowed = edit(all, (c) => ((c.spec as Record<string, unknown>).ingress = [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }] }]));
    expect(resolved(d.step(modified(narrowed)))).toContain('permissive-policy-in-scope NetworkPolicy:pay/allow-all');
  });

  it('a namespace relabelled into scope gets its permissive policies judged', () => {
    const { d, objs } = base(scoped);
    d.step(added(policy('web', 'open', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] })));
    const relabelled = edit(objs.web, (c) => ((c.metadata as { labels: Record<string, string> }).labels.pci = 'cde'));
    expect(opened(d.step(modified(relabelled)))).toContain('permissive-policy-in-scope NetworkPolicy:web/open high');
  });

  it('egress-to-internet-from-scope when a scoped workload may newly reach public space; not for private ranges', () => {
    const { d } = base(scoped);
    const priv = policy('pay', 'to-vpc', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] });
    expect(opened(d.step(added(priv))).filter((a) => a.startsWith('egress'))).toEqual([]);
    const pub = policy('pay', 'to-all', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443 }] }] });
    expect(opened(d.step(added(pub)))).toContain('egress-to-internet-from-scope pay/db-rs[ReplicaSet] high');
    expect(resolved(d.step(deleted(pub)))).toEqual(['egress-to-internet-from-scope pay/db-rs[ReplicaSet]']);
  });

  it('raises severity one level in a scope; honours disable, per-namespace severity and ignore selectors', () => {
    const { d } = base({ ...scoped, rules: { 'exposed-to-other-namespace': { namespaces: { web: { severity: 'low' } } } } });
    const cross = policy('pay', 'from-web', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] });
    expect(opened(d.step(added(cross)))).toContain('exposed-to-other-namespace pay/db-rs[ReplicaSet] high'); // medium, raised by the scope
    const off = new Driver({ rules: { 'namespace-without-policy': { enabled: false } } });
    expect(opened(off.step(added(ns('quiet'))))).toEqual([]);
    const ignoring = base({ rules: { 'exposed-to-internet': { ignore: [{ namespace: 'pay', selector: 'app in (db)' }] } } });
    const open = policy('pay', 'from-internet', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] });
    expect(opened(ignoring.d.step(added(open))).filter((a) => a.startsWith('exposed-to-internet'))).toEqual([]);
  });
});
