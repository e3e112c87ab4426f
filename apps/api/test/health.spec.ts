import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type RunningApi } from '../src/api';
import { HealthRegistry } from '../src/health/health-registry';
import { MemoryLogger, startTestApi, type TestApi } from './helpers';

describe('GET /healthz and /readyz with a live database', () => {
  let t: TestApi;
  const health = new HealthRegistry();

  beforeAll(async () => {
    t = await startTestApi({ health, config: { probeTimeoutMs: 200 } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is 200 when the database answers and nothing else is registered', async () => {
    const res = await request(t.api.url).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', parts: { database: { status: 'up' } } });
  });

  it('is 503 naming the parts that are down, in the usual error shape too', async () => {
    health.expect('worker'); // registered, never reported
    health.report('simulator', { status: 'up', detail: '2 clusters' });
    const removeAgent = health.register('agent-east', () => ({ status: 'down', detail: 'watch failed: connection refused' }));
    const removeHung = health.register('agent-west', () => new Promise(() => undefined));

    const res = await request(t.api.url).get('/healthz');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      status: 'down',
      parts: {
        'agent-east': { status: 'down', detail: 'watch failed: connection refused' },
        'agent-west': { status: 'down', detail: 'No answer within 200 ms.' },
        database: { status: 'up' },
        simulator: { status: 'up', detail: '2 clusters' },
        worker: { status: 'down', detail: 'Registered but has not reported yet.' },
      },
      error: {
        code: 'unavailable',
        message: 'Not every part is up: agent-east, agent-west, worker are down.',
        details: { down: ['agent-east', 'agent-west', 'worker'] },
      },
    });

    // /readyz asks only the database: this instance can serve requests.
    const ready = await request(t.api.url).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', parts: { database: { status: 'up' } } });

    removeAgent();
    removeHung();
    health.report('worker', { status: 'up' });
  });

  it('is 200 again once every part reports up', async () => {
    const res = await request(t.api.url).get('/healthz');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.parts)).toEqual(['database', 'simulator', 'worker']);
  });
});

describe('GET /healthz when the database does not answer', () => {
  let api: RunningApi;
  const logger = new MemoryLogger();

  beforeAll(async () => {
    // Nothing listens on port 1: the pool connects lazily, so the API starts and reports the database down.
    api = await createApi({ databaseUrl: 'postgres://nobody@127.0.0.1:1/none', port: 0, logger, config: { probeTimeoutMs: 2000 } });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('healthz and readyz are 503 with the database down', async () => {
    for (const path of ['/healthz', '/readyz']) {
      const res = await request(api.url).get(path);
      expect(res.status).toBe(503);
      expect(res.body.status).toBe('down');
      // The answer is public: it says what is down, not where the database lives.
      expect(res.body.parts.database).toEqual({ status: 'down', detail: 'The database does not answer.' });
      expect(res.body.error.details).toEqual({ down: ['database'] });
    }
    expect(logger.lines.some((line) => line.includes('database-probe-failed') && line.includes('ECONNREFUSED'))).toBe(true);
  });

  it('answers ingest with 503 and Retry-After, not a 500, while the database is away', async () => {
    const res = await request(api.url).post('/api/v1/ingest/east').set('Authorization', `Bearer rwa_${'A'.repeat(43)}`).send({ agentId: 'a', events: [] });
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toEqual({ error: { code: 'unavailable', message: 'The database does not answer.' } });
  });
});
