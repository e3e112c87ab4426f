import { io, type Socket } from 'socket.io-client';
import type { AgentStatus, LiveClientEvents, LiveError, LiveServerEvents, SubscribeAck } from '@reachwatch/contracts';
import { INITIAL_STATUS, liveStatus, type LiveSignal, type LiveStatus } from './status';

/** Every server event, as one tagged message a view's handler can switch on. */
export type LiveEventMessage = { [K in keyof LiveServerEvents]: { type: K; data: Parameters<LiveServerEvents[K]>[0] } }[keyof LiveServerEvents];

export type LiveMessage =
  | LiveEventMessage
  /**
   * The subscription is (again) in place from `seq` on. `again`: this follows a lost connection, so
   * events may have been missed — re-read through REST.
   */
  | { type: 'subscribed'; cluster: string; seq: number; status: AgentStatus; again: boolean }
  | { type: 'subscribe-failed'; cluster: string; error: LiveError };

export type LiveHandler = (m: LiveMessage) => void;

// Typed by the contract, so a renamed event fails to compile here rather than going silent.
const EVENTS: readonly (keyof LiveServerEvents)[] = [
  'posture.updated', 'edges.changed', 'policy.changed', 'alert.raised', 'alert.updated', 'agent.status', 'resync', 'unsubscribed',
];
const ACK_TIMEOUT_MS = 10_000;

interface ClusterSubscription {
  handlers: Set<LiveHandler>;
  /** Subscribed on an earlier connection: the next ack means events may have been missed. */
  wasSubscribed: boolean;
}

/**
 * The one socket.io connection of the page. Same origin, so the browser sends the session cookie on the
 * handshake; socket.io reconnects by itself, and on every (re)connection each watched cluster is
 * subscribed again (a server forgets its rooms with the connection).
 */
export class LiveClient {
  private socket: Socket<LiveServerEvents, LiveClientEvents> | undefined;
  private readonly subs = new Map<string, ClusterSubscription>();
  private status: LiveStatus = INITIAL_STATUS;
  private readonly listeners = new Set<() => void>();
  private readonly onOffline = () => this.signal({ type: 'browser-offline' });
  private readonly onOnline = () => {
    this.signal({ type: 'browser-online' });
    this.reconnectNow();
  };

  constructor(private readonly onSessionEnded: () => void = () => undefined) {}

  start(): void {
    if (this.socket) return;
    this.signal({ type: 'start' });
    const socket: Socket<LiveServerEvents, LiveClientEvents> = io({ path: '/socket.io', reconnectionDelay: 500, reconnectionDelayMax: 5000 });
    this.socket = socket;
    socket.on('connect', () => {
      this.signal({ type: 'connect' });
      for (const cluster of [...this.subs.keys()].sort()) this.sendSubscribe(cluster);
    });
    socket.on('disconnect', (reason) => {
      this.signal({ type: 'disconnect', reason });
      if (reason === 'io server disconnect') this.onSessionEnded();
    });
    socket.on('connect_error', (err) => {
      this.signal({ type: 'connect-error', code: err.message });
      if (err.message === 'unauthenticated') this.onSessionEnded();
    });
    socket.io.on('reconnect_attempt', (attempt) => this.signal({ type: 'reconnect-attempt', attempt }));
    for (const name of EVENTS) {
      socket.on(name, (data: { cluster: string }) => this.deliver(data.cluster, { type: name, data } as LiveEventMessage));
    }
    window.addEventListener('offline', this.onOffline);
    window.addEventListener('online', this.onOnline);
  }

  stop(): void {
    window.removeEventListener('offline', this.onOffline);
    window.removeEventListener('online', this.onOnline);
    this.socket?.disconnect();
    this.socket?.removeAllListeners();
    this.socket = undefined;
    this.signal({ type: 'stop' });
  }

  /** After "offline" or a long backoff: try at once. */
  reconnectNow(): void {
    if (!this.socket || this.socket.connected) return;
    this.socket.disconnect();
    this.signal({ type: 'start' });
    this.socket.connect();
  }

  /** Watch a cluster; the returned function stops watching (the last handler leaving unsubscribes). */
  subscribe(cluster: string, handler: LiveHandler): () => void {
    let sub = this.subs.get(cluster);
    if (!sub) {
      sub = { handlers: new Set(), wasSubscribed: false };
      this.subs.set(cluster, sub);
      if (this.socket?.connected) this.sendSubscribe(cluster);
    }
    sub.handlers.add(handler);
    return () => {
      const s = this.subs.get(cluster);
      if (!s) return;
      s.handlers.delete(handler);
      if (s.handlers.size > 0) return;
      this.subs.delete(cluster);
      if (this.socket?.connected) this.socket.emit('unsubscribe', { cluster }, () => undefined);
    };
  }

  getStatus = (): LiveStatus => this.status;

  onStatus = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private sendSubscribe(cluster: string): void {
    this.socket!.timeout(ACK_TIMEOUT_MS).emit('subscribe', { cluster }, (err: Error | null, ack: SubscribeAck) => {
      const sub = this.subs.get(cluster);
      if (!sub) return;
      if (err) {
        this.deliver(cluster, { type: 'subscribe-failed', cluster, error: { code: 'unavailable', message: err.message } });
        return;
      }
      if (!ack.ok) {
        this.deliver(cluster, { type: 'subscribe-failed', cluster, error: ack.error });
        return;
      }
      const again = sub.wasSubscribed;
      sub.wasSubscribed = true;
      this.deliver(cluster, { type: 'subscribed', cluster, seq: ack.seq, status: ack.status, again });
    });
  }

  private deliver(cluster: string, m: LiveMessage): void {
    for (const h of [...(this.subs.get(cluster)?.handlers ?? [])]) {
      try {
        h(m);
      } catch (e) {
        // One view's bug must not starve the others of events.
        console.error('live handler failed', e);
      }
    }
  }

  private signal(sig: LiveSignal): void {
    const next = liveStatus(this.status, sig);
    if (next === this.status) return;
    this.status = next;
    for (const l of [...this.listeners]) l();
  }
}

/** Whether a message means "what you hold may be incomplete: re-read it through REST". */
export function needsReload(m: LiveMessage): boolean {
  switch (m.type) {
    case 'subscribed':
      return m.again;
    case 'resync':
      return true;
    case 'edges.changed':
    case 'policy.changed':
    case 'alert.raised':
    case 'alert.updated':
      return m.data.truncated;
    default:
      return false;
  }
}

/** The cluster a message is about. */
export function messageCluster(m: LiveMessage): string {
  return m.type === 'subscribed' || m.type === 'subscribe-failed' ? m.cluster : m.data.cluster;
}
