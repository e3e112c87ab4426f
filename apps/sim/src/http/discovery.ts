/**
 * Discovery documents in the legacy (non-aggregated) form, which kubectl and client-node accept:
 * /version, /api (APIVersions), /apis (APIGroupList), /apis/<group> (APIGroup), and APIResourceLists.
 */
import type { ResourceTable } from '../resources';

/** kubectl's dispatcher on this machine picks its client version from this. */
export const SERVER_VERSION = {
  major: '1',
  minor: '31',
  gitVersion: 'v1.31.4',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.22.10',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export function apiVersions(): object {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '' }] };
}

function groupDoc(group: string, versions: string[]): object {
  const vs = versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
  return { name: group, versions: vs, preferredVersion: vs[0] };
}

export function apiGroupList(table: ResourceTable): object {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: table.groups().map((g) => groupDoc(g.group, g.versions)) };
}

export function apiGroup(table: ResourceTable, group: string): object | undefined {
  const g = table.groups().find((x) => x.group === group);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(g.group, g.versions) } : undefined;
}
