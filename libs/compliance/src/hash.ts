/**
 * The hash a report carries of the state it was computed from, so anyone holding the same state can
 * re-verify it. Canonical form: object keys sorted at every level; the state's collections (which are
 * sets: their order is whatever the loader or the database returned) sorted by object key; every other
 * array kept in order, because order can matter there (admin policy rules, a pod's IPs as reported).
 *   cluster hash = sha256(canonical {name, cni, state})
 *   stateHash    = sha256 of the lines `name:clusterHash`, sorted by name, joined with \n
 */
import { createHash } from 'node:crypto';
import type { ClusterState, CniProfile } from '@reachwatch/policy-engine';
import type { ApprovedFlow, ComplianceReport } from './model';

export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };

/** The state with its collections in a fixed order (a copy; the input is not touched). */
export function canonicalState(s: ClusterState): ClusterState {
  const nsName = (o: { namespace: string; name: string }) => `${o.namespace}/${o.name}`;
  const name = (o: { name: string }) => o.name;
  return {
    namespaces: [...s.namespaces].sort(byKey(name)),
    pods: [...s.pods].sort(byKey(nsName)),
    nodes: [...s.nodes].sort(byKey(name)),
    services: [...s.services].sort(byKey(nsName)),
    networkPolicies: [...s.networkPolicies].sort(byKey(nsName)),
    adminNetworkPolicies: [...s.adminNetworkPolicies].sort(byKey(name)),
    ...(s.baselineAdminNetworkPolicy ? { baselineAdminNetworkPolicy: s.baselineAdminNetworkPolicy } : {}),
  };
}

export interface HashableCluster {
  name: string;
  cni: CniProfile;
  state: ClusterState;
}

export function clusterHash(c: HashableCluster): string {
  return sha256(canonicalJson({ name: c.name, cni: c.cni, state: canonicalState(c.state) }));
}

export function combinedHash(hashes: readonly { cluster: string; hash: string }[]): string {
  return sha256(
    [...hashes]
      .sort(byKey((h) => h.cluster))
      .map((h) => `${h.cluster}:${h.hash}`)
      .join('\n'),
  );
}

/** The register in canonical form: entries sorted by id. */
export function approvedFlowsHash(flows: readonly ApprovedFlow[]): string {
  return sha256(canonicalJson([...flows].sort(byKey((f) => f.id))));
}

export interface Verification {
  ok: boolean;
  stateHash: { expected: string; actual: string };
  /** Per cluster of the report: its hash then and now (`actual` is absent for a cluster not given). */
  clusters: { cluster: string; expected: string; actual?: string; ok: boolean }[];
  /** Clusters given that the report does not cover. */
  extraClusters: string[];
  /** Present when a register was given. */
  approvedFlows?: { expected: string; actual: string; ok: boolean };
}

/** Recomputes the hashes of the given clusters (and register) and compares them with the report's. */
export function verifyReport(report: ComplianceReport, clusters: readonly HashableCluster[], approvedFlows?: readonly ApprovedFlow[]): Verification {
  const given = new Map(clusters.map((c) => [c.name, clusterHash(c)]));
  const per = report.metadata.clusterHashes.map((h) => {
    const actual = given.get(h.cluster);
    return { cluster: h.cluster, expected: h.hash, ...(actual ? { actual } : {}), ok: actual === h.hash };
  });
  const actual = combinedHash([...given.entries()].map(([cluster, hash]) => ({ cluster, hash })));
  const covered = new Set(report.metadata.clusterHashes.map((h) => h.cluster));
  const out: Verification = {
    ok: actual === report.metadata.stateHash && per.every((p) => p.ok),
    stateHash: { expected: report.metadata.stateHash, actual },
    clusters: per,
    extraClusters: [...given.keys()].filter((c) => !covered.has(c)).sort(),
  };
  if (approvedFlows) {
    const a = approvedFlowsHash(approvedFlows);
    out.approvedFlows = { expected: report.metadata.approvedFlowsHash, actual: a, ok: a === report.metadata.approvedFlowsHash };
    out.ok = out.ok && out.approvedFlows.ok;
  }
  return out;
}
