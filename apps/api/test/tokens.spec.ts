import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, bearer, expectNoSecretsStored, login, seedUser, startAccountsApi, type AccountsApi } from './accounts';

const DAY = 24 * 3600 * 1000;
let t: AccountsApi;
let ana: string;
let anaId: number;
const secrets: string[] = [];

beforeAll(async () => {
  t = await startAccountsApi();
  anaId = (await seedUser(t, 'ana@example.com', 'analyst')).id;
  await seedUser(t, 'root@example.com', 'admin');
  ana = (await login(t, 'ana@example.com')).token;
  secrets.push(ana);
});
afterAll(async () => {
  await t?.close();
});

const create = (session: string, body: object) => request(t.api.url).post('/api/v1/tokens').set(bearer(session)).send(body);
const me = (token: string) => request(t.api.url).get('/api/v1/auth/me').set(bearer(token));

describe('/api/v1/tokens', () => {
  it('creates a token shown once (201), usable as a bearer with its user’s role; audited', async () => {
    const res = await create(ana, { name: ' ci pipeline ', expiresInDays: 30 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ token: expect.stringMatching(/^rwp_[A-Za-z0-9_-]{43}$/), name: 'ci pipeline', state: 'active', lastUsedAt: null, revokedAt: null });
    expect(res.body.prefix).toBe(res.body.token.slice(0, 10));
    expect(new Date(res.body.expiresAt).getTime() - new Date(res.body.createdAt).getTime()).toBe(30 * DAY);
    secrets.push(res.body.token);
    const used = await me(res.body.token);
    expect(used.status).toBe(200);
    expect(used.body).toMatchObject({ user: { email: 'ana@example.com', role: 'analyst' }, credential: { kind: 'api-token', id: res.body.id } });
    // Scoped to the user's role: an analyst's token is not an admin.
    expect((await request(t.api.url).get('/api/v1/users').set(bearer(res.body.token))).status).toBe(403);
    // Listing never shows the token again, only its prefix; last use is recorded.
    const list = await request(t.api.url).get('/api/v1/tokens').set(bearer(ana));
    expect(list.body.items).toEqual([expect.objectContaining({ id: res.body.id, prefix: res.body.prefix, lastUsedAt: expect.any(String) })]);
    expect(JSON.stringify(list.body)).not.toContain(res.body.token);
    expect((await auditRows(t)).at(-1)).toMatchObject({ action: 'token.create', actor: anaId, target_type: 'api_token', target: res.body.id, details: { name: 'ci pipeline' } });
    const { rows } = await t.db.pool.query('SELECT token_hash FROM api_token WHERE id = $1', [res.body.id]);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('defaults to 90 days; refuses a lifetime over the maximum and bad bodies (400)', async () => {
    const res = await create(ana, { name: 'default' });
    expect(new Date(res.body.expiresAt).getTime() - new Date(res.body.createdAt).getTime()).toBe(90 * DAY);
    secrets.push(res.body.token);
    const tooLong = await create(ana, { name: 'forever', expiresInDays: 366 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toBe('expiresInDays must be at most 365.');
    for (const body of [{}, { name: '' }, { name: 'x'.repeat(101) }, { name: 'x', expiresInDays: 0 }, { name: 'x', expiresInDays: 1.5 }, { name: 'x', owner: 1 }]) {
      expect((await create(ana, body)).status, JSON.stringify(body)).toBe(400);
    }
  });

  it('a personal token cannot create tokens (403), but can list them', async () => {
    const { body } = await create(ana, { name: 'script' });
    secrets.push(body.token);
    const res = await create(body.token, { name: 'child' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('Personal tokens are created from a login session, not with another token.');
    expect((await request(t.api.url).get('/api/v1/tokens').set(bearer(body.token))).status).toBe(200);
  });

  it('a token only works as a bearer, never in the session cookie', async () => {
    const { body } = await create(ana, { name: 'cookie' });
    secrets.push(body.token);
    expect((await request(t.api.url).get('/api/v1/auth/me').set('Cookie', `rw_session=${body.token}`)).status).toBe(401);
  });

  it('revoke: own token 204 and refused afterwards; idempotent; someone else’s or unknown 404', async () => {
    const { body } = await create(ana, { name: 'to revoke' });
    secrets.push(body.token);
    const root = (await login(t, 'root@example.com')).token;
    secrets.push(root);
    expect((await request(t.api.url).delete(`/api/v1/tokens/${body.id}`).set(bearer(root))).status).toBe(404);
    expect((await me(body.token)).status).toBe(200);
    expect((await request(t.api.url).delete(`/api/v1/tokens/${body.id}`).set(bearer(ana))).status).toBe(204);
    expect((await me(body.token)).status).toBe(401);
    expect((await request(t.api.url).delete(`/api/v1/tokens/${body.id}`).set(bearer(ana))).status).toBe(204);
    expect((await request(t.api.url).delete('/api/v1/tokens/999999').set(bearer(ana))).status).toBe(404);
    expect((await request(t.api.url).delete('/api/v1/tokens/x').set(bearer(ana))).status).toBe(400);
    const revokes = (await auditRows(t)).filter((r) => r.action === 'token.revoke');
    expect(revokes).toHaveLength(1);
    const listed = (await request(t.api.url).get('/api/v1/tokens').set(bearer(ana))).body.items.find((i: { id: number }) => i.id === body.id);
    expect(listed).toMatchObject({ state: 'revoked', revokedAt: expect.any(String) });
  });

  it('a token expires', async () => {
    const { body } = await create(ana, { name: 'short', expiresInDays: 1 });
    secrets.push(body.token);
    expect((await me(body.token)).status).toBe(200);
    t.advance(DAY);
    expect((await me(body.token)).status).toBe(401);
    const fresh = (await login(t, 'ana@example.com')).token;
    const listed = (await request(t.api.url).get('/api/v1/tokens').set(bearer(fresh))).body.items.find((i: { id: number }) => i.id === body.id);
    expect(listed.state).toBe('expired');
  });

  it('kept every token out of the log and the database', async () => {
    await expectNoSecretsStored(t, secrets);
  });
});
