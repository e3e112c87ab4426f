import { ContainerPort, Node } from '../../src/model';
import { Rng } from '../rng';
import { Tier } from './vocabulary';

/** The generator's internal view of a cluster under construction, and small helpers its parts share. */

// IPv4 helpers (plain numbers: everything here is v4 below 2^32)

export function v4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, p) => acc * 256 + Number(p), 0);
}
export function intToV4(n: number): string {
  return `${Math.floor(n / 16777216) % 256}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
}
export function v6PodIp(nodeIndex: number, host: number): string {
  return `fd00:10:244:${nodeIndex.toString(16)}::${host.toString(16)}`;
}

export type Isolation = 'none' | 'ingress' | 'egress';

export interface NsInfo {
  name: string;
  labels: Record<string, string>;
  team: string;
  env: string;
  system: boolean;
  isolation: Isolation;
  dualStack: boolean;
  workloads: WlInfo[];
}

export interface WlInfo {
  ns: NsInfo;
  name: string;
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  tier: Tier | 'platform';
  /** Labels every pod carries (the controller-specific ones are added per pod). */
  labels: Record<string, string>;
  /** What policies and services select it by. */
  sel: Record<string, string>;
  ports: ContainerPort[];
  replicas: number;
  hostNetwork: boolean;
  edge: boolean;
}

export interface NodeSlot {
  node: Node;
  index: number;
  /** First address of the node's /24. */
  base: number;
  /** Host parts of the /24 in use. */
  used: Set<number>;
  next: number;
  /** Pods on the node (host-network ones included), against MAX_PODS_PER_NODE. */
  pods: number;
}

export function gaussian(r: Rng): number {
  const u = Math.max(r.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.next());
}

export function uniqueName(keys: Set<string>, ns: string, make: () => string): string {
  for (;;) {
    const n = make();
    if (!keys.has(`${ns}/${n}`)) return n;
  }
}

export function bumpVersion(v: string | undefined): string {
  const m = /^v(\d+)\.(\d+)\.(\d+)$/.exec(v ?? '');
  if (!m) return 'v1.0.1';
  return Number(m[3]) >= 30 ? `v${m[1]}.${Number(m[2]) + 1}.0` : `v${m[1]}.${m[2]}.${Number(m[3]) + 1}`;
}
