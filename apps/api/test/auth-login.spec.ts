import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUTH_CONFIG } from '../src/auth/auth.config';
import { PasswordHasher } from '../src/auth/passwords';
import { auditRows, bearer, expectNoSecretsStored, login, PASSWORD, seedUser, startAccountsApi, TEST_HASHING, type AccountsApi } from './accounts';

let t: AccountsApi;
const secrets: string[] = [PASSWORD];

beforeAll(async () => {
  t = await startAccountsApi({ auth: { loginFailureLimit: { burst: 3, perSecond: 1 / 60 }, loginAddressLimit: { burst: 12, perSecond: 0.5 } } });
  await seedUser(t, 'ana@example.com', 'analyst');
  await seedUser(t, 'off@example.com', 'auditor');
  await t.users.update((await t.users.findForLogin('off@example.com'))!.user.id, { disabled: true }, { userId: null, email: null, ip: null });
});
afterAll(async () => {
  await t?.close();
});

const post = (ip: string, body: unknown) => request(t.api.url).post('/api/v1/auth/login').set('X-Forwarded-For', ip).send(body as object);

describe('POST /api/v1/auth/login', () => {
  it('answers a session token and sets an httpOnly, SameSite=Lax cookie (not Secure over http)', async () => {
    const res = await post('10.1.0.1', { email: ' Ana@Example.com ', password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      token: expect.stringMatching(/^rws_[A-Za-z0-9_-]{43}$/),
      tokenType: 'Bearer',
      expiresAt: expect.any(String),
      user: expect.objectContaining({ email: 'ana@example.com', role: 'analyst', clusters: [], disabled: false }),
    });
    expect(JSON.stringify(res.body)).not.toContain('password');
    secrets.push(res.body.token);
    const [cookie] = res.headers['set-cookie'] as unknown as string[];
    expect(cookie.startsWith(`rw_session=${res.body.token};`)).toBe(true);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    expect(new Date(cookie.match(/Expires=([^;]+)/)![1]).getTime()).toBe(Math.floor(new Date(res.body.expiresAt).getTime() / 1000) * 1000);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('over https (behind a trusted proxy) the cookie is Secure and __Host- prefixed', async () => {
    const res = await post('10.1.0.2', { email: 'ana@example.com', password: PASSWORD }).set('X-Forwarded-Proto', 'https');
    expect(res.status).toBe(200);
    const [cookie] = res.headers['set-cookie'] as unknown as string[];
    expect(cookie).toMatch(/^__Host-rw_session=rws_/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).not.toMatch(/Domain=/);
    // The secure cookie authenticates too.
    const me = await request(t.api.url).get('/api/v1/auth/me').set('Cookie', cookie.split(';')[0]);
    expect(me.status).toBe(200);
  });

  it('answers a wrong password, an unknown email and a disabled user identically (401)', async () => {
    const wrong = await post('10.1.0.3', { email: 'ana@example.com', password: 'not the password' });
    const unknown = await post('10.1.0.3', { email: 'nobody@example.com', password: PASSWORD });
    const disabled = await post('10.1.0.3', { email: 'off@example.com', password: PASSWORD });
    for (const res of [wrong, unknown, disabled]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: { code: 'unauthenticated', message: 'Email or password is wrong.' } });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const failed = (await auditRows(t)).filter((r) => r.action === 'auth.login_failed');
    expect(failed.map((r) => [r.target_email, r.details.reason, r.ip])).toEqual([
      ['ana@example.com', 'wrong-password', '10.1.0.3'],
      [null, 'unknown-email', '10.1.0.3'],
      ['off@example.com', 'disabled', '10.1.0.3'],
    ]);
    secrets.push('not the password');
  });

  it('refuses a malformed body with 400 and the issues', async () => {
    for (const body of [{}, { email: 'a@b.c' }, { email: 'a@b.c', password: '' }, { email: 'a@b.c', password: 'x', extra: 1 }, { email: 1, password: 'x' }]) {
      const res = await post('10.1.0.4', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.issues.length).toBeGreaterThan(0);
    }
    const form = await request(t.api.url).post('/api/v1/auth/login').type('form').send({ email: 'ana@example.com', password: PASSWORD });
    expect(form.status).toBe(415);
  });

  it('limits failures per (address, email) with 429 + Retry-After, even for the right password, and recovers', async () => {
    for (let i = 0; i < 3; i++) expect((await post('10.2.0.1', { email: 'ana@example.com', password: `guess ${i}` })).status).toBe(401);
    const limited = await post('10.2.0.1', { email: 'ana@example.com', password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
    expect(limited.body).toEqual({ error: { code: 'rate_limited', message: 'Too many login attempts; retry in 60 s.', details: { retryAfterSeconds: 60 } } });
    // Another email from that address, and that email from another address, are not affected.
    expect((await post('10.2.0.1', { email: 'nobody@example.com', password: 'x' })).status).toBe(401);
    expect((await post('10.2.0.2', { email: 'ANA@example.com', password: PASSWORD })).status).toBe(200);
    t.advance(60_000);
    expect((await post('10.2.0.1', { email: 'ana@example.com', password: PASSWORD })).status).toBe(200);
  });

  it('limits all attempts per address (bounding the hashing work one client can cause)', async () => {
    for (let i = 0; i < 12; i++) await post('10.3.0.1', { email: `u${i}@example.com`, password: 'x' });
    const limited = await post('10.3.0.1', { email: 'ana@example.com', password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('2');
  });

  it('upgrades a hash made with other argon2 parameters on the next successful login', async () => {
    const old = new PasswordHasher({ ...TEST_HASHING, memoryCost: 2048 });
    const user = await t.users.create({ email: 'old@example.com', passwordHash: await old.hash(PASSWORD), role: 'auditor' }, { userId: null, email: null, ip: null });
    await login(t, 'old@example.com', PASSWORD, '10.4.0.1');
    const stored = (await t.users.findForLogin('old@example.com'))!.passwordHash;
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=1024,p=1,t=1\$/);
    expect(user.id).toBeGreaterThan(0);
  });
});

describe('sessions', () => {
  it('GET /auth/me works with the bearer token and with the cookie', async () => {
    const s = await login(t, 'ana@example.com', PASSWORD, '10.5.0.1');
    secrets.push(s.token);
    for (const res of [await request(t.api.url).get('/api/v1/auth/me').set(bearer(s.token)), await request(t.api.url).get('/api/v1/auth/me').set('Cookie', s.cookie)]) {
      expect(res.status).toBe(200);
      expect(res.body.user.email).toBe('ana@example.com');
      expect(res.body.credential).toEqual({ kind: 'session', id: expect.any(Number), expiresAt: expect.any(String) });
    }
  });

  it('logout revokes the session for cookie and bearer alike, and clears the cookie', async () => {
    const s = await login(t, 'ana@example.com', PASSWORD, '10.5.0.2');
    const out = await request(t.api.url).post('/api/v1/auth/logout').set(bearer(s.token)).set('X-Forwarded-For', '10.5.0.2');
    expect(out.status).toBe(204);
    expect((out.headers['set-cookie'] as unknown as string[])[0]).toMatch(/^rw_session=; .*Expires=Thu, 01 Jan 1970/);
    for (const res of [await request(t.api.url).get('/api/v1/auth/me').set(bearer(s.token)), await request(t.api.url).get('/api/v1/auth/me').set('Cookie', s.cookie)]) {
      expect(res.status).toBe(401);
      expect(res.body.error.message).toBe('The session or token is not valid (unknown, expired or revoked).');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="reachwatch", error="invalid_token"');
    }
    const { rows } = await t.db.pool.query('SELECT revoked_at FROM user_session WHERE id = (SELECT max(id) FROM user_session)');
    expect(rows[0].revoked_at).not.toBeNull();
    expect((await auditRows(t)).at(-1)).toMatchObject({ action: 'auth.logout', actor_email: 'ana@example.com', target_type: 'session', ip: '10.5.0.2' });
  });

  it('a session expires after sessionTtlMs', async () => {
    const s = await login(t, 'ana@example.com', PASSWORD, '10.5.0.3');
    expect((await request(t.api.url).get('/api/v1/auth/me').set(bearer(s.token))).status).toBe(200);
    t.advance(DEFAULT_AUTH_CONFIG.sessionTtlMs);
    expect((await request(t.api.url).get('/api/v1/auth/me').set(bearer(s.token))).status).toBe(401);
    expect((await request(t.api.url).get('/api/v1/auth/me').set('Cookie', s.cookie)).status).toBe(401);
  });

  it('stores only the hash of the session secret', async () => {
    const s = await login(t, 'ana@example.com', PASSWORD, '10.5.0.4');
    const { rows } = await t.db.pool.query('SELECT secret_hash FROM user_session');
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.secret_hash))).toBe(true);
    await expectNoSecretsStored(t, [s.token]);
  });
});

describe('authentication on every /api/v1 route', () => {
  it('401 without credentials, with a malformed header, an unknown or an agent token', async () => {
    const me = () => request(t.api.url).get('/api/v1/auth/me');
    const none = await me();
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="reachwatch"');
    expect((await me().set('Authorization', 'Basic abc')).headers['www-authenticate']).toBe('Bearer realm="reachwatch", error="invalid_request"');
    expect((await me().set(bearer(`rws_${'A'.repeat(43)}`))).status).toBe(401);
    expect((await me().set(bearer('garbage'))).status).toBe(401);
    const { token } = await t.clusters.register('agents-cluster');
    const agent = await me().set(bearer(token));
    expect(agent.status).toBe(401);
    expect(agent.body.error.message).toBe('Agent tokens can only ingest; use a session or a personal API token here.');
    // A session token cannot ingest either: ingest keeps its own agent-token guard.
    const s = await login(t, 'ana@example.com', PASSWORD, '10.6.0.1');
    expect((await request(t.api.url).post('/api/v1/ingest/agents-cluster').set(bearer(s.token)).send({})).status).toBe(401);
    // Health stays open.
    expect((await request(t.api.url).get('/healthz')).status).toBe(200);
  });
});

describe('CSRF: cookie-authenticated unsafe requests need X-Requested-With', () => {
  it('refuses a cookie POST without the header (403) and accepts it with; bearer needs none; GET needs none', async () => {
    const s = await login(t, 'ana@example.com', PASSWORD, '10.7.0.1');
    const refused = await request(t.api.url).post('/api/v1/auth/logout').set('Cookie', s.cookie);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/X-Requested-With/);
    expect((await request(t.api.url).get('/api/v1/auth/me').set('Cookie', s.cookie)).status).toBe(200);
    const created = await request(t.api.url).post('/api/v1/tokens').set(bearer(s.token)).send({ name: 'via bearer' });
    expect(created.status).toBe(201);
    secrets.push(created.body.token);
    expect((await request(t.api.url).delete(`/api/v1/tokens/${created.body.id}`).set('Cookie', s.cookie)).status).toBe(403);
    expect((await request(t.api.url).delete(`/api/v1/tokens/${created.body.id}`).set('Cookie', s.cookie).set('X-Requested-With', 'XMLHttpRequest')).status).toBe(204);
    expect((await request(t.api.url).post('/api/v1/auth/logout').set('Cookie', s.cookie).set('X-Requested-With', 'reachwatch')).status).toBe(204);
  });
});

describe('secrets', () => {
  it('no password or token reached the log or the database in clear', async () => {
    await expectNoSecretsStored(t, secrets);
    // The request log names paths only.
    expect(t.logger.lines.some((l) => l.includes('"path":"/api/v1/auth/login"'))).toBe(true);
  });
});
