/**
 * A scenario's timed script (`script.yaml`):
 *
 *   steps:
 *     - after: 5                 # seconds after the previous step (the first: after the cluster started)
 *       note: default deny ingress in `default`
 *       apply: steps/default-deny.yaml           # a manifest file, relative to the scenario folder
 *     - after: 5
 *       scale: { namespace: yahoo, name: lol-yahoo, replicas: 3 }          # a Deployment
 *     - after: 5
 *       label: { kind: Namespace, name: yahoo, labels: { team: blue, old: null } }   # null removes
 *     - after: 5
 *       delete: { kind: NetworkPolicy, namespace: default, name: allow-web }
 *
 * Each step has exactly one action. Files are read when the script is parsed, so errors show at start-up.
 */
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readManifestFile, ScenarioError, SourcedObject } from './scenario';

export type ScriptAction =
  | { type: 'apply'; file: string; objects: SourcedObject[] }
  | { type: 'delete'; kind: string; namespace?: string; name: string }
  | { type: 'scale'; namespace: string; name: string; replicas: number }
  | { type: 'label'; kind: string; namespace?: string; name: string; labels: Record<string, string | null> };

export interface ScriptStep {
  /** Seconds after the previous step. */
  after: number;
  note?: string;
  action: ScriptAction;
  /** `script.yaml step 2` for messages. */
  where: string;
}

const ACTIONS = ['apply', 'delete', 'scale', 'label'] as const;

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown, where: string, field: string, optional = false): string | undefined {
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || !v) throw new ScenarioError(`${where}: ${field} must be a non-empty string`);
  return v;
}

export function parseScript(text: string, dir: string, label: string): ScriptStep[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new ScenarioError(`${label}: invalid YAML: ${(e as Error).message}`);
  }
  if (!isMap(doc) || !Array.isArray(doc.steps)) throw new ScenarioError(`${label}: expected a map with a list "steps"`);
  return doc.steps.map((raw, i) => {
    const where = `${label} step ${i + 1}`;
    if (!isMap(raw)) throw new ScenarioError(`${where}: expected a map`);
    const unknown = Object.keys(raw).filter((k) => k !== 'after' && k !== 'note' && !(ACTIONS as readonly string[]).includes(k));
    if (unknown.length) throw new ScenarioError(`${where}: unknown field ${unknown.map((k) => `"${k}"`).join(', ')} (expected after, note and one of ${ACTIONS.join(', ')})`);
    const after = raw.after ?? 0;
    if (typeof after !== 'number' || !Number.isFinite(after) || after < 0) throw new ScenarioError(`${where}: after must be a number of seconds ≥ 0`);
    const present = ACTIONS.filter((a) => raw[a] !== undefined);
    if (present.length !== 1) throw new ScenarioError(`${where}: needs exactly one of ${ACTIONS.join(', ')}, found ${present.length}`);
    const note = str(raw.note, where, 'note', true);
    return { after, note, where, action: parseAction(present[0], raw[present[0]], dir, where) };
  });
}

function parseAction(type: (typeof ACTIONS)[number], v: unknown, dir: string, where: string): ScriptAction {
  if (type === 'apply') {
    const file = str(v, where, 'apply') as string;
    return { type, file, objects: readManifestFile(path.resolve(dir, file), `${path.basename(dir)}/${file}`) };
  }
  if (!isMap(v)) throw new ScenarioError(`${where}: ${type} must be a map`);
  const name = str(v.name, where, `${type}.name`) as string;
  const namespace = str(v.namespace, where, `${type}.namespace`, type !== 'scale');
  if (type === 'scale') {
    if (!Number.isInteger(v.replicas) || (v.replicas as number) < 0) throw new ScenarioError(`${where}: scale.replicas must be an integer ≥ 0`);
    return { type, namespace: namespace as string, name, replicas: v.replicas as number };
  }
  const kind = str(v.kind, where, `${type}.kind`) as string;
  if (type === 'delete') return { type, kind, namespace, name };
  if (!isMap(v.labels)) throw new ScenarioError(`${where}: label.labels must be a map (a null value removes the label)`);
  for (const [k, x] of Object.entries(v.labels)) {
    if (x !== null && typeof x !== 'string') throw new ScenarioError(`${where}: label value of "${k}" must be a string or null`);
  }
  return { type, kind, namespace, name, labels: v.labels as Record<string, string | null> };
}
