import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, bearer, expectNoSecretsStored, login, PASSWORD, seedUser, startAccountsApi, type AccountsApi } from './accounts';

let t: AccountsApi;
let admin: string;
let adminId: number;
const secrets: string[] = [PASSWORD];

beforeAll(async () => {
  t = await startAccountsApi();
  adminId = (await seedUser(t, 'root@example.com', 'admin')).id;
  admin = (await login(t, 'root@example.com')).token;
  secrets.push(admin);
  for (const name of ['east', 'west']) await t.clusters.register(name);
});
afterAll(async () => {
  await t?.close();
});

const as = (token: string) => ({
  get: (path: string) => request(t.api.url).get(path).set(bearer(token)).set('X-Forwarded-For', '10.9.0.1'),
  post: (path: string, body: object) => request(t.api.url).post(path).set(bearer(token)).set('X-Forwarded-For', '10.9.0.1').send(body),
  patch: (path: string, body: object) => request(t.api.url).patch(path).set(bearer(token)).set('X-Forwarded-For', '10.9.0.1').send(body),
  put: (path: string, body: object) => request(t.api.url).put(path).set(bearer(token)).set('X-Forwarded-For', '10.9.0.1').send(body),
  delete: (path: string) => request(t.api.url).delete(path).set(bearer(token)).set('X-Forwarded-For', '10.9.0.1'),
});

