/**
 * Scenario folders: every `*.yaml`/`*.yml` directly in the folder is the scenario's first state (applied in
 * file-name order, namespaces and nodes first); `script.yaml` is its timed script, whose `apply` steps name
 * files relative to the folder (conventionally under `steps/`). Everything is read and checked up front, so
 * a typo fails `startSimCluster` with the file and document instead of surfacing minutes into a demo.
 *
 * StatefulSets and DaemonSets are expanded here into bare pods owned by them (`<name>-<ordinal>`, one per
 * replica; DaemonSets one per node, `<name>-<rand5>`): the simulator runs no controller for them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseScript, ScriptStep } from './script';
import type { KObj } from './store';

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

export interface Scenario {
  name: string;
  dir: string;
  objects: SourcedObject[];
  script: ScriptStep[];
}

export interface SourcedObject {
  object: KObj;
  /** `file.yaml#2` (documents counted from 1) for messages. */
  where: string;
}

/** Kinds a scenario file may hold: what the cluster serves, plus the two expanded into pods. */
export const SCENARIO_KINDS = new Set([
  'Namespace',
  'Node',
  'Pod',
  'Service',
  'Deployment',
  'NetworkPolicy',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'StatefulSet',
  'DaemonSet',
]);

/** `lol` → apps/sim/scenarios/lol; a path with a slash (or an existing folder) is taken as it is. */
export function scenarioDir(nameOrPath: string): string {
  if (nameOrPath.includes('/') || nameOrPath.includes(path.sep)) return path.resolve(nameOrPath);
  return path.resolve(__dirname, '..', 'scenarios', nameOrPath);
}

export function readManifestFile(file: string, label: string): SourcedObject[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ScenarioError(`${label}: cannot read: ${(e as Error).message}`);
  }
  const out: SourcedObject[] = [];
  parseAllDocuments(text).forEach((doc, i) => {
    const where = `${label}#${i + 1}`;
    if (doc.errors.length) throw new ScenarioError(`${where}: invalid YAML: ${doc.errors[0].message}`);
    const obj = doc.toJS() as unknown;
    if (obj === null || obj === undefined) return;
    if (typeof obj !== 'object' || Array.isArray(obj)) throw new ScenarioError(`${where}: expected a Kubernetes object, got ${Array.isArray(obj) ? 'a list' : typeof obj}`);
    const o = obj as KObj;
    if (typeof o.kind !== 'string' || typeof o.apiVersion !== 'string') throw new ScenarioError(`${where}: needs apiVersion and kind`);
    if (!SCENARIO_KINDS.has(o.kind)) throw new ScenarioError(`${where}: kind ${o.kind} is not served by the simulator (it serves ${[...SCENARIO_KINDS].join(', ')})`);
    if (typeof o.metadata?.name !== 'string' || !o.metadata.name) throw new ScenarioError(`${where}: ${o.kind} needs metadata.name`);
    out.push({ object: o, where });
  });
  return out;
}

export function loadScenario(nameOrPath: string): Scenario {
  const dir = scenarioDir(nameOrPath);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new ScenarioError(`scenario "${nameOrPath}": no folder ${dir}`);
  const name = path.basename(dir);
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && f !== 'script.yaml' && f !== 'script.yml')
    .sort();
  const objects = files.flatMap((f) => readManifestFile(path.join(dir, f), `${name}/${f}`));
  const scriptFile = ['script.yaml', 'script.yml'].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  const script = scriptFile ? parseScript(fs.readFileSync(scriptFile, 'utf8'), dir, `${name}/${path.basename(scriptFile)}`) : [];
  return { name, dir, objects, script };
}

/** Namespaces, then nodes, then the rest in file order: what a `kubectl apply -f` of the folder needs. */
export function applyOrder(objects: SourcedObject[]): SourcedObject[] {
  const rank = (k: string) => (k === 'Namespace' ? 0 : k === 'Node' ? 1 : 2);
  return objects.map((o, i) => ({ o, i })).sort((a, b) => rank(a.o.object.kind) - rank(b.o.object.kind) || a.i - b.i).map((x) => x.o);
}

/** A StatefulSet or DaemonSet → the pods its controller would run (bare, owned by it). */
export function expandWorkload(o: KObj, nodes: string[], suffix: () => string): KObj[] {
  const tpl = o.spec?.template ?? {};
  const ns = o.metadata.namespace ?? 'default';
  const owner = { apiVersion: 'apps/v1', kind: o.kind, name: o.metadata.name, uid: `${o.kind}-${ns}-${o.metadata.name}`, controller: true };
  const pod = (name: string, extra: Record<string, string>, nodeName?: string): KObj => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels: { ...(tpl.metadata?.labels ?? {}), ...extra }, ownerReferences: [owner] },
    spec: { ...(tpl.spec ?? {}), ...(nodeName ? { nodeName } : {}) },
  });
  if (o.kind === 'StatefulSet') {
    const n = o.spec?.replicas ?? 1;
    return Array.from({ length: n }, (_, i) => pod(`${o.metadata.name}-${i}`, { 'statefulset.kubernetes.io/pod-name': `${o.metadata.name}-${i}` }));
  }
  return nodes.map((node) => pod(`${o.metadata.name}-${suffix()}`, {}, node));
}
