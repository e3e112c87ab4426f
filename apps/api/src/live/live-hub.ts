import { LIVE_EVENTS, SubscribeRequest, type LiveError, type SubscribeAck, type UnsubscribeAck } from '@reachwatch/contracts';
import { credentialKey, type ClusterRepository, type LiveReadRepository, type WorkerUpdateNotice } from '@reachwatch/db';
import { AUTH_MSG } from '../auth/messages';
import type { ApiLogger } from '../common/logger';
import { ClusterFeed, type FeedRange } from './cluster-feed';
import { Delivery } from './delivery';
import type { LiveConfig } from './live.config';
import { clusterRoom, credentialOf, type LiveIo, type LiveSocket } from './live-socket';
import { LIVE_MSG } from './messages';
import { readRange } from './range-reader';
import { agentStatusView, alertView, sameStatus } from './views';

export interface LiveStats {
  sockets: number;
  feeds: number;
  /** Connections whose events are being dropped until they catch up. */
  slowClients: number;
}

const fail = (code: LiveError['code'], message: string) => ({ ok: false as const, error: { code, message } });

/**
 * The live feed of one API instance. It keeps a ClusterFeed for each cluster that at least one socket
 * OF THIS INSTANCE watches, and sends each feed's events to this instance's sockets only. Every instance
 * LISTENs to the worker's notices itself, so every client gets each event exactly once: from the one
 * instance it is connected to. (See live-server.ts for why the adapter does not fan these out.)
 */
export class LiveHub {
  private readonly feeds = new Map<number, ClusterFeed>();
  private readonly opening = new Map<number, Promise<ClusterFeed | undefined>>();
  readonly delivery: Delivery;

  constructor(
    private readonly io: LiveIo,
    private readonly repo: LiveReadRepository,
    private readonly clusters: ClusterRepository,
    private readonly config: LiveConfig,
    private readonly logger: ApiLogger,
    private readonly now: () => number,
  ) {
    this.delivery = new Delivery(io, repo, config, now);
  }

  /** A NOTIFY payload from the worker (WorkerUpdateNotice JSON). Malformed ones are logged and ignored. */
  notice(payload: string): void {
    const n = parseNotice(payload);
    if (!n) {
      this.logger.error('live-bad-notice', { length: payload.length });
      return;
    }
    this.feeds.get(Number(n.clusterId))?.offer(n);
  }

  async subscribe(s: LiveSocket, raw: unknown): Promise<SubscribeAck> {
    const req = SubscribeRequest.safeParse(raw);
    if (!req.success) return fail('validation_failed', LIVE_MSG.badSubscribe);
    const name = req.data.cluster;
    const known = [...s.data.clusters.entries()].find(([, n]) => n === name);
    if (!known && s.data.clusters.size >= this.config.maxSubscriptionsPerSocket) {
      return fail('too_many_subscriptions', LIVE_MSG.tooManySubscriptions(this.config.maxSubscriptionsPerSocket));
    }
    const cluster = await this.clusters.getByName(name);
    if (!cluster) return fail('not_found', AUTH_MSG.clusterNotFound(name));
    // Grants as of now, not as of the handshake: the same answer for "not granted" and "does not exist".
    const cred = credentialOf(s.data.principal);
    const audience = await this.repo.audience({ credentials: [cred], userIds: [s.data.principal.userId], clusterIds: [cluster.id], now: new Date(this.now()) });
    if (!audience.alive.has(credentialKey(cred))) {
      s.disconnect(true);
      return fail('unauthenticated', LIVE_MSG.credentialEnded);
    }
    const visible = audience.visible.get(s.data.principal.userId);
    if (!visible || (visible !== 'all' && !visible.has(cluster.id))) return fail('not_found', AUTH_MSG.clusterNotFound(name));

    let feed = await this.openFeed(cluster.id);
    // The room may have emptied (and its feed closed) between the feed's creation and now: open another.
    while (feed && this.feeds.get(cluster.id) !== feed) feed = await this.openFeed(cluster.id);
    if (!feed) return fail('not_found', AUTH_MSG.clusterNotFound(name));
    if (!s.connected) {
      this.dropIfUnwatched(cluster.id);
      return fail('unauthenticated', LIVE_MSG.credentialEnded);
    }
    // Synchronously with reading feed.seq: every range sent after this point starts at or after it.
    s.join(clusterRoom(cluster.id));
    s.data.clusters.set(cluster.id, cluster.name);
    return { ok: true, cluster: cluster.name, seq: feed.seq, status: agentStatusView(feed.status) };
  }

  unsubscribe(s: LiveSocket, raw: unknown): UnsubscribeAck {
    const req = SubscribeRequest.safeParse(raw);
    if (!req.success) return fail('validation_failed', LIVE_MSG.badSubscribe);
    for (const [id, name] of s.data.clusters) {
      if (name !== req.data.cluster) continue;
      s.data.clusters.delete(id);
      s.data.overflowed.delete(id);
      s.leave(clusterRoom(id));
    }
    return { ok: true, cluster: req.data.cluster };
  }

