import { describe, expect, it } from 'vitest';
import { HealthRegistry } from './health-registry';

describe('HealthRegistry', () => {
  it('is ok with no parts, and lists parts sorted by name', async () => {
    const health = new HealthRegistry();
    expect(await health.check(100)).toEqual({ ok: true, parts: {}, down: [] });
    health.report('worker', { status: 'up' });
    health.register('api', () => ({ status: 'up' }));
    expect(Object.keys((await health.check(100)).parts)).toEqual(['api', 'worker']);
  });

  it('counts a throwing probe as down with its message', async () => {
    const health = new HealthRegistry();
    health.register('sim', () => {
      throw new Error('port 6443 in use');
    });
    health.register('agent', async () => {
      throw new Error('watch lost');
    });
    expect(await health.check(100)).toEqual({
      ok: false,
      parts: { agent: { status: 'down', detail: 'watch lost' }, sim: { status: 'down', detail: 'port 6443 in use' } },
      down: ['agent', 'sim'],
    });
  });

  it('refuses duplicate or odd names, and reporting into a probed part', () => {
    const health = new HealthRegistry();
    health.register('db', () => ({ status: 'up' }));
    expect(() => health.register('db', () => ({ status: 'up' }))).toThrow(/already registered/);
    expect(() => health.expect('db')).toThrow(/already registered/);
    expect(() => health.register('Bad Name', () => ({ status: 'up' }))).toThrow(/invalid health part name/);
    expect(() => health.report('db', { status: 'down' })).toThrow(/is probed/);
  });

  it('unregistering removes only that registration', async () => {
    const health = new HealthRegistry();
    const first = health.register('x', () => ({ status: 'down' }));
    first();
    const second = health.register('x', () => ({ status: 'up' }));
    first(); // a stale handle must not remove the new registration
    expect((await health.check(100)).parts).toEqual({ x: { status: 'up' } });
    second();
    expect(health.names()).toEqual([]);
  });

  it('keeps a snapshot of reported state (later mutation of the caller object changes nothing)', async () => {
    const health = new HealthRegistry();
    const state = { status: 'up' as 'up' | 'down' };
    health.report('w', state);
    state.status = 'down';
    expect((await health.check(100)).ok).toBe(true);
  });
});
