import { LIVE_EVENTS } from '@reachwatch/contracts';
import { credentialKey, type LiveAudience, type LiveReadRepository } from '@reachwatch/db';
import type { LiveConfig } from './live.config';
import { bufferedPackets, clusterRoom, credentialOf, type LiveIo, type LiveSocket } from './live-socket';
import type { Outgoing } from './range-reader';

/**
 * Sends a cluster's events to the sockets of THIS instance that subscribed to it. Who may receive is
 * decided again at each delivery (credential still valid, user still granted the cluster), with one query
 * for all sockets of the room; a socket whose credential ended is disconnected, one whose grant went away
 * loses the subscription (`unsubscribed`). The check runs before anything is sent, so a failed query sends
 * nothing and the caller can retry the whole range.
 */
export class Delivery {
  constructor(
    private readonly io: LiveIo,
    private readonly repo: LiveReadRepository,
    private readonly config: LiveConfig,
    private readonly now: () => number,
  ) {}

  localSockets(clusterId: number): LiveSocket[] {
    const nsp = this.io.of('/');
    const ids = nsp.adapter.rooms.get(clusterRoom(clusterId));
    if (!ids) return [];
    return [...ids].flatMap((id) => nsp.sockets.get(id) ?? []);
  }

  async toCluster(clusterId: number, events: Outgoing[]): Promise<void> {
    const sockets = this.localSockets(clusterId);
    if (!sockets.length || !events.length) return;
    const audience = await this.audience(sockets, [clusterId]);
    // Sockets that left or unsubscribed while the question was out get nothing.
    const allowed = sockets.filter((s) => s.connected && s.data.clusters.has(clusterId) && this.enforce(s, audience, [clusterId]));
    for (const e of events) this.send(allowed, clusterId, e);
  }

  /** Every connection of this instance against the database: ended credentials cut, revoked grants unsubscribed. */
  async sweep(): Promise<void> {
    // Each socket is held to the clusters it had when the question was asked: one subscribed meanwhile was
    // checked by subscribe itself, and is not in this answer.
    const checks = [...this.io.of('/').sockets.values()].map((s) => ({ s, clusterIds: [...s.data.clusters.keys()] }));
    if (!checks.length) return;
    const audience = await this.audience(checks.map((c) => c.s), [...new Set(checks.flatMap((c) => c.clusterIds))]);
    for (const { s, clusterIds } of checks) if (s.connected) this.enforce(s, audience, clusterIds);
  }

  /** Ends one subscription from the server side and tells the client. */
  endSubscription(s: LiveSocket, clusterId: number): void {
    const name = s.data.clusters.get(clusterId);
    if (name === undefined) return;
    s.data.clusters.delete(clusterId);
    s.data.overflowed.delete(clusterId);
    s.leave(clusterRoom(clusterId));
    s.emit(LIVE_EVENTS.unsubscribed, { cluster: name, reason: 'not_found' });
  }

  /** A slow client caught up: tell it which clusters to re-read. */
  drained(s: LiveSocket): void {
    if (!s.data.overflowed.size || bufferedPackets(s) > 0) return;
    for (const id of [...s.data.overflowed].sort((a, b) => a - b)) {
      const name = s.data.clusters.get(id);
      if (name !== undefined) s.emit(LIVE_EVENTS.resync, { cluster: name, reason: 'slow-client' });
    }
    s.data.overflowed.clear();
  }

  private async audience(sockets: LiveSocket[], clusterIds: number[]): Promise<LiveAudience> {
    const creds = new Map(sockets.map((s) => [credentialKey(credentialOf(s.data.principal)), credentialOf(s.data.principal)]));
    return this.repo.audience({
      credentials: [...creds.values()],
      userIds: [...new Set(sockets.map((s) => s.data.principal.userId))],
      clusterIds,
      now: new Date(this.now()),
    });
  }

  /** Applies the audience to one socket; true when it may receive the clusters' events. */
  private enforce(s: LiveSocket, audience: LiveAudience, clusterIds: number[]): boolean {
    const visible = audience.visible.get(s.data.principal.userId);
    if (!audience.alive.has(credentialKey(credentialOf(s.data.principal))) || !visible) {
      s.disconnect(true);
      return false;
    }
    let all = true;
    for (const id of clusterIds) {
      if (visible === 'all' || visible.has(id)) continue;
      this.endSubscription(s, id);
      all = false;
    }
    return all;
  }

  /**
   * One encoding for all receivers (socket.io's local broadcast to their id rooms: `local`, so the
   * adapter does not forward it to other instances, which deliver to their own sockets themselves).
   */
  private send(sockets: LiveSocket[], clusterId: number, e: Outgoing): void {
    const ready = sockets.filter((s) => this.admit(s, clusterId));
    if (!ready.length) return;
    const op = this.io.local.to(ready.map((s) => s.id)) as unknown as { emit(event: string, payload: unknown): boolean };
    op.emit(e.event, e.payload);
  }

  /** Bounded memory per client: past maxBufferedPackets its events for the cluster are dropped until it drains. */
  private admit(s: LiveSocket, clusterId: number): boolean {
    if (!s.connected || s.data.overflowed.has(clusterId)) return false;
    if (bufferedPackets(s) < this.config.maxBufferedPackets) return true;
    s.data.overflowed.add(clusterId);
    return false;
  }
}
