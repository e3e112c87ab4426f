import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { LIVE_PATH } from '@reachwatch/contracts';
import { listen, survivesLostConnections, WORKER_UPDATES_CHANNEL, type ClusterRepository, type Listener, type LiveReadRepository } from '@reachwatch/db';
import { createAdapter } from '@socket.io/postgres-adapter';
import type { Server as HttpServer } from 'node:http';
import { Pool } from 'pg';
import { Server } from 'socket.io';
import { AUTH_MSG } from '../auth/messages';
import { Authenticator } from '../auth/authenticator';
import { AUTH_CLOCK } from '../auth/tokens';
import type { ApiLogger } from '../common/logger';
import { API_LOGGER, CLUSTER_REPOSITORY } from '../tokens';
import { handshakeCredential, handshakeError, originAllowed } from './handshake';
import type { LiveConfig } from './live.config';
import { LiveHub, type LiveStats } from './live-hub';
import type { LiveIo, LiveSocket } from './live-socket';
import { LIVE_MSG } from './messages';

/** What createApi hands the live module. */
export interface LiveDeps {
  /** The database the worker NOTIFYs on (a LISTEN connection and the adapter's pool are opened on it). */
  databaseUrl: string;
  repo: LiveReadRepository;
  config: LiveConfig;
}
export const LIVE_DEPS = Symbol('LiveDeps');

/** What other modules use to push a change made through the API (e.g. an alert acknowledged) to every client. */
export interface LivePublisher {
  /**
   * Call after the change committed. Resolves when this instance's clients were told (never rejects:
   * failures are logged); the other instances are told through the adapter.
   */
  alertChanged(clusterId: number, alertId: number): Promise<void>;
}
export const LIVE_PUBLISHER = Symbol('LivePublisher');

/**
 * socket.io on the API's HTTP server (path /socket.io), started with the Nest application and stopped
 * before its HTTP server closes.
 *
 * Who emits what, with several API instances on one database:
 * - Worker results: every instance LISTENs to `reachwatch_updates` and sends to ITS OWN sockets only
 *   (Delivery emits with `local`). A socket lives on exactly one instance and each instance receives each
 *   NOTIFY once, so every client gets every event exactly once. This also lets each instance re-check
 *   grants per socket at delivery, which a broadcast through the adapter could not do on the receiving side.
 * - Changes made through the API (LivePublisher): the instance that made the change tells its own sockets
 *   and forwards `alert-changed` through the Postgres adapter (serverSideEmit reaches every OTHER instance
 *   once); each of those tells its own sockets. Again one delivery per client.
 * The adapter also makes fleet-wide socket.io operations work (fetchSockets, disconnectSockets on rooms).
 */
@Injectable()
export class LiveServer implements OnApplicationBootstrap, BeforeApplicationShutdown, LivePublisher {
  private io?: LiveIo;
  private hub?: LiveHub;
  private listener?: Listener;
  private adapterPool?: Pool;
  private readonly timers: NodeJS.Timeout[] = [];
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    @Inject(LIVE_DEPS) private readonly deps: LiveDeps,
    @Inject(HttpAdapterHost) private readonly http: HttpAdapterHost,
    @Inject(Authenticator) private readonly authenticator: Authenticator,
    @Inject(CLUSTER_REPOSITORY) private readonly clusters: ClusterRepository,
    @Inject(API_LOGGER) private readonly logger: ApiLogger,
    @Inject(AUTH_CLOCK) private readonly now: () => number,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { config, databaseUrl } = this.deps;
    this.stopped = false;
    // Its own small pool: the adapter keeps one connection checked out for LISTEN.
    const pool = new Pool({ connectionString: databaseUrl, max: 3 });
    survivesLostConnections(pool, (err) => this.logger.error('live-adapter-pool-error', { message: err.message }));
    this.adapterPool = pool;
    const io: LiveIo = new Server(this.http.httpAdapter.getHttpServer() as HttpServer, {
      path: LIVE_PATH,
      serveClient: false,
      // Clients only send small commands; socket.io's default (1 MB) would let each one park a megabyte here.
      maxHttpBufferSize: 16 * 1024,
      // No CORS headers: browsers may use the feed from the API's own origin only (plus the Origin check).
      allowRequest: (req, cb) => cb(null, originAllowed(req.headers, config.allowedOrigins)),
      adapter: createAdapter(pool, { errorHandler: (err: Error) => this.logger.error('live-adapter-error', { message: err.message }) }),
    });
    this.io = io;
    const hub = new LiveHub(io, this.deps.repo, this.clusters, config, this.logger, this.now);
    this.hub = hub;

