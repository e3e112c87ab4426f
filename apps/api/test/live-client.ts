import type { LiveClientEvents, LiveError, LiveServerEvents, SubscribeAck } from '@reachwatch/contracts';
import { io, type Socket } from 'socket.io-client';

export type LiveClient = Socket<LiveServerEvents, LiveClientEvents>;

export interface Received {
  event: string;
  payload: unknown;
}

export interface ConnectOptions {
  token?: unknown;
  cookie?: string;
  authorization?: string;
  origin?: string;
  /** Default websocket only (fast); the browser default is ['polling', 'websocket']. */
  transports?: ('polling' | 'websocket')[];
}

/** A socket.io-client that records every event it receives, in order. */
export class RecordingClient {
  readonly received: Received[] = [];
  private waiters: (() => void)[] = [];

  constructor(readonly socket: LiveClient) {
    socket.onAny((event: string, payload: unknown) => {
      this.received.push({ event, payload });
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('disconnect', () => {
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Events named `event`, in arrival order. */
  all<T = unknown>(event: string): T[] {
    return this.received.filter((r) => r.event === event).map((r) => r.payload as T);
  }

  /** Resolves with the first event named `event` whose payload matches `test` (already received or future). */
  async waitFor<T = unknown>(event: string, test: (payload: T) => boolean = () => true, timeoutMs = 20_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.all<T>(event).find(test);
      if (hit !== undefined) return hit;
      const left = end - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${event}; received: ${this.received.map((r) => r.event).join(', ') || 'nothing'}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Resolves when the server disconnected this client. */
  async waitForDisconnect(timeoutMs = 20_000): Promise<string> {
    if (!this.socket.connected) return 'already disconnected';
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('timed out waiting for disconnect')), timeoutMs);
      this.socket.once('disconnect', (reason) => {
        clearTimeout(t);
        resolve(reason);
      });
    });
  }

  subscribe(cluster: unknown): Promise<SubscribeAck> {
    return this.socket.timeout(20_000).emitWithAck('subscribe', cluster as { cluster: string });
  }

  close(): void {
    this.socket.disconnect();
  }
}

function socketFor(url: string, o: ConnectOptions): LiveClient {
  const extraHeaders: Record<string, string> = {};
  if (o.cookie) extraHeaders.cookie = o.cookie;
  if (o.authorization) extraHeaders.authorization = o.authorization;
  if (o.origin) extraHeaders.origin = o.origin;
  return io(url, {
    path: '/socket.io',
    transports: o.transports ?? ['websocket'],
    auth: o.token === undefined ? {} : { token: o.token },
    extraHeaders,
    reconnection: false,
    forceNew: true,
  }) as LiveClient;
}

/** Connects and resolves once the handshake is accepted; rejects with the server's `connect_error`. */
export function connectLive(url: string, o: ConnectOptions = {}): Promise<RecordingClient> {
  const socket = socketFor(url, o);
  const client = new RecordingClient(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', (err) => {
      socket.disconnect();
      reject(err);
    });
  });
}

/** The refusal of a handshake: `connect_error` with message = code and data = {code, message}. */
export async function refusal(url: string, o: ConnectOptions = {}): Promise<{ message: string; data?: LiveError }> {
  try {
    const c = await connectLive(url, o);
    c.close();
  } catch (err) {
    return { message: (err as Error).message, data: (err as Error & { data?: LiveError }).data };
  }
  throw new Error('the handshake was accepted');
}
