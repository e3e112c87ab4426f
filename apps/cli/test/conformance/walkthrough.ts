/**
 * policy-assistant walkthrough (README section 5): Deployment demo/a, Pod demo/b, two ANPs, a BANP and an
 * NP; three flows. The policies use the OLD v1alpha1 peer shape `namespaces: {namespaceSelector: S}`.
 * libs/k8s reads that shape itself (warning ANP_OLD_PEER_SHAPE), so the flows go through the loader
 * untranslated, as a user's files would; runFlows also checks that the loader's reading equals our own
 * translation (read naively, `{namespaceSelector: {...}}` would be a selector with no labels: every
 * namespace, which would silently turn anp2's Pass into a Pass for all namespaces).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Protocol } from '@reachwatch/policy-engine';
import { corpusDir, deepClone, flattenLists, readYaml, readYamlDocs } from './corpus';
import { toAdminNetworkPolicy, toBaselineAdminNetworkPolicy } from '@reachwatch/k8s';
import { Raw, Scenario } from './scenario';

export interface Flow {
  from: string;
  to: string;
  protocol: Protocol;
  port: number;
  expect: 'allowed' | 'blocked';
  why: string;
}

export function walkthroughDir(): string {
  return corpusDir('policy-assistant-walkthrough');
}

export function readFlows(): Flow[] {
  return readYaml<{ flows: Flow[] }>(path.join(walkthroughDir(), 'expected.yaml')).flows;
}

/** Old peer shape → current: `{namespaces: {namespaceSelector: S}}` → `{namespaces: S}`. */
export function translateOldAdminPeers(o: Raw): Raw {
  if (o.kind !== 'AdminNetworkPolicy' && o.kind !== 'BaselineAdminNetworkPolicy') return o;
  const copy = deepClone(o);
  const spec = (copy.spec ?? {}) as Record<string, unknown>;
  for (const [field, peersKey] of [['ingress', 'from'], ['egress', 'to']] as const) {
    for (const rule of (spec[field] as Record<string, unknown>[] | undefined) ?? []) {
      const peers = (rule[peersKey] as Record<string, unknown>[] | undefined) ?? [];
      rule[peersKey] = peers.map((p) => {
        const ns = p.namespaces as Record<string, unknown> | undefined;
        if (ns && typeof ns === 'object' && 'namespaceSelector' in ns) {
          if (Object.keys(ns).length !== 1) throw new Error(`unexpected old-style namespaces peer ${JSON.stringify(p)}`);
          return { ...p, namespaces: ns.namespaceSelector ?? {} };
        }
        return p;
      });
    }
  }
  return copy;
}

/** The walkthrough cluster, plus flow 3's hypothetical source: a pod app=nginx in demo2 {development: "true"}. */
export function walkthroughObjects(): Raw[] {
  const dir = walkthroughDir();
  const files = [
    ...fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && f !== 'expected.yaml').map((f) => path.join(dir, f)),
    ...fs.readdirSync(path.join(dir, 'policies')).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(dir, 'policies', f)),
  ].sort();
  const objs = files.flatMap((f) => flattenLists(readYamlDocs(f)) as Raw[]);
  objs.push(
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo', labels: {} } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo2', labels: { development: 'true' } } },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'nginx', namespace: 'demo2', labels: { app: 'nginx' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
    },
  );
  return objs;
}

/** `demo2/[app=nginx]` names the hypothetical pod. */
export function flowPod(ref: string): string {
  return ref === 'demo2/[app=nginx]' ? 'demo2/nginx' : ref;
}

export interface FlowResult {
  flow: Flow;
  ok: boolean;
  text: string;
}

/** Admin policies whose loader reading differs from our translation of the old peer shape. */
export function oldShapeMismatches(objs: readonly Raw[]): string[] {
  const out: string[] = [];
  for (const o of objs) {
    const to = o.kind === 'AdminNetworkPolicy' ? toAdminNetworkPolicy : o.kind === 'BaselineAdminNetworkPolicy' ? toBaselineAdminNetworkPolicy : undefined;
    if (!to) continue;
    const loader = JSON.stringify(to(o, { onWarning: () => undefined }));
    const ours = JSON.stringify(to(translateOldAdminPeers(o)));
    if (loader !== ours) out.push(`${String(o.kind)} ${JSON.stringify(o.metadata)}: loader read ${loader}, translation gives ${ours}`);
  }
  return out;
}

export function runFlows(): FlowResult[] {
  const objs = walkthroughObjects();
  const shape = oldShapeMismatches(objs);
  if (shape.length) throw new Error(`libs/k8s misreads the old v1alpha1 peer shape:\n${shape.join('\n')}`);
  const sc = new Scenario('calico');
  sc.addBase(objs);
  return readFlows().map((f) => {
    const ans = sc.ports({ pod: flowPod(f.from) }, { pod: flowPod(f.to) });
    const want = f.expect === 'allowed';
    const naive = ans.naive.has(f.protocol, f.port);
    const fast = ans.fast.has(f.protocol, f.port);
    return {
      flow: f,
      ok: naive === want && fast === want,
      text:
        `${f.from} -> ${f.to} ${f.protocol}/${f.port}: expected ${f.expect} (${f.why}); ` +
        `naive ${naive ? 'allowed' : 'blocked'} [${ans.naive.toString() || 'none'}], fast ${fast ? 'allowed' : 'blocked'} [${ans.fast.toString() || 'none'}]`,
    };
  });
}
