import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Pool } from 'pg';
import {
  AlertRuleConfigRepository,
  CHANGES_CHANNEL,
  Listener,
  WORKER_APPLICATION_PREFIX,
  WorkerDbError,
  WorkerEffectsRepository,
  WorkerLeaseRepository,
  MIN_AUDIT_DAYS,
  RetentionRepository,
  WebhookDeliveryRepository,
  WorkerStateRepository,
  listen,
  survivesLostConnections,
} from '@reachwatch/db';
import { ClusterRuntime, ProblemNote, RuntimeDeps } from './cluster-runtime';
import { RetentionOptions, startRetention } from './retention';
import { DispatcherOptions, startDispatcher } from './webhooks/dispatcher';

export interface WorkerOptions {
  databaseUrl: string;
  /** Unique per process; default `<host>-<pid>-<random>`. */
  workerId?: string;
  /** How long a lease lasts without renewal (renewed every third of it). Default 15 s. */
  leaseSeconds?: number;
  /** Polling fallback when no NOTIFY arrives. Default 2000 ms. */
  pollMs?: number;
  log?: (line: string) => void;
  /** Tuning (defaults: 500 events per read, 200 events or 20,000 rows per commit). */
  readBatch?: number;
  maxEventsPerCommit?: number;
  maxWeightPerCommit?: number;
  /** How long a cluster's first computation waits for a stalled initial relist of its agent (default 30 s; see RuntimeDeps). */
  initialSyncWaitMs?: number;
  /** At most one coverage sample (trend point) per cluster per this interval (default 5 min). */
  sampleIntervalMs?: number;
  /** Outbound webhook delivery (retries, timeouts); `false` runs no dispatcher in this process. */
  webhooks?: Omit<DispatcherOptions, 'log'> | false;
  /** History retention (days per kind, see RetentionPolicy); `false` prunes nothing in this process. */
  retention?: RetentionOptions | false;
}

export interface ClusterStatus {
  clusterId: string;
  state: 'opening' | 'running' | 'failed';
  cursor?: number;
  lastError?: string;
  /** Objects the worker could not read (treated as absent), newest last. */
  problems: ProblemNote[];
}

export interface WorkerStatus {
  workerId: string;
  running: boolean;
  clusters: ClusterStatus[];
}

export interface WorkerHandle {
  /** Finishes the step in flight, gives the leases back (others take over at once), closes connections. */
  stop(): Promise<void>;
  status(): WorkerStatus;
}

/** Events applied per cluster before the loop visits the next cluster (fairness across the fleet). */
const EVENTS_PER_VISIT = 2000;

/**
 * The recompute worker: holds leases on a fair share of the fleet, keeps an engine per held cluster,
 * and applies each cluster's journal after its cursor (DESIGN §1, §4). Woken by NOTIFY on
 * reachwatch_changes; polls every pollMs in case a notification was missed.
 */
