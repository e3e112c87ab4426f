/**
 * Live feed benchmark: N concurrent socket.io clients (default 500) on one API process, all subscribed to
 * one cluster; K worker steps (default 30) are fed through the real path (ingest → worker → NOTIFY → API
 * → socket.io) one after another, and each client's receipt of each step is timed.
 *
 *   delivery latency = client receipt − the moment the worker's NOTIFY reached a listener in this process
 *                      (includes the API's coalescing window, its reads, the grant check, the fan-out)
 *   end to end       = client receipt − the start of the ingest call
 *
 * The API runs in its own process (node apps/api/bin/api.js), as in production, so that the clients'
 * work here does not slow its event loop; Postgres and the worker run here. Usage:
 *   node_modules/.bin/tsx apps/api/bench/sockets.ts [--clients 500] [--events 30]
 * Prints `BENCH {"suite":"api",...}` lines and a summary table.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { EdgesChanged, LiveClientEvents, LiveServerEvents } from '@reachwatch/contracts';
import { ClusterRepository, connectDb, IngestRepository, listen, migrate, startDatabase, WORKER_UPDATES_CHANNEL } from '@reachwatch/db';
import { startWorker } from '@reachwatch/worker';
import { io, type Socket } from 'socket.io-client';

const root = path.resolve(__dirname, '../../..');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive integer`);
  return v;
}

const bench = (metric: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
  console.log(`BENCH ${JSON.stringify({ suite: 'api', metric, value: Math.round(value * 100) / 100, unit, ...extra })}`);

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function startApiProcess(databaseUrl: string, password: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(root, 'apps/api/bin/api.js')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', REACHWATCH_ADMIN_EMAIL: 'bench@reachwatch.local', REACHWATCH_ADMIN_PASSWORD: password },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the API exited (${code}) before listening`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const l = JSON.parse(line) as { event?: string; url?: string };
        if (l.event === 'listening' && l.url) resolve(l.url);
      } catch {
        // not a log line
      }
    });
  });
  return { url, child };
}

async function main(): Promise<void> {
  const clients = arg('clients', 500);
  const events = arg('events', 30);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rw-bench-sockets-'));
  const pg = await startDatabase({ dataDir, port: 0, ephemeral: true, env: {} });
  let api: ChildProcess | undefined;
  const sockets: Socket<LiveServerEvents, LiveClientEvents>[] = [];
  try {
    await migrate(pg.url);
    const db = connectDb(pg.url, { max: 4 });
    const { cluster } = await new ClusterRepository(db.prisma).register('bench');
    const ingest = new IngestRepository(db.pool);
    let rv = 1;
    const obj = (kind: string, name: string, namespace?: string, labels: Record<string, string> = {}) => ({
      apiVersion: kind === 'Pod' || kind === 'Namespace' ? 'v1' : 'networking.k8s.io/v1',
      kind,
      metadata: { name, ...(namespace ? { namespace } : {}), uid: `${kind}-${namespace ?? ''}-${name}`, resourceVersion: String(++rv), labels },
      ...(kind === 'Pod' ? { spec: { containers: [{ name: 'app', ports: [{ containerPort: 8080 }] }] } } : {}),
    });
    const apply = (...objects: ReturnType<typeof obj>[]) => ingest.applyBatch(cluster.id, { agentId: 'bench', events: objects.map((object) => ({ type: 'ADDED' as const, object })) });

    const worker = await startWorker({ databaseUrl: pg.url, workerId: 'bench-worker', pollMs: 500, log: () => undefined });
    const notified = new Map<number, number>();
    const listener = await listen(pg.url, WORKER_UPDATES_CHANNEL, (p) => notified.set((JSON.parse(p) as { seq: number }).seq, performance.now()));
    await apply(obj('Namespace', 'shop'), obj('Pod', 'web', 'shop', { app: 'web' }));
    while (!notified.size) await new Promise((r) => setTimeout(r, 20));

    const password = 'bench password that is long enough';
    const started = await startApiProcess(pg.url, password);
    api = started.child;
    const res = await fetch(`${started.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@reachwatch.local', password }) });
    if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
    const { token } = (await res.json()) as { token: string };

    // Connect and subscribe every client (a few at a time, as browsers arriving).
    const received: Map<number, number>[] = [];
    const t0 = performance.now();
    for (let i = 0; i < clients; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, clients - i) }, async (_, j) => {
          const s: Socket<LiveServerEvents, LiveClientEvents> = io(started.url, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
          const got = new Map<number, number>();
          s.on('edges.changed', (e: EdgesChanged) => {
            if (!got.has(e.toSeq)) got.set(e.toSeq, performance.now());
          });
          await new Promise<void>((resolve, reject) => {
            s.once('connect', resolve);
            s.once('connect_error', reject);
          });
          const ack = await s.timeout(30_000).emitWithAck('subscribe', { cluster: 'bench' });
          if (!ack.ok) throw new Error(`subscribe failed: ${ack.error.message}`);
          sockets[i + j] = s;
          received[i + j] = got;
        }),
      );
    }
    const connectMs = performance.now() - t0;

    // One step at a time: a new pod changes edges; wait until every client has it.
    const delivery: number[] = [];
    const endToEnd: number[] = [];
    let missed = 0;
    for (let k = 0; k < events; k++) {
      const sent = performance.now();
      const { lastSeq } = await apply(obj('Pod', `api-${k}`, 'shop', { app: `api-${k}` }));
      const deadline = Date.now() + 30_000;
      while (received.some((g) => ![...g.keys()].some((s) => s >= lastSeq)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      for (const g of received) {
        const at = [...g.entries()].find(([s]) => s >= lastSeq)?.[1];
        const noticeAt = notified.get(lastSeq);
        if (at === undefined || noticeAt === undefined) {
          missed++;
          continue;
        }
        delivery.push(at - noticeAt);
        endToEnd.push(at - sent);
      }
    }
    const live = sockets.filter((s) => s.connected).length;
    delivery.sort((a, b) => a - b);
    endToEnd.sort((a, b) => a - b);
    const extra = { clients, events };
    bench('socket_clients_live', live, 'clients', extra);
    bench('socket_connect_subscribe_total', connectMs, 'ms', extra);
    bench('socket_delivery_p50', percentile(delivery, 50), 'ms', extra);
    bench('socket_delivery_p99', percentile(delivery, 99), 'ms', extra);
    bench('socket_end_to_end_p50', percentile(endToEnd, 50), 'ms', extra);
    bench('socket_end_to_end_p99', percentile(endToEnd, 99), 'ms', extra);
    bench('socket_deliveries_missed', missed, 'deliveries', extra);
    console.table({
      'clients kept live': `${live} / ${clients}`,
      'connect + subscribe (all)': `${connectMs.toFixed(0)} ms`,
      'delivery p50 / p99': `${percentile(delivery, 50).toFixed(1)} / ${percentile(delivery, 99).toFixed(1)} ms`,
      'end to end p50 / p99': `${percentile(endToEnd, 50).toFixed(1)} / ${percentile(endToEnd, 99).toFixed(1)} ms`,
      'deliveries missed': `${missed} of ${clients * events}`,
    });
    for (const s of sockets) s.disconnect();
    await listener.close();
    await worker.stop();
    await db.close();
    if (live !== clients || missed) process.exitCode = 1;
  } finally {
    for (const s of sockets) s?.disconnect();
    if (api && api.exitCode === null) {
      api.kill('SIGTERM');
      await new Promise((r) => api!.once('exit', r));
    }
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
