/** startAgent's options, their defaults and their checks (one clear error per bad option). */
import { MAX_BATCH_BYTES, MAX_EVENTS_PER_BATCH } from '@reachwatch/contracts';
import type { KubeConfigSource } from './kubeconfig';
import type { Logger } from './logger';
import { agentMsg } from './messages';

export class AgentOptionError extends Error {
  override readonly name = 'AgentOptionError';
}

export interface AgentOptions {
  /** The cluster's name in Reachwatch (the ingest path segment). */
  cluster: string;
  /** A KubeConfig, or a kubeconfig file and optional context. */
  kubeConfig?: KubeConfigSource;
  /** Use the pod's service account (when kubeConfig is absent). */
  inCluster?: boolean;
  /** The API base URL; batches go to `${ingestUrl}/api/v1/ingest/${cluster}`. */
  ingestUrl: string;
  token: string;
  agentId?: string;
  /**
   * Events per batch (default and most: the contract's 5000). Large, because every batch pays a round
   * trip, index probes and a commit: ingest alone of the L initial sync (72k objects) took 19.4 s in
   * batches of 2,000 and 14 s in batches of 5,000 (apps/api/bench/ingest.ts --batch).
   * Under steady load batches are as big as what queued while the previous one was in flight.
   */
  maxBatchEvents?: number;
  /**
   * Longest wait before a partial batch is sent (default 25 ms). Short, because it adds straight to the
   * change-to-alert latency; under load batches still fill up while the previous one is in flight.
   */
  flushMs?: number;
  /**
   * Shortest time between the starts of two partial batches (default 100 ms: at most 10 requests a second
   * under steady load, half the API's per-cluster ingest limit of 20/s, leaving room for retries). Full
   * batches and the final drain do not wait for it. Without it, 1,000 events/s left in 40 small batches a
   * second; the API answered 429 and each refused batch waited a whole second.
   */
  minSendIntervalMs?: number;
  logger?: Logger;
  /** JSON bytes per batch (default 8 MiB, half the ingest limit). */
  maxBatchBytes?: number;
  /** Per ingest request (default 30 s). */
  requestTimeoutMs?: number;
  /** Backoff of ingest retries (default 500 ms doubling to 30 s). */
  retry?: { baseMs: number; maxMs: number };
  /** Backoff of list/watch retries (default 500 ms doubling to 30 s). */
  watchRetry?: { baseMs: number; maxMs: number };
  /** Objects per list page (default 5000, one full batch: fewer requests to the API server and full first batches). */
  pageSize?: number;
  /** How often to re-check whether the AdminNetworkPolicy CRDs appeared (default 5 min). */
  discoveryIntervalMs?: number;
  /** How long stop() keeps trying to deliver queued events (default 10 s). */
  stopTimeoutMs?: number;
}

export type ResolvedOptions = Required<Omit<AgentOptions, 'kubeConfig' | 'inCluster' | 'logger' | 'agentId'>> &
  Pick<AgentOptions, 'kubeConfig' | 'inCluster' | 'logger' | 'agentId'>;

function int(name: string, v: number | undefined, dflt: number, min: number, max: number): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < min || v > max) throw new AgentOptionError(agentMsg.badOption(name, `${v} is not an integer in [${min}, ${max}]`));
  return v;
}

function backoff(name: string, v: { baseMs: number; maxMs: number } | undefined): { baseMs: number; maxMs: number } {
  if (!v) return { baseMs: 500, maxMs: 30_000 };
  const baseMs = int(`${name}.baseMs`, v.baseMs, 500, 1, 3_600_000);
  return { baseMs, maxMs: int(`${name}.maxMs`, v.maxMs, 30_000, baseMs, 3_600_000) };
}

export function resolveOptions(o: AgentOptions): ResolvedOptions {
  if (typeof o.cluster !== 'string' || !/^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$/i.test(o.cluster)) {
    throw new AgentOptionError(agentMsg.badOption('cluster', `"${String(o.cluster)}" must be 1-63 letters, digits, '.', '_' or '-'`));
  }
  let url: URL;
  try {
    url = new URL(o.ingestUrl);
  } catch {
    throw new AgentOptionError(agentMsg.badOption('ingestUrl', `"${String(o.ingestUrl)}" is not a URL`));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AgentOptionError(agentMsg.badOption('ingestUrl', `"${o.ingestUrl}" must be http:// or https://`));
  }
  if (typeof o.token !== 'string' || o.token.trim() === '') throw new AgentOptionError(agentMsg.tokenMissing());
  if (o.agentId !== undefined && (o.agentId.length < 1 || o.agentId.length > 128)) {
    throw new AgentOptionError(agentMsg.badOption('agentId', 'must be 1-128 characters'));
  }
  return {
    ...o,
    ingestUrl: o.ingestUrl.replace(/\/+$/, ''),
    token: o.token.trim(),
    maxBatchEvents: int('maxBatchEvents', o.maxBatchEvents, MAX_EVENTS_PER_BATCH, 1, MAX_EVENTS_PER_BATCH),
    flushMs: int('flushMs', o.flushMs, 25, 0, 600_000),
    minSendIntervalMs: int('minSendIntervalMs', o.minSendIntervalMs, 100, 0, 600_000),
    maxBatchBytes: int('maxBatchBytes', o.maxBatchBytes, MAX_BATCH_BYTES / 2, 1024, MAX_BATCH_BYTES),
    requestTimeoutMs: int('requestTimeoutMs', o.requestTimeoutMs, 30_000, 1, 600_000),
    retry: backoff('retry', o.retry),
    watchRetry: backoff('watchRetry', o.watchRetry),
    pageSize: int('pageSize', o.pageSize, MAX_EVENTS_PER_BATCH, 1, 10_000),
    discoveryIntervalMs: int('discoveryIntervalMs', o.discoveryIntervalMs, 300_000, 1, 86_400_000),
    stopTimeoutMs: int('stopTimeoutMs', o.stopTimeoutMs, 10_000, 0, 600_000),
  };
}