export async function startWorker(options: WorkerOptions): Promise<WorkerHandle> {
  if (options.retention && options.retention.auditDays !== undefined && options.retention.auditDays < MIN_AUDIT_DAYS) {
    throw new Error(`audit retention must be at least ${MIN_AUDIT_DAYS} days (PCI DSS keeps a year of audit trail); got ${options.retention.auditDays}`);
  }
  const workerId = options.workerId ?? `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const leaseSeconds = options.leaseSeconds ?? 15;
  const pollMs = options.pollMs ?? 2000;
  const log = options.log ?? ((line: string) => process.stderr.write(`[worker ${workerId}] ${line}\n`));
  // Sessions named after the worker let others count live workers (WorkerLeaseRepository.liveWorkers);
  // idle connections are kept so the name stays visible while the worker is alive.
  const pool = new Pool({ connectionString: options.databaseUrl, max: 4, application_name: `${WORKER_APPLICATION_PREFIX}${workerId}`.slice(0, 63), idleTimeoutMillis: 0 });
  survivesLostConnections(pool, (e) => log(`database connection error: ${e.message}`));
  const leases = new WorkerLeaseRepository(pool);
  const deps: RuntimeDeps = {
    workerId,
    state: new WorkerStateRepository(pool),
    effects: new WorkerEffectsRepository(pool),
    alertRules: new AlertRuleConfigRepository(pool),
    log,
    readBatch: options.readBatch ?? 1000,
    maxEventsPerCommit: options.maxEventsPerCommit ?? 1000,
    maxWeightPerCommit: options.maxWeightPerCommit ?? 20_000,
    initialSyncWaitMs: options.initialSyncWaitMs ?? 30_000,
    sampleIntervalMs: options.sampleIntervalMs,
  };

  let stopping = false;
  let held = new Set<string>();
  const runtimes = new Map<string, ClusterRuntime>();
  const statuses = new Map<string, ClusterStatus>();
  const retryAt = new Map<string, { at: number; delay: number }>();
  let wakeUp: (() => void) | undefined;
  /** A notification came while the loop was busy: it must not sleep before another pass. */
  let wakePending = false;
  const wake = () => {
    wakePending = true;
    wakeUp?.();
  };

  const dropCluster = (id: string) => {
    runtimes.delete(id);
    statuses.delete(id);
    retryAt.delete(id);
  };

  let leaseBusy: Promise<void> | undefined;
  const leaseTick = async () => {
    // Fair share: ceil(clusters / live workers). A worker above it gives the excess back, so a new
    // worker gets clusters without waiting for anyone to die.
    const [total, live] = await Promise.all([leases.clusterCount(), leases.liveWorkers()]);
    const workers = Math.max(1, new Set([...live, workerId]).size);
    const fair = Math.ceil(total / workers);
    const now = await leases.acquire(workerId, leaseSeconds, Math.max(0, fair - held.size));
    const excess = now.slice(fair);
    if (excess.length) {
      await leases.release(workerId, excess);
      log(`released clusters ${excess.join(', ')} (fair share is ${fair} of ${total} for ${workers} workers)`);
    }
    const next = new Set(now.slice(0, fair));
    for (const id of held) if (!next.has(id)) dropCluster(id);
    for (const id of next) if (!held.has(id)) log(`acquired cluster ${id}`);
    const gained = [...next].some((id) => !held.has(id));
    held = next;
    if (gained) wake();
  };
  const runLeaseTick = () => {
    if (stopping || leaseBusy) return leaseBusy;
    leaseBusy = leaseTick()
      .catch((e: Error) => log(`lease renewal failed: ${e.message}`))
      .finally(() => (leaseBusy = undefined));
    return leaseBusy;
  };

  const visit = async (id: string): Promise<number> => {
    const retry = retryAt.get(id);
    if (retry && Date.now() < retry.at) return 0;
    try {
      let rt = runtimes.get(id);
      if (!rt) {
        statuses.set(id, { clusterId: id, state: 'opening', problems: [] });
        rt = await ClusterRuntime.open(id, deps);
        runtimes.set(id, rt);
      }
      const { applied, notices } = await rt.catchUp(EVENTS_PER_VISIT, () => stopping || !held.has(id));
      if (notices.some((n) => n.alertsOpened > 0 || n.alertsResolved > 0)) dispatcher?.wake();
      if (held.has(id)) statuses.set(id, { clusterId: id, state: 'running', cursor: rt.cursor, problems: rt.problems.slice() });
      retryAt.delete(id);
      return applied;
    } catch (e) {
      // The in-memory engine may be ahead of what was committed: throw it away and start over.
      runtimes.delete(id);
      const err = e as Error;
      if (err instanceof WorkerDbError && err.code === 'LEASE_LOST') {
        held.delete(id);
        dropCluster(id);
        log(err.message);
        return 0;
      }
      const delay = Math.min((retry?.delay ?? 500) * 2, 30_000);
      retryAt.set(id, { at: Date.now() + delay, delay });
      statuses.set(id, { clusterId: id, state: 'failed', lastError: err.message, problems: statuses.get(id)?.problems ?? [] });
      log(`cluster ${id}: ${err.message} (retrying in ${delay} ms)`);
      return 0;
    }
  };

  const loop = async () => {
    while (!stopping) {
      // A notification during the pass (events committed after a cluster's last read) means another pass:
      // sleeping on it would leave those events until the next poll.
      wakePending = false;
      let applied = 0;
      for (const id of [...held]) {
        if (stopping) break;
        applied += await visit(id);
      }
      if (applied > 0 || stopping || wakePending) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, pollMs);
        wakeUp = () => {
          clearTimeout(t);
          resolve();
        };
      });
      wakeUp = undefined;
    }
  };

  let listener: Listener | undefined;
  try {
    listener = await listen(options.databaseUrl, CHANGES_CHANNEL, wake, { onReconnect: wake, onError: (e) => log(`listen: ${e.message}`) });
    await leaseTick();
  } catch (e) {
    await listener?.close();
    await pool.end();
    throw e;
  }
  const timer = setInterval(() => void runLeaseTick(), Math.max(200, (leaseSeconds * 1000) / 3));
  const dispatcher = options.webhooks === false ? undefined : startDispatcher(new WebhookDeliveryRepository(pool), { ...options.webhooks, log: (l) => log(l) });
  const retention = options.retention === false ? undefined : startRetention(new RetentionRepository(pool), () => [...held], options.retention ?? {}, log);
  const running = loop().catch((e: Error) => log(`worker loop failed: ${e.stack ?? e.message}`));

  let stopped: Promise<void> | undefined;
  return {
    stop: () => {
      stopped ??= (async () => {
        stopping = true;
        clearInterval(timer);
        wake();
        await running;
        await dispatcher?.stop();
        await retention?.stop();
        await leaseBusy;
        await listener?.close();
        await leases.release(workerId).catch((e: Error) => log(`releasing leases failed: ${e.message}`));
        await pool.end();
      })();
      return stopped;
    },
    status: () => ({
      workerId,
      running: !stopping,
      clusters: [...held].sort().map((id) => statuses.get(id) ?? { clusterId: id, state: 'opening', problems: [] }),
    }),
  };
}