    io.use((socket, next) => {
      this.authenticate(socket).then(next, (err: Error) => {
        this.logger.error('live-handshake-failed', { message: err.message });
        next(handshakeError('unavailable', LIVE_MSG.unavailable));
      });
    });
    io.on('connection', (socket) => this.onConnection(socket));
    io.of('/').adapter.on('delete-room', (room: string) => hub.roomDeleted(room));
    io.on('alert-changed', (m) => this.safely('live-alert-failed', hub.alertChanged(Number(m.clusterId), Number(m.alertId))));

    // The first attempt is awaited (a NOTIFY committed once the API is up is received); a database that
    // is away does not stop the API from starting: the listener keeps trying in the background.
    await this.startListening(hub, 500);
    this.timers.push(
      setInterval(() => this.safely('live-status-failed', hub.pollStatus()), config.statusIntervalMs),
      setInterval(() => this.safely('live-sweep-failed', hub.delivery.sweep()), config.sweepIntervalMs),
    );
    for (const t of this.timers) t.unref();
  }

  async alertChanged(clusterId: number, alertId: number): Promise<void> {
    if (!this.io || !this.hub) return;
    this.io.serverSideEmit('alert-changed', { clusterId, alertId });
    await this.hub.alertChanged(clusterId, alertId).catch((err: Error) => this.logger.error('live-alert-failed', { message: err.message }));
  }

  /** Sockets connected to this instance, clusters watched from it, clients currently missing events (too slow). */
  stats(): LiveStats {
    return this.hub?.stats() ?? { sockets: 0, feeds: 0, slowClients: 0 };
  }

  private async startListening(hub: LiveHub, retryMs: number): Promise<void> {
    try {
      const listener = await listen(this.deps.databaseUrl, WORKER_UPDATES_CHANNEL, (payload) => hub.notice(payload), {
        onReconnect: () => hub.resync(),
        onError: (err) => this.logger.error('live-listen-error', { message: err.message }),
      });
      if (this.stopped) return void (await listener.close());
      this.listener = listener;
    } catch (err) {
      this.logger.error('live-listen-error', { message: (err as Error).message });
      if (this.stopped) return;
      this.retry = setTimeout(() => {
        void this.startListening(hub, Math.min(retryMs * 2, 5000)).then(() => this.listener && hub.resync());
      }, retryMs);
      this.retry.unref();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    for (const t of this.timers.splice(0)) clearInterval(t);
    await this.listener?.close();
    this.hub?.close();
    const io = this.io;
    this.io = undefined;
    if (io) {
      // Not io.close(): that would also close the HTTP server, which Nest closes itself right after.
      io.local.disconnectSockets(true);
      await Promise.resolve(io.of('/').adapter.close());
      io.engine.close();
    }
    await this.adapterPool?.end().catch(() => undefined);
  }

  private async authenticate(socket: LiveSocket): Promise<Error | undefined> {
    const presented = handshakeCredential({ auth: socket.handshake.auth, headers: socket.handshake.headers });
    if (presented.kind === 'none') return this.refuse('missing', AUTH_MSG.missingCredentials);
    if (presented.kind === 'malformed') return this.refuse('malformed', AUTH_MSG.malformedCredentials);
    const result = await this.authenticator.authenticate(presented.token, presented.kind);
    if (!result.ok) {
      return result.reason === 'agent-token' ? this.refuse('agent-token', AUTH_MSG.agentTokenHere) : this.refuse('invalid', AUTH_MSG.invalidCredentials);
    }
    socket.data = { principal: result.principal, clusters: new Map(), overflowed: new Set() };
    return undefined;
  }

  private refuse(reason: string, message: string): Error {
    this.logger.info('live-handshake-refused', { reason });
    return handshakeError('unauthenticated', message);
  }

  private onConnection(socket: LiveSocket): void {
    const hub = this.hub;
    if (!hub) return void socket.disconnect(true);
    socket.conn.on('drain', () => hub.delivery.drained(socket));
    socket.on('subscribe', (raw, ack) => {
      hub.subscribe(socket, raw).then(
        (answer) => typeof ack === 'function' && ack(answer),
        (err: Error) => {
          this.logger.error('live-subscribe-failed', { message: err.message });
          if (typeof ack === 'function') ack({ ok: false, error: { code: 'unavailable', message: LIVE_MSG.unavailable } });
        },
      );
    });
    socket.on('unsubscribe', (raw, ack) => {
      const answer = hub.unsubscribe(socket, raw);
      if (typeof ack === 'function') ack(answer);
    });
  }

  private safely(event: string, p: Promise<unknown>): void {
    p.catch((err: Error) => this.logger.error(event, { message: err.message }));
  }
}
