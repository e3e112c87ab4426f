import type { ClusterState } from '@reachwatch/policy-engine';

/**
 * One problem found while reading manifests. `error`: the document or object was skipped (the analysis is
 * incomplete); `warning`: it was read, perhaps with something dropped or assumed.
 */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** Stable machine-readable code, see `Codes` in messages.ts. */
  code: string;
  /** The file (or the `source` given to parseManifests/buildClusterState). */
  file?: string;
  /** 0-based index of the YAML document in the file (messages count documents from 1: `file.yaml#1`). */
  documentIndex?: number;
  kind?: string;
  /** `namespace/name` for namespaced objects, `name` for cluster-scoped ones. */
  name?: string;
  /**
   * Self-contained text, location first: `policies.yaml#3 NetworkPolicy default/allow-web:
   * ingress[0].from[1].ipBlock.cidr "10.0.0.0/33": prefix /33 is longer than 32 bits`.
   */
  message: string;
  /** The message without its location prefix (`NetworkPolicy default/allow-web: ingress[0]…`), for callers that print file/document themselves. */
  detail?: string;
}

export interface LoadResult {
  state: ClusterState;
  diagnostics: Diagnostic[];
  /** The files read, sorted (for parseManifests: its source; for buildClusterState: the distinct sources). */
  files: string[];
}

export interface BuildOptions {
  /**
   * Keep pods whose status.phase is Succeeded or Failed (they take no traffic, so they are skipped with a
   * POD_TERMINATED warning by default). netpol-analyzer keeps them; its corpus needs this set.
   */
  includeTerminatedPods?: boolean;
}

export interface LoadOptions extends BuildOptions {
  onProgress?(filesDone: number, filesTotal: number): void;
}

/** Options of the single-object normalisers (toPod, toNetworkPolicy, …). */
export interface ObjectOptions {
  /** Receives what a loader would report as warnings (the object is still returned). */
  onWarning?(code: string, message: string): void;
  /** toPod only: see BuildOptions.includeTerminatedPods. */
  includeTerminatedPods?: boolean;
}
