import type { AlertsEvent, ResyncEvent } from '@reachwatch/contracts';
import type { Socket as NetSocket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveServer } from '../src/live/live-server';
import { login, seedUser, startAccountsApi, type AccountsApi } from './accounts';
import { connectLive, type RecordingClient } from './live-client';

/**
 * Bounded memory per slow client: a client that stops reading has its events dropped once
 * maxBufferedPackets wait for it; when it catches up it gets `resync` and then events again. Other
 * clients are not affected.
 */
const MAX_BUFFERED = 4;
let t: AccountsApi;
let server: LiveServer;
let clusterId: number;
let alertId: number;
const open: RecordingClient[] = [];

beforeAll(async () => {
  t = await startAccountsApi({ live: { maxBufferedPackets: MAX_BUFFERED, statusIntervalMs: 60_000, sweepIntervalMs: 60_000 } });
  clusterId = (await t.clusters.register('prod')).cluster.id;
  await seedUser(t, 'analyst@example.com', 'analyst', ['prod']);
  server = t.api.app.get(LiveServer, { strict: false });
  // An alert with large details (256 KiB), so that a few hundred events fill the kernel's socket buffers.
  const { rows } = await t.db.pool.query<{ id: string }>(
    `INSERT INTO alert (cluster_id, rule, severity, subject_key, subject, message, details, first_seq, last_seq)
     VALUES ($1, 'exposed-to-internet', 'high', 'db/pg[Pod]', '{}', 'big', jsonb_build_object('blob', repeat('x', 262144)), 1, 1) RETURNING id`,
    [clusterId],
  );
  alertId = Number(rows[0].id);
});
afterAll(async () => {
  for (const c of open) c.close();
  await t?.close();
});

/** The TCP socket under a socket.io-client websocket (ws keeps it as `_socket`). */
function tcpOf(c: RecordingClient): NetSocket {
  const transport = c.socket.io.engine.transport as unknown as { ws: { _socket: NetSocket } };
  return transport.ws._socket;
}

describe('a client that stops reading', () => {
  it('has its events dropped past the bound, gets resync when it catches up, and others get everything', async () => {
    const token = (await login(t, 'analyst@example.com')).token;
    const slow = await connectLive(t.api.url, { token });
    const fast = await connectLive(t.api.url, { token });
    open.push(slow, fast);
    for (const c of [slow, fast]) expect((await c.subscribe({ cluster: 'prod' })).ok).toBe(true);

    tcpOf(slow).pause();
    let sent = 0;
    while (server.stats().slowClients === 0) {
      if (sent >= 2000) throw new Error('the server never held back events of the paused client');
      await server.alertChanged(clusterId, alertId);
      sent++;
    }
    // A few more while it is marked slow: dropped for it, delivered to the other client.
    for (let i = 0; i < 5; i++, sent++) await server.alertChanged(clusterId, alertId);
    expect(server.stats().slowClients).toBe(1);
    tcpOf(slow).resume();

    expect(await slow.waitFor<ResyncEvent>('resync', undefined, 60_000)).toEqual({ cluster: 'prod', reason: 'slow-client' });
    const got = slow.all<AlertsEvent>('alert.updated').length;
    expect(got).toBeLessThan(sent);
    expect(server.stats().slowClients).toBe(0);
    // After the resync, events flow again.
    await server.alertChanged(clusterId, alertId);
    await slow.waitFor('alert.updated', () => slow.all('alert.updated').length > got);
    await fast.waitFor('alert.updated', () => fast.all('alert.updated').length === sent + 1, 60_000);
    expect(fast.all('resync')).toEqual([]);
  });
});
