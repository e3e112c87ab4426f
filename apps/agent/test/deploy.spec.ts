/**
 * The in-cluster manifests parse, and agree with the code: the ClusterRole grants exactly get/list/watch on
 * exactly the resources the agent watches, and the Deployment's arguments are ones the CLI accepts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src';
import { RESOURCES } from '../src/resources';

const DEPLOY = path.join(__dirname, '..', 'deploy');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

function load(file: string): Doc[] {
  const docs = parseAllDocuments(fs.readFileSync(path.join(DEPLOY, file), 'utf8'));
  for (const d of docs) expect(d.errors.map((e) => e.message), file).toEqual([]);
  return docs.map((d) => d.toJS());
}

const byKind = (kind: string): Doc => {
  const kustomization = load('kustomization.yaml')[0] as { resources: string[] };
  const all = kustomization.resources.flatMap(load);
  const found = all.filter((d) => d.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0];
};

describe('deploy/', () => {
  it('every YAML file parses and the kustomization lists them all', () => {
    const yamls = fs.readdirSync(DEPLOY).filter((f) => f.endsWith('.yaml'));
    for (const f of yamls) expect(load(f).length, f).toBeGreaterThan(0);
    const listed = (load('kustomization.yaml')[0] as { resources: string[] }).resources;
    expect([...listed, 'kustomization.yaml'].sort()).toEqual(yamls.sort());
  });

  it('the ClusterRole is read-only and covers exactly the watched resources', () => {
    const role = byKind('ClusterRole');
    const granted: string[] = [];
    for (const rule of role.rules) {
      expect(rule.verbs).toEqual(['get', 'list', 'watch']);
      for (const g of rule.apiGroups) for (const r of rule.resources) granted.push(`${g}/${r}`);
    }
    const needed = RESOURCES.map((r) => `${r.groupVersion.includes('/') ? r.groupVersion.split('/')[0] : ''}/${r.plural}`);
    expect(granted.sort()).toEqual(needed.sort());
  });

  it('the binding ties that role to the Deployment\'s service account', () => {
    const binding = byKind('ClusterRoleBinding');
    const sa = byKind('ServiceAccount');
    const dep = byKind('Deployment');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: byKind('ClusterRole').metadata.name });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: sa.metadata.name, namespace: sa.metadata.namespace }]);
    expect(dep.spec.template.spec.serviceAccountName).toBe(sa.metadata.name);
    expect(dep.spec.replicas).toBe(1);
  });

  it('the Deployment runs the agent in-cluster with the token from the Secret, with arguments the CLI accepts', () => {
    const dep = byKind('Deployment');
    const secret = byKind('Secret');
    const pod = dep.spec.template.spec;
    const c = pod.containers[0];
    expect(c.command).toEqual(['node_modules/.bin/tsx', 'apps/agent/src/main.ts']);
    const tokenVolume = pod.volumes.find((v: Doc) => v.secret?.secretName === secret.metadata.name);
    const mount = c.volumeMounts.find((m: Doc) => m.name === tokenVolume.name);
    const args: string[] = c.args;
    expect(args[args.indexOf('--token-file') + 1]).toBe(`${mount.mountPath}/token`);
    expect(Object.keys(secret.stringData)).toEqual(['token']);
    // The same arguments, with the token file swapped for a local one, parse into in-cluster options.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-deploy-'));
    try {
      fs.writeFileSync(path.join(tmp, 'token'), 'x');
      const local = args.map((a) => (a === `${mount.mountPath}/token` ? path.join(tmp, 'token') : a));
      expect(parseArgs(local, {})).toMatchObject({ help: false, options: { cluster: 'my-cluster', inCluster: true, token: 'x' } });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
