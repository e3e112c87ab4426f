/**
 * A kubeconfig for simulated clusters: one context per cluster (context and cluster named after it), plain
 * http servers, and a dummy token user (the simulator checks no credentials; clients want a user).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';

export const SIM_USER = 'reachwatch-sim';
export const SIM_TOKEN = 'reachwatch-sim-token';

export function kubeconfigText(clusters: { name: string; url: string }[]): string {
  if (!clusters.length) throw new Error('a kubeconfig needs at least one cluster');
  const names = clusters.map((c) => c.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new Error(`two clusters are named "${dup}"; context names must be unique`);
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: clusters.map((c) => ({ name: c.name, cluster: { server: c.url } })),
    users: [{ name: SIM_USER, user: { token: SIM_TOKEN } }],
    contexts: clusters.map((c) => ({ name: c.name, context: { cluster: c.name, user: SIM_USER } })),
    'current-context': clusters[0].name,
    preferences: {},
  });
}

export function writeKubeconfig(file: string, clusters: { name: string; url: string }[]): void {
  const text = kubeconfigText(clusters);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, text, { mode: 0o600 });
}
