/**
 * The real kubectl against the simulator. Skipped, with the reason in the test name, where kubectl is not
 * installed.
 */
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimCluster, startSimCluster, writeKubeconfig } from '../src';

const run = promisify(execFile);
const KUBECTL = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((p) => fs.existsSync(p));
const suite = KUBECTL ? describe : describe.skip;

let c: SimCluster;
let dir: string;
async function kubectl(...args: string[]): Promise<string> {
  const r = await run(KUBECTL as string, [`--server=${c.url}`, ...args], { timeout: 30_000 });
  return r.stdout;
}

suite(KUBECTL ? 'kubectl' : 'kubectl (SKIPPED: no kubectl binary on this machine)', () => {
  beforeAll(async () => {
    c = await startSimCluster({ name: 'kubectl', scenarios: ['lol'] });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-kubectl-'));
  });
  afterAll(async () => {
    await c.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('get pods -A lists the synthesised pods', async () => {
    const out = await kubectl('get', 'pods', '-A');
    const names = out.trim().split('\n').slice(1).map((l) => l.split(/\s+/).slice(0, 2).join('/'));
    expect(names).toEqual(c.objects('Pod').map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
    const json = JSON.parse(await kubectl('get', 'networkpolicies,adminnetworkpolicies', '-A', '-o', 'json'));
    expect(json.items).toEqual([]);
  });

  it('get pods -A -w prints changes as they happen', async () => {
    const child = spawn(KUBECTL as string, [`--server=${c.url}`, 'get', 'pods', '-A', '-w', '--output-watch-events']);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const waitFor = async (s: string) => {
        for (let i = 0; i < 200 && !out.includes(s); i++) await new Promise((r) => setTimeout(r, 50));
        expect(out).toContain(s);
      };
      await waitFor('lol-default');
      c.scale('yahoo', 'miao-yahoo', 2);
      const added = c.objects('Pod').filter((p) => p.metadata.labels.app === 'miao-yahoo').map((p) => p.metadata.name);
      for (const n of added) await waitFor(n);
      expect(out).toMatch(/ADDED\s+yahoo\s+miao-yahoo/);
    } finally {
      child.kill();
      c.scale('yahoo', 'miao-yahoo', 1);
    }
  });

  it('create -f, label, apply --server-side, client-side apply and delete', async () => {
    const file = path.join(dir, 'np.yaml');
    const np = (labels: string) =>
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: from-kubectl\n  namespace: default\n  labels: {${labels}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
    fs.writeFileSync(file, np('a: "1"'));
    expect(await kubectl('create', '-f', file)).toContain('networkpolicy.networking.k8s.io/from-kubectl created');
    expect(c.get('NetworkPolicy', 'default', 'from-kubectl')?.metadata.managedFields[0].manager).toBe('kubectl-create');
    expect(await kubectl('label', '-n', 'default', 'networkpolicy', 'from-kubectl', 'team=blue')).toContain('labeled');
    expect(c.get('NetworkPolicy', 'default', 'from-kubectl')?.metadata.labels).toEqual({ a: '1', team: 'blue' });
    fs.writeFileSync(file, np('a: "2"'));
    expect(await kubectl('apply', '--server-side', '--force-conflicts', '-f', file)).toContain('serverside-applied');
    const applied = c.get('NetworkPolicy', 'default', 'from-kubectl');
    expect(applied?.metadata.labels).toEqual({ a: '2', team: 'blue' });
    expect(applied?.metadata.managedFields.map((m: { manager: string; operation: string }) => `${m.manager}/${m.operation}`)).toContain('kubectl/Apply');
    await kubectl('delete', '-f', file);
    expect(c.get('NetworkPolicy', 'default', 'from-kubectl')).toBeUndefined();
    // Client-side apply: create, then a three-way strategic merge patch.
    fs.writeFileSync(file, np('c: "1"'));
    expect(await kubectl('apply', '-f', file)).toContain('created');
    fs.writeFileSync(file, np('c: "2"'));
    expect(await kubectl('apply', '-f', file)).toContain('configured');
    expect(c.get('NetworkPolicy', 'default', 'from-kubectl')?.metadata.labels).toEqual({ c: '2' });
    expect(await kubectl('delete', '-n', 'default', 'networkpolicy', 'from-kubectl')).toContain('deleted');
  });

  it('scale and a kubeconfig with one context per cluster', async () => {
    const other = await startSimCluster({ name: 'other', scenarios: ['no-ingress'] });
    try {
      const kc = path.join(dir, 'kubeconfig');
      writeKubeconfig(kc, [c, other]);
      const r = await run(KUBECTL as string, ['--kubeconfig', kc, '--context', 'other', 'get', 'deployments', '-n', 'no-ingress-allowed', '-o', 'name'], { timeout: 30_000 });
      expect(r.stdout.trim().split('\n')).toEqual(['deployment.apps/backend', 'deployment.apps/frontend']);
      await run(KUBECTL as string, ['--kubeconfig', kc, '--context', 'other', 'scale', '-n', 'no-ingress-allowed', 'deployment/backend', '--replicas=3'], { timeout: 30_000 });
      expect(other.objects('Pod').filter((p) => p.metadata.labels.app === 'backend')).toHaveLength(3);
    } finally {
      await other.close();
    }
  });

  it('reports a missing object with the server message', async () => {
    await expect(kubectl('get', 'pod', '-n', 'default', 'nope')).rejects.toThrow(/pods "nope" not found/);
  });
});
