import type { LiveMessage } from './client';
import { describe, expect, it } from 'vitest';
import { messageCluster, needsReload } from './client';
import { INITIAL_STATUS, liveStatus, type LiveSignal, type LiveStatus } from './status';

const run = (...signals: LiveSignal[]): LiveStatus => signals.reduce(liveStatus, INITIAL_STATUS);

describe('live connection status', () => {
  it('connecting → connected → reconnecting with attempts → connected', () => {
    expect(run({ type: 'start' })).toEqual({ state: 'connecting', attempt: 0, reason: 'none' });
    expect(run({ type: 'start' }, { type: 'connect' })).toEqual({ state: 'connected', attempt: 0, reason: 'none' });
    const lost = run({ type: 'start' }, { type: 'connect' }, { type: 'disconnect', reason: 'transport close' }, { type: 'reconnect-attempt', attempt: 3 });
    expect(lost).toEqual({ state: 'reconnecting', attempt: 3, reason: 'server-unreachable' });
    expect(liveStatus(lost, { type: 'connect' })).toEqual({ state: 'connected', attempt: 0, reason: 'none' });
  });

  it('a refused handshake or a server kick is offline (session ended), and retries do not hide it', () => {
    const refused = run({ type: 'start' }, { type: 'connect-error', code: 'unauthenticated' });
    expect(refused).toEqual({ state: 'offline', attempt: 0, reason: 'session-ended' });
    expect(liveStatus(refused, { type: 'reconnect-attempt', attempt: 2 })).toBe(refused);
    expect(run({ type: 'start' }, { type: 'connect' }, { type: 'disconnect', reason: 'io server disconnect' })).toEqual({ state: 'offline', attempt: 0, reason: 'session-ended' });
  });

  it('the browser going offline and back', () => {
    const off = run({ type: 'start' }, { type: 'connect' }, { type: 'browser-offline' });
    expect(off.state).toBe('offline');
    expect(off.reason).toBe('browser-offline');
    expect(liveStatus(off, { type: 'browser-online' })).toEqual({ state: 'reconnecting', attempt: 0, reason: 'server-unreachable' });
    // Offline before anything started stays idle.
    expect(run({ type: 'browser-offline' })).toBe(INITIAL_STATUS);
    expect(run({ type: 'start' }, { type: 'stop' })).toBe(INITIAL_STATUS);
  });
});

describe('live messages', () => {
  const status = { cluster: 'c', lastSeenAt: null, syncState: 'synced' as const, headSeq: 5, workerSeq: 5, lagEvents: 0 };
  it('says when a view must re-read through REST', () => {
    const cases: [LiveMessage, boolean][] = [
      [{ type: 'subscribed', cluster: 'c', seq: 5, status, again: false }, false],
      [{ type: 'subscribed', cluster: 'c', seq: 5, status, again: true }, true],
      [{ type: 'resync', data: { cluster: 'c', reason: 'slow-client' } }, true],
      [{ type: 'edges.changed', data: { cluster: 'c', fromSeq: 1, toSeq: 2, changes: [], addedCount: 0, removedCount: 0, truncated: true } }, true],
      [{ type: 'edges.changed', data: { cluster: 'c', fromSeq: 1, toSeq: 2, changes: [], addedCount: 0, removedCount: 0, truncated: false } }, false],
      [{ type: 'posture.updated', data: { cluster: 'c', fromSeq: 1, toSeq: 2, namespaces: [], removed: [] } }, false],
      [{ type: 'alert.raised', data: { cluster: 'c', fromSeq: 1, toSeq: 2, alerts: [], truncated: true } }, true],
      [{ type: 'agent.status', data: status }, false],
    ];
    for (const [m, want] of cases) expect(needsReload(m), m.type).toBe(want);
  });

  it('names the cluster of any message', () => {
    expect(messageCluster({ type: 'subscribe-failed', cluster: 'x', error: { code: 'not_found', message: 'no' } })).toBe('x');
    expect(messageCluster({ type: 'agent.status', data: { ...status, cluster: 'y' } })).toBe('y');
  });
});
