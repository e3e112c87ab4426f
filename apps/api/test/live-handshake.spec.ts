import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, login, seedUser, startAccountsApi, type AccountsApi } from './accounts';
import { connectLive, refusal, type RecordingClient } from './live-client';

/**
 * The socket.io handshake and `subscribe`, against a real API and Postgres: the same credentials as REST
 * (session cookie, session or personal token as bearer), agent tokens refused, and clusters outside the
 * grants answered exactly like clusters that do not exist.
 */
let t: AccountsApi;
let agentToken: string;
const sessions: Record<string, { token: string; cookie: string }> = {};
const open: RecordingClient[] = [];

beforeAll(async () => {
  t = await startAccountsApi({ live: { maxSubscriptionsPerSocket: 2, allowedOrigins: ['http://ui.example:5173'] } });
  agentToken = (await t.clusters.register('east')).token;
  await t.clusters.register('west');
  await t.clusters.register('north');
  await seedUser(t, 'east@example.com', 'analyst', ['east']);
  await seedUser(t, 'admin@example.com', 'admin');
  sessions.east = await login(t, 'east@example.com');
  sessions.admin = await login(t, 'admin@example.com');
});
afterAll(async () => {
  for (const c of open) c.close();
  await t?.close();
});

async function connect(o: Parameters<typeof connectLive>[1]): Promise<RecordingClient> {
  const c = await connectLive(t.api.url, o);
  open.push(c);
  return c;
}

describe('handshake', () => {
  it('accepts a session as auth.token, as an Authorization header, and as the session cookie (over polling too)', async () => {
    expect((await connect({ token: sessions.east.token })).socket.connected).toBe(true);
    expect((await connect({ authorization: `Bearer ${sessions.east.token}` })).socket.connected).toBe(true);
    expect((await connect({ cookie: sessions.east.cookie, transports: ['polling'] })).socket.connected).toBe(true);
  });

  it('accepts a personal API token as auth.token', async () => {
    const created = await request(t.api.url).post('/api/v1/tokens').set(bearer(sessions.east.token)).send({ name: 'live' });
    expect(created.status).toBe(201);
    const c = await connect({ token: created.body.token });
    expect((await c.subscribe({ cluster: 'east' })).ok).toBe(true);
  });

  it('refuses no credentials, a wrong or malformed token, an agent token, and a personal token in the cookie', async () => {
    expect(await refusal(t.api.url, {})).toEqual({
      message: 'unauthenticated',
      data: { code: 'unauthenticated', message: 'Authentication required: log in (session cookie) or send "Authorization: Bearer <token>".' },
    });
    const invalid = { message: 'unauthenticated', data: { code: 'unauthenticated', message: 'The session or token is not valid (unknown, expired or revoked).' } };
    expect(await refusal(t.api.url, { token: `rws_${'A'.repeat(43)}` })).toEqual(invalid);
    expect(await refusal(t.api.url, { token: 'not-a-token' })).toEqual(invalid);
    expect((await refusal(t.api.url, { token: 42 })).data?.message).toBe('Malformed credentials: expected "Authorization: Bearer <token>" with a single token.');
    expect((await refusal(t.api.url, { token: 'two words' })).data?.code).toBe('unauthenticated');
    expect(await refusal(t.api.url, { token: agentToken })).toEqual({
      message: 'unauthenticated',
      data: { code: 'unauthenticated', message: 'Agent tokens can only ingest; use a session or a personal API token here.' },
    });
    const created = await request(t.api.url).post('/api/v1/tokens').set(bearer(sessions.east.token)).send({ name: 'cookie' });
    expect((await refusal(t.api.url, { cookie: `rw_session=${created.body.token}` })).data).toEqual(invalid.data);
  });

  it('refuses a logged-out session', async () => {
    const s = await login(t, 'east@example.com');
    expect((await request(t.api.url).post('/api/v1/auth/logout').set(bearer(s.token))).status).toBe(204);
    expect((await refusal(t.api.url, { token: s.token })).data?.code).toBe('unauthenticated');
  });

  it('same origin only for browsers: a foreign Origin is refused, the own origin and listed origins pass', async () => {
    const foreign = await refusal(t.api.url, { cookie: sessions.east.cookie, origin: 'https://evil.example' });
    expect(foreign.message).toMatch(/websocket error/i);
    await expect(connect({ cookie: sessions.east.cookie, origin: t.api.url })).resolves.toBeDefined();
    await expect(connect({ cookie: sessions.east.cookie, origin: 'http://ui.example:5173' })).resolves.toBeDefined();
  });

  it('nothing secret reaches the log', async () => {
    const logged = t.logger.lines.join('\n');
    for (const secret of [sessions.east.token, sessions.admin.token, agentToken]) expect(logged.includes(secret)).toBe(false);
    expect(logged).toContain('"event":"live-handshake-refused","reason":"agent-token"');
  });
});

describe('subscribe', () => {
  it('a granted cluster: ok with the journal position and the agent status', async () => {
    const c = await connect({ token: sessions.east.token });
    expect(await c.subscribe({ cluster: 'east' })).toEqual({
      ok: true,
      cluster: 'east',
      seq: 0,
      status: { cluster: 'east', lastSeenAt: null, syncState: 'pending', headSeq: 0, workerSeq: 0, lagEvents: 0 },
    });
  });

  it('a cluster outside the grants is "not found", exactly like one that does not exist', async () => {
    const c = await connect({ token: sessions.east.token });
    expect(await c.subscribe({ cluster: 'west' })).toEqual({ ok: false, error: { code: 'not_found', message: 'No cluster named "west".' } });
    expect(await c.subscribe({ cluster: 'mars' })).toEqual({ ok: false, error: { code: 'not_found', message: 'No cluster named "mars".' } });
    const admin = await connect({ token: sessions.admin.token });
    expect((await admin.subscribe({ cluster: 'west' })).ok).toBe(true);
  });

  it('bad requests and too many subscriptions get clear errors', async () => {
    const c = await connect({ token: sessions.admin.token });
    const bad = { ok: false, error: { code: 'validation_failed', message: 'Expected {"cluster": "<name>"}.' } };
    expect(await c.subscribe('east')).toEqual(bad);
    expect(await c.subscribe({ cluster: '' })).toEqual(bad);
    expect(await c.subscribe({ cluster: 'east', extra: 1 })).toEqual(bad);
    expect((await c.subscribe({ cluster: 'east' })).ok).toBe(true);
    expect((await c.subscribe({ cluster: 'west' })).ok).toBe(true);
    expect((await c.subscribe({ cluster: 'east' })).ok).toBe(true); // already subscribed: not counted twice
    expect(await c.subscribe({ cluster: 'north' })).toEqual({
      ok: false,
      error: { code: 'too_many_subscriptions', message: 'At most 2 cluster subscriptions per connection.' },
    });
    expect(await c.socket.timeout(5000).emitWithAck('unsubscribe', { cluster: 'west' })).toEqual({ ok: true, cluster: 'west' });
    expect((await c.subscribe({ cluster: 'north' })).ok).toBe(true);
  });
});