  /** socket.io's adapter says a room became empty (last socket left or disconnected). */
  roomDeleted(room: string): void {
    const m = /^cluster:(\d+)$/.exec(room);
    if (m) this.dropIfUnwatched(Number(m[1]));
  }

  /**
   * Reads status for every watched cluster: sends `agent.status` where it changed, moves feeds whose
   * worker is further than any notice said (a lost notice), and ends subscriptions of deleted clusters.
   */
  async pollStatus(): Promise<void> {
    const feeds = [...this.feeds.values()];
    if (!feeds.length) return;
    const statuses = new Map((await this.repo.statuses(feeds.map((f) => f.clusterId))).map((s) => [s.clusterId, s]));
    await Promise.all(
      feeds.map(async (feed) => {
        if (feed.closed) return;
        const status = statuses.get(feed.clusterId);
        if (!status) {
          for (const s of this.delivery.localSockets(feed.clusterId)) this.delivery.endSubscription(s, feed.clusterId);
          this.dropIfUnwatched(feed.clusterId);
          return;
        }
        feed.advanceTo(status.workerSeq);
        if (sameStatus(feed.status, status)) return;
        feed.status = status;
        await this.delivery.toCluster(feed.clusterId, [{ event: LIVE_EVENTS.agentStatus, payload: agentStatusView(status) }]);
      }),
    );
  }

  /** An alert changed by a person (on this instance or, through the adapter, on another): tell local watchers. */
  async alertChanged(clusterId: number, alertId: number): Promise<void> {
    const feed = this.feeds.get(clusterId);
    if (!feed) return;
    const alert = await this.repo.alert(clusterId, alertId);
    if (!alert) return;
    await this.delivery.toCluster(clusterId, [
      { event: LIVE_EVENTS.alertUpdated, payload: { cluster: feed.name, fromSeq: null, toSeq: null, alerts: [alertView(alert)], truncated: false } },
    ]);
  }

  /** The subscribed clusters' notices may have been missed (listener reconnected): check positions now. */
  resync(): void {
    void this.pollStatus().catch((err: Error) => this.logger.error('live-status-failed', { message: err.message }));
  }

  close(): void {
    for (const f of this.feeds.values()) f.close();
    this.feeds.clear();
  }

  stats(): LiveStats {
    const sockets = [...this.io.of('/').sockets.values()];
    return { sockets: sockets.length, feeds: this.feeds.size, slowClients: sockets.filter((s) => s.data.overflowed?.size).length };
  }

  private openFeed(clusterId: number): Promise<ClusterFeed | undefined> {
    const existing = this.feeds.get(clusterId);
    if (existing) return Promise.resolve(existing);
    let p = this.opening.get(clusterId);
    if (!p) {
      p = this.repo
        .feedStart(clusterId)
        .then((start) => {
          if (!start) return undefined;
          const feed = new ClusterFeed(clusterId, start.status.name, start.seq, new Set(start.namespaces), start.status, this.config, (f, r) => this.sendRange(f, r));
          this.feeds.set(clusterId, feed);
          return feed;
        })
        .finally(() => this.opening.delete(clusterId));
      this.opening.set(clusterId, p);
    }
    return p;
  }

  private async sendRange(feed: ClusterFeed, range: FeedRange): Promise<void> {
    try {
      const { events, namespaces } = await readRange(this.repo, feed, range, this.config);
      if (this.feeds.get(feed.clusterId) !== feed) return;
      await this.delivery.toCluster(feed.clusterId, events);
      if (namespaces) feed.namespaces = namespaces;
    } catch (err) {
      this.logger.error('live-range-failed', { cluster: feed.name, fromSeq: range.fromSeq, toSeq: range.toSeq, message: (err as Error).message });
      throw err;
    }
  }

  private dropIfUnwatched(clusterId: number): void {
    if (this.delivery.localSockets(clusterId).length) return;
    this.feeds.get(clusterId)?.close();
    this.feeds.delete(clusterId);
  }
}

/** The worker's NOTIFY payload, checked field by field (it crosses a process boundary). */
export function parseNotice(payload: string): WorkerUpdateNotice | undefined {
  let v: unknown;
  try {
    v = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const n = v as Record<string, unknown>;
  const ints = ['fromSeq', 'seq', 'edgesChanged', 'postureChanged', 'added', 'removed', 'audits', 'alertsOpened', 'alertsResolved'];
  if (typeof n.clusterId !== 'string' || !/^\d+$/.test(n.clusterId)) return undefined;
  if (!ints.every((k) => Number.isSafeInteger(n[k]) && (n[k] as number) >= 0)) return undefined;
  if ((n.seq as number) < (n.fromSeq as number)) return undefined;
  return n as unknown as WorkerUpdateNotice;
}
