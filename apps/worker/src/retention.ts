import { DEFAULT_RETENTION, RetentionPolicy, RetentionRepository } from '@reachwatch/db';

export interface RetentionOptions extends Partial<RetentionPolicy> {
  /** How often to prune (default hourly; the first run is a minute after start). */
  everyMs?: number;
  firstAfterMs?: number;
}

/**
 * Prunes old history of the clusters this worker holds (and the fleet's old webhook deliveries) on a
 * timer, outside the event loop's transactions. Failures are logged and retried at the next tick.
 */
export function startRetention(repo: RetentionRepository, held: () => string[], o: RetentionOptions, log: (l: string) => void): { stop(): Promise<void> } {
  const policy: RetentionPolicy = { ...DEFAULT_RETENTION, ...definedOnly(o) };
  let busy: Promise<void> | undefined;
  const tick = () => {
    busy ??= (async () => {
      try {
        for (const id of held()) {
          const r = await repo.pruneCluster(id, policy);
          const total = r.journal + r.deltas + r.audits + r.alerts + r.samples;
          if (total) log(`cluster ${id}: pruned ${r.journal} journal events, ${r.deltas} deltas, ${r.audits} audit entries, ${r.alerts} resolved alerts, ${r.samples} samples`);
        }
        const d = await repo.pruneDeliveries(policy);
        if (d) log(`pruned ${d} old webhook deliveries`);
      } catch (e) {
        log(`retention: ${(e as Error).message}`);
      } finally {
        busy = undefined;
      }
    })();
  };
  const first = setTimeout(tick, o.firstAfterMs ?? 60_000);
  const timer = setInterval(tick, o.everyMs ?? 3_600_000);
  return {
    stop: async () => {
      clearTimeout(first);
      clearInterval(timer);
      await busy;
    },
  };
}

function definedOnly(o: RetentionOptions): Partial<RetentionPolicy> {
  const out: Partial<RetentionPolicy> = {};
  for (const k of ['journalDays', 'deltaDays', 'auditDays', 'deliveryDays'] as const) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
