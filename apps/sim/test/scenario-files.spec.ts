/** Scenario folders and scripts: bad input fails at start-up with the file, document or step named. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario, startSimCluster } from '../src';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-scenarios-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function scenario(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

const NS = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n';

describe('scenario folders', () => {
  it('ships the four scenarios, each with a script', () => {
    for (const s of ['lol', 'tiers', 'no-ingress', 'isolated']) {
      const sc = loadScenario(s);
      expect(sc.objects.length).toBeGreaterThan(0);
      expect(sc.script.length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['missing folder', {}, /no folder/],
    ['bad YAML', { 'a.yaml': 'kind: [' }, /a\.yaml#1: invalid YAML/],
    ['no kind', { 'a.yaml': 'metadata: {name: x}\n' }, /a\.yaml#1: needs apiVersion and kind/],
    ['unserved kind', { 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n' }, /kind ConfigMap is not served/],
    ['no name', { 'a.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {}\n' }, /needs metadata.name/],
    ['script not a map', { 'a.yaml': NS, 'script.yaml': '- 1\n' }, /script\.yaml: expected a map with a list "steps"/],
    ['two actions', { 'a.yaml': NS, 'script.yaml': 'steps:\n  - {after: 1, apply: a.yaml, delete: {kind: Pod, name: x}}\n' }, /step 1: needs exactly one of/],
    ['negative after', { 'a.yaml': NS, 'script.yaml': 'steps:\n  - {after: -1, apply: a.yaml}\n' }, /step 1: after must be/],
    ['unknown field', { 'a.yaml': NS, 'script.yaml': 'steps:\n  - {wait: 1, apply: a.yaml}\n' }, /step 1: unknown field "wait"/],
    ['missing step file', { 'a.yaml': NS, 'script.yaml': 'steps:\n  - {after: 1, apply: steps/nope.yaml}\n' }, /steps\/nope\.yaml: cannot read/],
    ['bad scale', { 'a.yaml': NS, 'script.yaml': 'steps:\n  - {scale: {namespace: a, name: x, replicas: -2}}\n' }, /scale\.replicas must be an integer/],
    ['bad label value', { 'a.yaml': NS, 'script.yaml': 'steps:\n  - {label: {kind: Namespace, name: a, labels: {x: 1}}}\n' }, /label value of "x" must be a string or null/],
  ])('refuses %s', (name, files, re) => {
    const dir = Object.keys(files).length ? scenario(name.replace(/ /g, '-'), files as Record<string, string>) : path.join(root, 'nope');
    expect(() => loadScenario(dir)).toThrow(re);
  });

  it('refuses an object the API would refuse, naming its file and document', async () => {
    const dir = scenario('invalid-object', { 'a.yaml': `${NS}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x, namespace: a}\nspec:\n  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 300.0.0.0/8}}]}]\n` });
    await expect(startSimCluster({ name: 'bad', scenarios: [dir] })).rejects.toThrow(/invalid-object\/a\.yaml#2: NetworkPolicy.* is invalid: .*"300\.0\.0\.0" is not an IPv4 address/);
  });

  it('refuses two scenarios defining the same object, and admin policies without their CRDs', async () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\nspec: {containers: [{name: c, image: i}]}\n';
    const a = scenario('dup-a', { 'a.yaml': `${NS}---\n${pod}` });
    const b = scenario('dup-b', { 'b.yaml': `${NS}---\n${pod}` });
    await expect(startSimCluster({ name: 'dup', scenarios: [a, b] })).rejects.toThrow(/Pod a\/p is also defined by dup-a\/a\.yaml#2/);
    const anp = scenario('anp', { 'a.yaml': 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: x}\nspec: {priority: 1, subject: {namespaces: {}}, ingress: []}\n' });
    await expect(startSimCluster({ name: 'anp', scenarios: [anp], adminPolicies: false })).rejects.toThrow(/needs the AdminNetworkPolicy CRDs/);
  });

  it('expands StatefulSets into ordinal pods and DaemonSets into one pod per node', async () => {
    const dir = scenario('workloads', {
      'a.yaml': `${NS}---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: a}
spec: {replicas: 2, selector: {matchLabels: {app: db}}, template: {metadata: {labels: {app: db}}, spec: {containers: [{name: c, image: i}]}}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: a}
spec: {selector: {matchLabels: {app: agent}}, template: {metadata: {labels: {app: agent}}, spec: {containers: [{name: c, image: i}]}}}
`,
    });
    const c = await startSimCluster({ name: 'wl', scenarios: [dir], nodes: 2 });
    try {
      const pods = c.objects('Pod');
      expect(pods.filter((p) => p.metadata.labels.app === 'db').map((p) => p.metadata.name)).toEqual(['db-0', 'db-1']);
      const agents = pods.filter((p) => p.metadata.labels.app === 'agent');
      expect(agents.map((p) => p.spec.nodeName).sort()).toEqual(['wl-node-1', 'wl-node-2']);
      expect(agents[0].metadata.ownerReferences[0]).toMatchObject({ kind: 'DaemonSet', name: 'agent' });
    } finally {
      await c.close();
    }
  });

  it('keeps the demo going when a script step fails, and reports it', async () => {
    const dir = scenario('failing', { 'a.yaml': NS, 'script.yaml': 'steps:\n  - {delete: {kind: Pod, namespace: a, name: nope}}\n  - {label: {kind: Namespace, name: a, labels: {done: "yes"}}}\n' });
    const lines: string[] = [];
    const c = await startSimCluster({ name: 'failing', scenarios: [dir], script: true, scriptSpeed: 1000, log: (l) => lines.push(l) });
    try {
      const [report] = await c.scriptDone();
      expect(report).toEqual({ scenario: 'failing', stepsRun: 2, errors: [expect.stringMatching(/step 1: pods "nope" not found/)] });
      expect(c.get('Namespace', undefined, 'a')?.metadata.labels.done).toBe('yes');
      expect(lines[0]).toMatch(/FAILED/);
    } finally {
      await c.close();
    }
  });

  it('refuses bad cluster options', async () => {
    await expect(startSimCluster({ name: 'Bad Name' })).rejects.toThrow(/lowercase DNS label/);
    await expect(startSimCluster({ name: 'x', scriptSpeed: 0 })).rejects.toThrow(/scriptSpeed/);
    await expect(startSimCluster({ name: 'x', podCidr: '10.0.0.0/26' })).rejects.toThrow(/must be \/24 or larger/);
  });
});
