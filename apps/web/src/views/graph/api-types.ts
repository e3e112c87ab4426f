/**
 * The REST answers these views read that src/api/types.ts does not already describe, as apps/api writes
 * them (graph.service.ts, workloads.service.ts, reachability.service.ts, whatif.service.ts).
 */
import type { WorkloadView } from '../../api/types';

export interface ExternalEndpoint {
  type: 'external';
  cidr: string;
  except: string[];
}

export interface NamespaceNode {
  id: string;
  type: 'namespace';
  namespace: string;
  pods?: number;
  score?: number;
  exposedToInternet?: boolean;
}
export interface ExternalNode {
  id: string;
  type: 'external';
  endpoint: ExternalEndpoint;
}
export interface WorkloadNode {
  id: string;
  type: 'workload';
  namespace: string;
  name: string;
  kind: string;
}

/** `GET …/graph?level=namespace`: one edge per (namespace | range) × (namespace | range). */
export interface NamespaceGraph {
  level: 'namespace';
  /** The journal position the answer reflects, when the API says it (not yet: see the report). */
  seq?: number;
  nodes: (NamespaceNode | ExternalNode)[];
  edges: { src: string; dst: string; ports: string; allPorts: boolean; workloadPairs: number }[];
}

/** Inbound connections of a high fan-in destination from one source namespace (null: address ranges). */
export interface FanInSummary {
  dst: string;
  fromNamespace: string | null;
  sources: number;
  ports: string;
}

/** `GET …/graph?level=workload`. */
export interface WorkloadGraph {
  level: 'workload';
  seq?: number;
  nodes: (WorkloadNode | ExternalNode)[];
  edges: { src: string; dst: string; ports: string; allPorts: boolean }[];
  summaries: FanInSummary[];
  truncated: boolean;
  nextCursor: string | null;
}

/** One item of `GET …/workloads`, with the fields src/api/types.ts leaves out. */
export interface WorkloadInfo extends WorkloadView {
  podNames: string[];
  ingressIsolatedPods: number;
  egressIsolatedPods: number;
}

/** A connection as what-if lists it (endpoint keys and the engine's port text). */
export interface KeyedConnection {
  src: string;
  dst: string;
  ports: string;
}

/** `POST …/what-if`. */
export interface WhatIfResult {
  seq: number;
  applied: { kind: string; name: string; change: 'created' | 'replaced' }[];
  warnings: Diagnostic[];
  counts: { added: number; removed: number; newExposures: number };
  added: KeyedConnection[];
  removed: KeyedConnection[];
  newExposures: (KeyedConnection & { reason: 'internet' | 'other-namespace' })[];
  truncated: boolean;
}

export interface Diagnostic {
  severity: 'error' | 'warning';
  code: string;
  document: number | null;
  kind: string | null;
  name: string | null;
  message: string;
}
