/**
 * ahmetb/kubernetes-network-policy-recipes (README section 4): case.yaml describes namespaces, pods (with
 * IPs), external addresses and steps; each step sets the active policies and lists probes. `implied`
 * probes count like observed ones.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Protocol } from '@reachwatch/policy-engine';
import { corpusDir, flattenLists, readYaml, readYamlDocs } from './corpus';
import { PeerSpec, Raw, Scenario } from './scenario';

export interface RecipeCase {
  recipe: string;
  namespaces: { name: string; labels?: Record<string, string> }[];
  pods: {
    namespace: string;
    name: string;
    labels?: Record<string, string>;
    ip: string;
    containerPorts?: { containerPort: number; protocol?: Protocol; name?: string }[];
  }[];
  externals?: { name: string; ip: string }[];
  steps: {
    policies?: string[];
    replace_policies?: string[];
    probes: RecipeProbe[];
  }[];
}

export interface RecipeProbe {
  from: string;
  to: string;
  protocol: Protocol;
  port: number;
  expect: 'allowed' | 'blocked';
  implied?: boolean;
}

export function recipesDir(): string {
  return corpusDir('recipes');
}

export function listRecipes(): string[] {
  return fs
    .readdirSync(recipesDir(), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export function readRecipe(name: string): RecipeCase {
  return readYaml<RecipeCase>(path.join(recipesDir(), name, 'case.yaml'));
}

/** Objects a `kubectl run`/`kubectl create namespace` would have produced (README 4). */
export function recipeObjects(c: RecipeCase): Raw[] {
  const out: Raw[] = [];
  for (const n of c.namespaces) {
    out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n.name, labels: { ...(n.labels ?? {}) } } });
  }
  for (const p of c.pods) {
    out.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: p.name, namespace: p.namespace, labels: { ...(p.labels ?? {}) } },
      spec: {
        nodeName: 'node-1',
        containers: [
          {
            name: p.name,
            image: 'example',
            ports: (p.containerPorts ?? []).map((cp) => ({ containerPort: cp.containerPort, protocol: cp.protocol ?? 'TCP', ...(cp.name ? { name: cp.name } : {}) })),
          },
        ],
      },
      status: { phase: 'Running', podIP: p.ip, podIPs: [{ ip: p.ip }], hostIP: '172.18.0.2', hostIPs: [{ ip: '172.18.0.2' }] },
    });
  }
  return out;
}

/** Policy files of a step; a policy without metadata.namespace goes into "default" (kubectl apply). */
export function readPolicies(recipe: string, files: string[]): Raw[] {
  const out: Raw[] = [];
  for (const f of files) {
    for (const o of flattenLists(readYamlDocs(path.join(recipesDir(), recipe, f))) as Raw[]) {
      const meta = (o.metadata ??= {}) as Record<string, unknown>;
      if (o.kind === 'NetworkPolicy' && meta.namespace === undefined) meta.namespace = 'default';
      out.push(o);
    }
  }
  return out;
}

export interface RecipeProbeResult {
  step: number;
  probe: RecipeProbe;
  ok: boolean;
  text: string;
}

export function runRecipe(name: string): RecipeProbeResult[] {
  const c = readRecipe(name);
  const sc = new Scenario('calico');
  sc.addBase(recipeObjects(c));
  const externals = new Map((c.externals ?? []).map((e) => [e.name, e.ip]));
  const peer = (ref: string): PeerSpec => {
    const ip = externals.get(ref);
    if (ip) return { ip };
    if (!ref.includes('/')) throw new Error(`${name}: unknown endpoint ${ref}`);
    return { pod: ref };
  };
  const results: RecipeProbeResult[] = [];
  c.steps.forEach((s, i) => {
    const files = s.policies ?? s.replace_policies;
    if (!files) throw new Error(`${name}: step ${i + 1} has neither policies nor replace_policies`);
    // Both forms give the exact set of policies in force for the step's probes.
    sc.setPolicies(readPolicies(name, files));
    for (const p of s.probes) {
      const ans = sc.ports(peer(p.from), peer(p.to));
      const want = p.expect === 'allowed';
      const naive = ans.naive.has(p.protocol, p.port);
      const fast = ans.fast.has(p.protocol, p.port);
      const ok = naive === want && fast === want;
      results.push({
        step: i + 1,
        probe: p,
        ok,
        text:
          `step ${i + 1} ${p.from} -> ${p.to} ${p.protocol}/${p.port}${p.implied ? ' (implied)' : ''}: expected ${p.expect}, ` +
          `naive ${naive ? 'allowed' : 'blocked'} [${ans.naive.toString() || 'none'}], fast ${fast ? 'allowed' : 'blocked'} [${ans.fast.toString() || 'none'}]`,
      });
    }
  });
  return results;
}