describe('admin: create, read, list', () => {
  it('creates a user with a role and grants (201), without echoing the password; audited', async () => {
    const res = await as(admin).post('/api/v1/users', { email: 'Bob@Example.com', password: 'bobs password 1', role: 'analyst', clusters: ['west', 'east'] });
    secrets.push('bobs password 1');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: 'bob@example.com', role: 'analyst', clusters: ['east', 'west'], disabled: false, lastLoginAt: null });
    expect(JSON.stringify(res.body)).not.toMatch(/password|hash/i);
    expect((await auditRows(t)).at(-1)).toEqual({
      actor: adminId,
      actor_email: 'root@example.com',
      action: 'user.create',
      target_type: 'user',
      target: res.body.id,
      target_email: 'bob@example.com',
      ip: '10.9.0.1',
      details: { role: 'analyst', clusters: ['east', 'west'] },
    });
    // The new user can log in.
    expect((await login(t, 'bob@example.com', 'bobs password 1')).token).toMatch(/^rws_/);
  });

  it('refuses bad input with 400 and creates nothing', async () => {
    const before = (await auditRows(t)).length;
    const bad = [
      { email: 'not-an-email', password: 'long enough pw', role: 'analyst' },
      { email: 'c@example.com', password: 'short', role: 'analyst' },
      { email: 'c@example.com', password: 'long enough pw', role: 'root' },
      { email: 'c@example.com', password: 'long enough pw', role: 'analyst', clusters: 'some' },
      { email: 'c@example.com', password: 'long enough pw', role: 'analyst', isAdmin: true },
    ];
    for (const body of bad) {
      const res = await as(admin).post('/api/v1/users', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    const unknown = await as(admin).post('/api/v1/users', { email: 'c@example.com', password: 'long enough pw', role: 'analyst', clusters: ['east', 'nowhere'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ message: 'No cluster named "nowhere".', details: { clusters: ['nowhere'] } });
    expect(await t.users.findForLogin('c@example.com')).toBeUndefined();
    expect((await auditRows(t)).length).toBe(before);
  });

  it('409 for an email that exists (any case)', async () => {
    const res = await as(admin).post('/api/v1/users', { email: 'BOB@example.com', password: 'another password', role: 'auditor' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe('A user with the email "bob@example.com" already exists.');
  });

  it('lists by email with a stable cursor; GET /:id; 404 for an unknown id; 400 for a bad query', async () => {
    for (const e of ['d@example.com', 'a@example.com', 'z@example.com']) await seedUser(t, e, 'auditor');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await as(admin).get(`/api/v1/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((u: { email: string }) => u.email));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['a@example.com', 'bob@example.com', 'd@example.com', 'root@example.com', 'z@example.com']);
    expect((await as(admin).get(`/api/v1/users/${adminId}`)).body).toMatchObject({ email: 'root@example.com', role: 'admin', clusters: 'all' });
    expect((await as(admin).get('/api/v1/users/999999')).status).toBe(404);
    for (const q of ['limit=0', 'limit=abc', 'limit=1000', 'cursor=%%%', 'sort=email']) expect((await as(admin).get(`/api/v1/users?${q}`)).status, q).toBe(400);
    expect((await as(admin).get('/api/v1/users/abc')).status).toBe(400);
  });
});

describe('admin: role, disable, password, grants, delete', () => {
  it('role changes apply to live sessions at once; audited with before/after', async () => {
    const u = await seedUser(t, 'carol@example.com', 'auditor');
    const carol = await login(t, 'carol@example.com');
    expect((await as(carol.token).get('/api/v1/users')).status).toBe(403);
    const res = await as(admin).patch(`/api/v1/users/${u.id}`, { role: 'admin' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: 'admin', clusters: 'all' });
    expect((await as(carol.token).get('/api/v1/users')).status).toBe(200);
    expect((await auditRows(t)).at(-1)).toMatchObject({ action: 'user.update', target: u.id, details: { before: { role: 'auditor', disabled: false }, after: { role: 'admin', disabled: false } } });
    expect((await as(admin).patch(`/api/v1/users/${u.id}`, { role: 'auditor' })).status).toBe(200);
  });

  it('disabling ends the sessions and personal tokens at once (re-enabling does not revive them)', async () => {
    const u = await seedUser(t, 'dave@example.com', 'analyst');
    const dave = await login(t, 'dave@example.com');
    const token = (await as(dave.token).post('/api/v1/tokens', { name: 'ci' })).body.token as string;
    secrets.push(dave.token, token);
    expect((await as(token).get('/api/v1/auth/me')).status).toBe(200);
    expect((await as(admin).patch(`/api/v1/users/${u.id}`, { disabled: true })).body.disabled).toBe(true);
    expect((await as(dave.token).get('/api/v1/auth/me')).status).toBe(401);
    expect((await as(token).get('/api/v1/auth/me')).status).toBe(401);
    expect((await request(t.api.url).post('/api/v1/auth/login').send({ email: 'dave@example.com', password: PASSWORD })).status).toBe(401);
    expect((await as(admin).patch(`/api/v1/users/${u.id}`, { disabled: false })).body.disabled).toBe(false);
    expect((await as(dave.token).get('/api/v1/auth/me')).status).toBe(401);
    expect((await as(token).get('/api/v1/auth/me')).status).toBe(401);
    expect((await login(t, 'dave@example.com')).token).toMatch(/^rws_/);
  });

  it('a password reset ends the sessions and takes the new password; audited without the password', async () => {
    const u = await seedUser(t, 'erin@example.com', 'auditor');
    const erin = await login(t, 'erin@example.com');
    const res = await as(admin).patch(`/api/v1/users/${u.id}`, { password: 'a brand new password' });
    secrets.push('a brand new password');
    expect(res.status).toBe(200);
    expect((await as(erin.token).get('/api/v1/auth/me')).status).toBe(401);
    expect((await login(t, 'erin@example.com', 'a brand new password')).token).toMatch(/^rws_/);
    expect((await auditRows(t)).find((r) => r.action === 'user.password_reset' && r.target === u.id)).toMatchObject({ details: {} });
    expect((await as(admin).patch(`/api/v1/users/${u.id}`, {})).status).toBe(400);
    expect((await as(admin).patch(`/api/v1/users/${u.id}`, { password: 'short' })).status).toBe(400);
  });

  it('grants: set names, all, none; unknown cluster 400; audited', async () => {
    const u = await seedUser(t, 'frank@example.com', 'analyst');
    expect((await as(admin).put(`/api/v1/users/${u.id}/grants`, { clusters: ['west'] })).body.clusters).toEqual(['west']);
    expect((await as(admin).put(`/api/v1/users/${u.id}/grants`, { clusters: 'all' })).body.clusters).toBe('all');
    expect((await as(admin).put(`/api/v1/users/${u.id}/grants`, { clusters: [] })).body.clusters).toEqual([]);
    expect((await as(admin).put(`/api/v1/users/${u.id}/grants`, { clusters: ['mars'] })).status).toBe(400);
    expect((await as(admin).put(`/api/v1/users/${u.id}/grants`, {})).status).toBe(400);
    expect((await as(admin).put('/api/v1/users/999999/grants', { clusters: [] })).status).toBe(404);
    const grants = (await auditRows(t)).filter((r) => r.action === 'user.grants' && r.target === u.id).map((r) => r.details);
    expect(grants).toEqual([
      { before: [], after: ['west'] },
      { before: ['west'], after: 'all' },
      { before: 'all', after: [] },
    ]);
  });

  it('the last enabled admin cannot be demoted, disabled or deleted (409); with another admin it can', async () => {
    for (const change of [{ role: 'analyst' }, { disabled: true }]) {
      const res = await as(admin).patch(`/api/v1/users/${adminId}`, change);
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe('This is the last enabled admin: make another user admin first.');
    }
    expect((await as(admin).delete(`/api/v1/users/${adminId}`)).status).toBe(409);
    const second = await seedUser(t, 'root2@example.com', 'admin');
    const root2 = (await login(t, 'root2@example.com')).token;
    expect((await as(root2).patch(`/api/v1/users/${adminId}`, { role: 'analyst' })).status).toBe(200);
    expect((await as(root2).delete(`/api/v1/users/${second.id}`)).status).toBe(409);
    expect((await as(root2).patch(`/api/v1/users/${adminId}`, { role: 'admin' })).status).toBe(200);
  });

  it('delete removes the user and their sessions; audit rows stay; 404 afterwards', async () => {
    const u = await seedUser(t, 'gone@example.com', 'auditor', ['east']);
    const s = await login(t, 'gone@example.com');
    expect((await as(admin).delete(`/api/v1/users/${u.id}`)).status).toBe(204);
    expect((await as(s.token).get('/api/v1/auth/me')).status).toBe(401);
    expect((await as(admin).get(`/api/v1/users/${u.id}`)).status).toBe(404);
    expect((await as(admin).delete(`/api/v1/users/${u.id}`)).status).toBe(404);
    const rows = (await auditRows(t)).filter((r) => r.target_email === 'gone@example.com').map((r) => r.action);
    expect(rows).toEqual(['user.create', 'auth.login', 'user.delete']);
  });

  it('GET /users/audit pages the log newest first, filterable by user', async () => {
    const all = await as(admin).get('/api/v1/users/audit?limit=3');
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(3);
    expect(all.body.items[0].id).toBeGreaterThan(all.body.items[1].id);
    const next = await as(admin).get(`/api/v1/users/audit?limit=3&cursor=${all.body.nextCursor}`);
    expect(next.body.items[0].id).toBeLessThan(all.body.items[2].id);
    const bob = (await t.users.findForLogin('bob@example.com'))!.user;
    const bobs = await as(admin).get(`/api/v1/users/audit?userId=${bob.id}`);
    expect(bobs.body.items.map((r: { action: string }) => r.action)).toEqual(['user.create']);
    expect(bobs.body.items[0]).toMatchObject({ actor: { userId: adminId, email: 'root@example.com', ip: '10.9.0.1' }, target: { type: 'user', id: bob.id, email: 'bob@example.com' } });
  });
});

describe('roles on /api/v1/users', () => {
  it('analysts and auditors get 403 on every users route; any role may read /auth/me', async () => {
    await seedUser(t, 'ana@example.com', 'analyst');
    await seedUser(t, 'aud@example.com', 'auditor');
    for (const email of ['ana@example.com', 'aud@example.com']) {
      const { token } = await login(t, email);
      secrets.push(token);
      const c = as(token);
      for (const res of [
        await c.get('/api/v1/users'),
        await c.get(`/api/v1/users/${adminId}`),
        await c.get('/api/v1/users/audit'),
        await c.post('/api/v1/users', { email: 'x@example.com', password: 'long enough pw', role: 'admin' }),
        await c.patch(`/api/v1/users/${adminId}`, { role: 'auditor' }),
        await c.put(`/api/v1/users/${adminId}/grants`, { clusters: [] }),
        await c.delete(`/api/v1/users/${adminId}`),
      ]) {
        expect(res.status).toBe(403);
        expect(res.body).toEqual({ error: { code: 'forbidden', message: 'This needs the role admin.' } });
      }
      expect((await c.get('/api/v1/auth/me')).status).toBe(200);
    }
    expect(await t.users.findForLogin('x@example.com')).toBeUndefined();
  });

  it('kept every secret out of the log and the database', async () => {
    await expectNoSecretsStored(t, secrets);
  });
});
