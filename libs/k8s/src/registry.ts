/**
 * Which kinds are read, from which API group, and by which reader. A kind we read but in another group
 * (Calico's projectcalico.org/v3 NetworkPolicy, say) is a different API and is ignored with a warning; a
 * known group with an unexpected version (apps/v1beta2, extensions/v1beta1 NetworkPolicy) is read with a
 * warning, as those versions share the shape we need.
 */
import type {
  AdminNetworkPolicy,
  BaselineAdminNetworkPolicy,
  Namespace,
  NetworkPolicy,
  Node,
  Pod,
  Service,
} from '@reachwatch/policy-engine';
import { readAdminNetworkPolicy, readBaselineAdminNetworkPolicy } from './kinds/admin-network-policy';
import { readNamespace } from './kinds/namespace';
import { readNetworkPolicy } from './kinds/network-policy';
import { readNode } from './kinds/node';
import { readPod } from './kinds/pod';
import { readService } from './kinds/service';
import { readWorkload, WORKLOAD_KINDS } from './kinds/workload';
import type { Ctx, Raw } from './raw';

/** What one object becomes. `workload`: a controller's representative pod. */
export type Parsed =
  | { type: 'namespace'; value: Namespace }
  | { type: 'pod'; value: Pod }
  | { type: 'workload'; value: Pod }
  | { type: 'node'; value: Node }
  | { type: 'service'; value: Service }
  | { type: 'networkPolicy'; value: NetworkPolicy }
  | { type: 'adminNetworkPolicy'; value: AdminNetworkPolicy }
  | { type: 'baselineAdminNetworkPolicy'; value: BaselineAdminNetworkPolicy };

export interface ReadOptions {
  includeTerminatedPods?: boolean;
}

interface KindSpec {
  /** The apiVersion this reader is written for. */
  apiVersion: string;
  /** Groups whose other versions share the shape (read with a warning). */
  groups: string[];
  read(ctx: Ctx, raw: Raw, opts: ReadOptions): Parsed;
}

const APPS = ['apps', 'extensions'];

const SPECS: Record<string, KindSpec> = {
  Namespace: { apiVersion: 'v1', groups: [''], read: (c, r) => ({ type: 'namespace', value: readNamespace(c, r) }) },
  Pod: {
    apiVersion: 'v1',
    groups: [''],
    read: (c, r, o) => ({ type: 'pod', value: readPod(c, r, o.includeTerminatedPods) }),
  },
  Node: { apiVersion: 'v1', groups: [''], read: (c, r) => ({ type: 'node', value: readNode(c, r) }) },
  Service: { apiVersion: 'v1', groups: [''], read: (c, r) => ({ type: 'service', value: readService(c, r) }) },
  NetworkPolicy: {
    apiVersion: 'networking.k8s.io/v1',
    groups: ['networking.k8s.io', 'extensions'],
    read: (c, r) => ({ type: 'networkPolicy', value: readNetworkPolicy(c, r) }),
  },
  AdminNetworkPolicy: {
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    groups: ['policy.networking.k8s.io'],
    read: (c, r) => ({ type: 'adminNetworkPolicy', value: readAdminNetworkPolicy(c, r) }),
  },
  BaselineAdminNetworkPolicy: {
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    groups: ['policy.networking.k8s.io'],
    read: (c, r) => ({ type: 'baselineAdminNetworkPolicy', value: readBaselineAdminNetworkPolicy(c, r) }),
  },
};

const WORKLOAD_API: Record<(typeof WORKLOAD_KINDS)[number], [string, string[]]> = {
  Deployment: ['apps/v1', APPS],
  StatefulSet: ['apps/v1', APPS],
  DaemonSet: ['apps/v1', APPS],
  ReplicaSet: ['apps/v1', APPS],
  ReplicationController: ['v1', ['']],
  Job: ['batch/v1', ['batch']],
  CronJob: ['batch/v1', ['batch']],
};
for (const kind of WORKLOAD_KINDS) {
  const [apiVersion, groups] = WORKLOAD_API[kind];
  SPECS[kind] = { apiVersion, groups, read: (c, r) => ({ type: 'workload', value: readWorkload(c, r) }) };
}

export type Classified =
  | { status: 'read'; spec: KindSpec; unexpectedVersion: boolean }
  | { status: 'foreign'; expected: string }
  | { status: 'ignored' };

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function classify(apiVersion: string, kind: string): Classified {
  const spec = Object.prototype.hasOwnProperty.call(SPECS, kind) ? SPECS[kind] : undefined;
  if (!spec) return { status: 'ignored' };
  if (apiVersion === spec.apiVersion) return { status: 'read', spec, unexpectedVersion: false };
  if (spec.groups.includes(groupOf(apiVersion))) return { status: 'read', spec, unexpectedVersion: true };
  return { status: 'foreign', expected: spec.apiVersion };
}
