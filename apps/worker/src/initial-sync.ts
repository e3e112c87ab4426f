/**
 * Whether an agent's first relist of a cluster is still under way, from the cluster's `sync_epochs`
 * (per kind: the relist epoch in flight, the last one completed; written by ingest).
 *
 * Why the worker asks: its first computation of a cluster (the baseline, see ClusterRuntime) loads the
 * objects at the journal head and covers every event up to it without per-event effects. Taken while the
 * initial sync is still streaming in, it would cover only the first batches and leave the rest of the sync
 * (tens of thousands of events on a large cluster) to be replayed one by one.
 */

/** The kinds every agent lists at start (AdminNetworkPolicy and the baseline one only when the API has them). */
export const ALWAYS_LISTED_KINDS = ['Namespace', 'Node', 'NetworkPolicy', 'Service', 'Pod'] as const;

export type SyncEpochs = Record<string, { open?: string; done?: string } | undefined>;

/**
 * True while a relist is open, or while some relist completed but not yet one of every always-listed
 * kind (the agent lists kinds side by side; between two of them no epoch may be open). False when no
 * relist was ever seen: the events come from something that does not relist (tests, imports), and
 * there is nothing to wait for.
 */
export function initialSyncPending(epochs: SyncEpochs): boolean {
  const states = Object.values(epochs).filter((s) => s !== undefined);
  if (states.length === 0) return false;
  if (states.some((s) => s.open)) return true;
  return ALWAYS_LISTED_KINDS.some((k) => !epochs[k]?.done);
}
