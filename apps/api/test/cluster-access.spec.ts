import { Controller, Get, Inject, Module, Param, Post } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterAccess, canSeeCluster } from '../src/auth/cluster-access';
import { Roles } from '../src/auth/decorators';
import { CurrentPrincipal, type Principal } from '../src/auth/principal';
import { bearer, login, seedUser, startAccountsApi, type AccountsApi } from './accounts';

/**
 * A test-only controller shaped like the REST resources to come: `{cluster}` in the path checked with
 * the shared ClusterAccess rule, and role-limited operations the way issue 4 assigns them.
 */
@Controller('api/v1/probe/clusters')
class ProbeController {
  constructor(@Inject(ClusterAccess) private readonly access: ClusterAccess) {}

  @Get(':cluster')
  async read(@CurrentPrincipal() p: Principal, @Param('cluster') name: string) {
    const cluster = await this.access.assertClusterAccess(p, name);
    return { name: cluster.name, visible: canSeeCluster(p, cluster.id) };
  }

  @Post(':cluster/what-if')
  @Roles('admin', 'analyst')
  async whatIf(@CurrentPrincipal() p: Principal, @Param('cluster') name: string) {
    return { name: (await this.access.assertClusterAccess(p, name)).name };
  }

  @Get(':cluster/reports')
  @Roles('admin', 'auditor')
  async reports(@CurrentPrincipal() p: Principal, @Param('cluster') name: string) {
    return { name: (await this.access.assertClusterAccess(p, name)).name };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

let t: AccountsApi;
const tokens: Record<string, string> = {};
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await startAccountsApi({ modules: [ProbeModule] });
  for (const name of ['east', 'west']) await t.clusters.register(name);
  const users = [
    ['admin', 'admin', []],
    ['east-analyst', 'analyst', ['east']],
    ['east-auditor', 'auditor', ['east']],
    ['all-auditor', 'auditor', 'all'],
    ['nobody', 'analyst', []],
  ] as const;
  for (const [name, role, grants] of users) {
    ids[name] = (await seedUser(t, `${name}@example.com`, role, grants === 'all' ? 'all' : [...grants])).id;
    tokens[name] = (await login(t, `${name}@example.com`)).token;
  }
});
afterAll(async () => {
  await t?.close();
});

const get = (who: string, path: string) => request(t.api.url).get(`/api/v1/probe/clusters/${path}`).set(bearer(tokens[who]));
const post = (who: string, path: string) => request(t.api.url).post(`/api/v1/probe/clusters/${path}`).set(bearer(tokens[who]));

describe('assertClusterAccess', () => {
  it('a cluster outside the grants is 404, answered exactly like one that does not exist', async () => {
    const hidden = await get('east-analyst', 'west');
    const missing = await get('east-analyst', 'mars');
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual({ error: { code: 'not_found', message: 'No cluster named "west".' } });
    expect(missing.body).toEqual({ error: { code: 'not_found', message: 'No cluster named "mars".' } });
    expect((await get('nobody', 'east')).status).toBe(404);
  });

  it('granted, all-clusters and admin users see it', async () => {
    expect((await get('east-analyst', 'east')).body).toEqual({ name: 'east', visible: true });
    for (const who of ['all-auditor', 'admin']) for (const c of ['east', 'west']) expect((await get(who, c)).status, `${who} ${c}`).toBe(200);
  });

  it('grants apply at once: removing one hides the cluster from a live session; a new cluster is visible to "all"', async () => {
    await t.users.setGrants(ids['east-analyst'], [], { userId: null, email: null, ip: null });
    expect((await get('east-analyst', 'east')).status).toBe(404);
    await t.users.setGrants(ids['east-analyst'], ['east'], { userId: null, email: null, ip: null });
    expect((await get('east-analyst', 'east')).status).toBe(200);
    await t.clusters.register('north');
    expect((await get('all-auditor', 'north')).status).toBe(200);
    expect((await get('east-analyst', 'north')).status).toBe(404);
  });

  it('the same rule holds for a personal token of the user', async () => {
    const created = await request(t.api.url).post('/api/v1/tokens').set(bearer(tokens['east-analyst'])).send({ name: 'script' });
    const token = created.body.token as string;
    expect((await request(t.api.url).get('/api/v1/probe/clusters/east').set(bearer(token))).status).toBe(200);
    expect((await request(t.api.url).get('/api/v1/probe/clusters/west').set(bearer(token))).status).toBe(404);
  });
});

describe('@Roles', () => {
  it('what-if: admin and analyst; reports: admin and auditor; each role refused elsewhere with 403', async () => {
    expect((await post('admin', 'east/what-if')).status).toBe(201);
    expect((await post('east-analyst', 'east/what-if')).status).toBe(201);
    const refused = await post('east-auditor', 'east/what-if');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('This needs the role admin or analyst.');
    expect((await get('admin', 'east/reports')).status).toBe(200);
    expect((await get('east-auditor', 'east/reports')).status).toBe(200);
    expect((await get('east-analyst', 'east/reports')).status).toBe(403);
  });

  it('the role check comes before the cluster check, and the cluster check still hides what is not granted', async () => {
    expect((await post('east-analyst', 'west/what-if')).status).toBe(404);
    expect((await get('east-analyst', 'west/reports')).status).toBe(403);
  });

  it('unauthenticated callers get 401 before anything else', async () => {
    expect((await request(t.api.url).get('/api/v1/probe/clusters/east')).status).toBe(401);
  });
});

describe('canSeeCluster', () => {
  it('reads the principal only', () => {
    const base = { userId: 1, email: 'x@example.com', role: 'analyst' as const, credential: { kind: 'api-token' as const, tokenId: 1, expiresAt: new Date(0) } };
    expect(canSeeCluster({ ...base, clusterGrants: 'all' }, 7)).toBe(true);
    expect(canSeeCluster({ ...base, clusterGrants: new Set([7]) }, 7)).toBe(true);
    expect(canSeeCluster({ ...base, clusterGrants: new Set([7]) }, 8)).toBe(false);
  });
});
