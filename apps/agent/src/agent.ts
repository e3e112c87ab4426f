/**
 * startAgent: one cluster's informers → one ordered ingest queue. Core kinds are watched at once; the
 * AdminNetworkPolicy kinds once discovery shows their CRDs (re-checked every discoveryIntervalMs). A kind
 * found absent is reported once as an empty relist (SYNC_END with no objects) so the server drops whatever
 * it still holds of it from an earlier run.
 */
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import type { IngestEvent, WatchedKind } from '@reachwatch/contracts';
import { Backoff, sleep } from './backoff';
import { discoverOptionalKinds } from './discovery';
import { KindWatcher, type KindStatus } from './kind-watcher';
import { resolveKubeConfig } from './kubeconfig';
import { stderrLogger } from './logger';
import { agentMsg } from './messages';
import { resolveOptions, type AgentOptions } from './options';
import { RESOURCES, type WatchedResource } from './resources';
import { IngestSender, type SenderStatus } from './sender';

export type AgentState = 'running' | 'stopping' | 'stopped' | 'failed';

export interface AgentStatus {
  cluster: string;
  agentId: string;
  state: AgentState;
  /** Every watched kind has handed over its first full list. */
  synced: boolean;
  /** Optional kinds found absent by discovery (null until discovery first answered). */
  absentKinds: WatchedKind[] | null;
  kinds: KindStatus[];
  ingest: SenderStatus;
  /** Why the agent failed (a fatal ingest answer), when state is 'failed'. */
  error: string | null;
}

export interface AgentExit {
  ok: boolean;
  error: string | null;
  /** Events still queued when the agent stopped. */
  unsent: number;
}

export interface Agent {
  /** Closes the watches, delivers what is queued (up to stopTimeoutMs), resolves when everything has ended. */
  stop(): Promise<void>;
  status(): AgentStatus;
  /** Resolves when the agent has stopped, by stop() or because ingest refused it for good. */
  readonly done: Promise<AgentExit>;
}

const LARGE_QUEUE = 100_000;

export function startAgent(options: AgentOptions): Agent {
  const o = resolveOptions(options);
  const kc = resolveKubeConfig(o.kubeConfig, o.inCluster ?? false);
  const logger = o.logger ?? stderrLogger(o.cluster);
  const agentId = o.agentId ?? `${os.hostname()}:${process.pid}`.slice(0, 128);
  const url = `${o.ingestUrl}/api/v1/ingest/${encodeURIComponent(o.cluster)}`;
  const watchers = new Map<WatchedKind, KindWatcher>();
  const absent = new Set<WatchedKind>();
  let discovered = false;
  let state: AgentState = 'running';
  let error: string | null = null;
  let stopping: Promise<void> | undefined;
  let resolveDone!: (e: AgentExit) => void;
  const done = new Promise<AgentExit>((r) => (resolveDone = r));
  const discoveryStop = new AbortController();
  let warnQueueAt = LARGE_QUEUE;

  const sender = new IngestSender({
    target: { url, token: o.token, timeoutMs: o.requestTimeoutMs },
    cluster: o.cluster,
    agentId,
    maxBatchEvents: o.maxBatchEvents,
    maxBatchBytes: o.maxBatchBytes,
    flushMs: o.flushMs,
    minSendIntervalMs: o.minSendIntervalMs,
    backoff: o.retry,
    logger,
    onFatal: (reason) => {
      error = reason;
      state = 'failed';
      void shutdown(false);
    },
  });

  const sink = (events: IngestEvent[]) => {
    sender.enqueue(events);
    const queued = sender.status().queued;
    if (queued >= warnQueueAt) {
      logger.warn(agentMsg.largeQueue(queued));
      warnQueueAt *= 2;
    }
  };

  const startWatcher = (resource: WatchedResource) => {
    const w = new KindWatcher({
      kc,
      resource,
      sink,
      logger,
      pageSize: o.pageSize,
      backoff: o.watchRetry,
      onGone: () => {
        watchers.delete(resource.kind);
        absent.add(resource.kind);
      },
    });
    watchers.set(resource.kind, w);
    absent.delete(resource.kind);
    w.start();
  };

  async function discoveryLoop(): Promise<void> {
    const backoff = new Backoff(o.watchRetry);
    while (!discoveryStop.signal.aborted) {
      let present: Set<WatchedKind>;
      try {
        present = await discoverOptionalKinds(kc, discoveryStop.signal);
      } catch (e) {
        if (discoveryStop.signal.aborted) return;
        const delay = backoff.next();
        logger.warn(agentMsg.discoveryFailed((e as Error).message, delay));
        await sleep(delay, discoveryStop.signal);
        continue;
      }
      if (discoveryStop.signal.aborted) return;
      backoff.reset();
      const optional = RESOURCES.filter((r) => r.optional);
      const changed = !discovered || optional.some((r) => present.has(r.kind) !== watchers.has(r.kind));
      for (const r of optional) {
        if (present.has(r.kind) && !watchers.has(r.kind)) startWatcher(r);
        else if (!present.has(r.kind) && !watchers.has(r.kind) && !absent.has(r.kind)) {
          absent.add(r.kind);
          sink([{ type: 'SYNC_END', kind: r.kind, syncEpoch: randomUUID() }]);
        }
      }
      discovered = true;
      if (changed) {
        logger.info(agentMsg.optionalKinds(optional.filter((r) => watchers.has(r.kind)).map((r) => r.kind), [...absent]));
      }
      await sleep(o.discoveryIntervalMs, discoveryStop.signal);
    }
  }

  async function shutdown(drain: boolean): Promise<void> {
    stopping ??= (async () => {
      if (state === 'running') state = 'stopping';
      logger.info(agentMsg.stopping());
      discoveryStop.abort();
      await Promise.all([...watchers.values()].map((w) => w.stop()));
      await discoveryRun;
      const unsent = await sender.drain(drain ? o.stopTimeoutMs : 0);
      if (state !== 'failed') state = 'stopped';
      logger.info(agentMsg.stopped(unsent));
      resolveDone({ ok: state === 'stopped', error, unsent });
    })();
    return stopping;
  }

  const server = kc.getCurrentCluster()?.server ?? '?';
  logger.info(agentMsg.started(o.cluster, server, url, agentId));
  if (server.startsWith('http:')) logger.warn(agentMsg.plainHttp(server));
  for (const r of RESOURCES) if (!r.optional) startWatcher(r);
  const discoveryRun = discoveryLoop();

  return {
    stop: () => shutdown(true),
    done,
    status: () => {
      const kinds = RESOURCES.filter((r) => watchers.has(r.kind)).map((r) => (watchers.get(r.kind) as KindWatcher).status());
      return {
        cluster: o.cluster,
        agentId,
        state,
        synced: discovered && kinds.every((k) => k.synced),
        absentKinds: discovered ? RESOURCES.filter((r) => absent.has(r.kind)).map((r) => r.kind) : null,
        kinds,
        ingest: sender.status(),
        error,
      };
    },
  };
}
