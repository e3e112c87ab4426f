/**
 * The resource types the simulator serves: what discovery advertises and how URLs map to kinds. One table,
 * so discovery, routing and the store agree on every name.
 */
export interface ResourceType {
  /** '' for the legacy core group. */
  group: string;
  version: string;
  /** Plural, as in URLs. */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  /** Subresources served besides the object itself. */
  subresources: string[];
}

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const ADMIN_GROUP = 'policy.networking.k8s.io';

export const RESOURCE_TYPES: readonly ResourceType[] = [
  { group: '', version: 'v1', resource: 'namespaces', singular: 'namespace', kind: 'Namespace', namespaced: false, shortNames: ['ns'], subresources: [] },
  { group: '', version: 'v1', resource: 'nodes', singular: 'node', kind: 'Node', namespaced: false, shortNames: ['no'], subresources: [] },
  { group: '', version: 'v1', resource: 'pods', singular: 'pod', kind: 'Pod', namespaced: true, shortNames: ['po'], subresources: [] },
  { group: '', version: 'v1', resource: 'services', singular: 'service', kind: 'Service', namespaced: true, shortNames: ['svc'], subresources: [] },
  { group: 'apps', version: 'v1', resource: 'deployments', singular: 'deployment', kind: 'Deployment', namespaced: true, shortNames: ['deploy'], subresources: ['scale'] },
  { group: 'apps', version: 'v1', resource: 'replicasets', singular: 'replicaset', kind: 'ReplicaSet', namespaced: true, shortNames: ['rs'], subresources: [] },
  { group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies', singular: 'networkpolicy', kind: 'NetworkPolicy', namespaced: true, shortNames: ['netpol'], subresources: [] },
  { group: ADMIN_GROUP, version: 'v1alpha1', resource: 'adminnetworkpolicies', singular: 'adminnetworkpolicy', kind: 'AdminNetworkPolicy', namespaced: false, shortNames: ['anp'], subresources: [] },
  { group: ADMIN_GROUP, version: 'v1alpha1', resource: 'baselineadminnetworkpolicies', singular: 'baselineadminnetworkpolicy', kind: 'BaselineAdminNetworkPolicy', namespaced: false, shortNames: ['banp'], subresources: [] },
];

export function apiVersionOf(t: Pick<ResourceType, 'group' | 'version'>): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** The served types, with the AdminNetworkPolicy CRDs left out when the cluster is told they do not exist. */
export class ResourceTable {
  readonly types: readonly ResourceType[];
  private readonly byKind = new Map<string, ResourceType>();
  private readonly byPath = new Map<string, ResourceType>();

  constructor(opts: { adminPolicies: boolean }) {
    this.types = RESOURCE_TYPES.filter((t) => opts.adminPolicies || t.group !== ADMIN_GROUP);
    for (const t of this.types) {
      this.byKind.set(t.kind, t);
      this.byPath.set(`${apiVersionOf(t)}/${t.resource}`, t);
    }
  }

  kind(kind: string): ResourceType | undefined {
    return this.byKind.get(kind);
  }

  /** By group/version and plural resource name, as URLs give them. */
  path(group: string, version: string, resource: string): ResourceType | undefined {
    return this.byPath.get(`${group ? `${group}/${version}` : version}/${resource}`);
  }

  groups(): { group: string; versions: string[] }[] {
    const out = new Map<string, Set<string>>();
    for (const t of this.types) if (t.group) out.set(t.group, (out.get(t.group) ?? new Set()).add(t.version));
    return [...out.entries()].map(([group, vs]) => ({ group, versions: [...vs] }));
  }

  /** An APIResourceList for one group/version, or undefined when nothing is served there. */
  resourceList(group: string, version: string): object | undefined {
    const types = this.types.filter((t) => t.group === group && t.version === version);
    if (!types.length) return undefined;
    const resources: object[] = [];
    for (const t of types) {
      resources.push({ name: t.resource, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs: VERBS, shortNames: t.shortNames });
      if (t.subresources.includes('scale')) {
        resources.push({ name: `${t.resource}/scale`, singularName: '', namespaced: t.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
      }
    }
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
  }
}
