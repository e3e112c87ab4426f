import { UserRepository, type GrantSpec, type Role, type User } from '@reachwatch/db';
import request from 'supertest';
import { expect } from 'vitest';
import type { CreateApiOptions } from '../src/api';
import type { PasswordHashing } from '../src/auth/auth.config';
import { PasswordHasher } from '../src/auth/passwords';
import { startTestApi, type TestApi } from './helpers';

/** Cheap argon2id parameters: the tests exercise the logic, not the cost (defaults are in auth.config.ts). */
export const TEST_HASHING: PasswordHashing = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
export const PASSWORD = 'correct horse battery staple';

export interface AccountsApi extends TestApi {
  users: UserRepository;
  hasher: PasswordHasher;
  /** The clock the API's limiters and session/token expiry read; move it with `advance`. */
  advance(ms: number): void;
}

/** startTestApi with cheap hashing, a movable clock, and trust proxy (so tests choose their address). */
export async function startAccountsApi(options: Partial<CreateApiOptions> = {}): Promise<AccountsApi> {
  let clock = Date.now();
  const t = await startTestApi({
    now: () => clock,
    ...options,
    config: { trustProxy: true, ...options.config },
    auth: { passwordHashing: TEST_HASHING, ...options.auth },
  });
  return {
    ...t,
    users: new UserRepository(t.db.prisma),
    hasher: new PasswordHasher(TEST_HASHING),
    advance: (ms) => {
      clock += ms;
    },
  };
}

const SEED_ACTOR = { userId: null, email: null, ip: null };

/** A user written straight through the repository (the API's own create path has its own tests). */
export async function seedUser(t: AccountsApi, email: string, role: Role, grants: GrantSpec = [], password = PASSWORD): Promise<User> {
  return t.users.create({ email, passwordHash: await t.hasher.hash(password), role, grants }, SEED_ACTOR);
}

export interface LoggedIn {
  /** The session as a bearer token. */
  token: string;
  /** "rw_session=…" for a Cookie header. */
  cookie: string;
  setCookie: string;
}

/** Logs in from `ip` (X-Forwarded-For, honoured because trust proxy is on). */
export async function login(t: TestApi, email: string, password = PASSWORD, ip = '10.0.0.1'): Promise<LoggedIn> {
  const res = await request(t.api.url).post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ email, password });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const setCookie = (res.headers['set-cookie'] as unknown as string[])[0];
  return { token: res.body.token, cookie: setCookie.split(';')[0], setCookie };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Every row of user_audit, oldest first, in a compact form. */
export async function auditRows(t: TestApi) {
  const { rows } = await t.db.pool.query(
    'SELECT actor_user_id::int AS actor, actor_email, action, target_type, target_id::int AS target, target_email, ip, details FROM user_audit ORDER BY id',
  );
  return rows as { actor: number | null; actor_email: string | null; action: string; target_type: string; target: number | null; target_email: string | null; ip: string | null; details: Record<string, unknown> }[];
}

/**
 * None of the secrets may appear in what was logged, nor anywhere in the account tables except as a
 * hash (the argon2 hash does not contain the password; the SHA-256 hex does not contain the token).
 */
export async function expectNoSecretsStored(t: TestApi, secrets: readonly string[]): Promise<void> {
  const logged = t.logger.lines.join('\n');
  const { rows } = await t.db.pool.query(
    `SELECT (SELECT coalesce(json_agg(u), '[]') FROM app_user u)::text || (SELECT coalesce(json_agg(s), '[]') FROM user_session s)::text
         || (SELECT coalesce(json_agg(a), '[]') FROM api_token a)::text || (SELECT coalesce(json_agg(x), '[]') FROM user_audit x)::text AS everything`,
  );
  for (const secret of secrets) {
    expect(logged.includes(secret), `a secret reached the log`).toBe(false);
    expect((rows[0].everything as string).includes(secret), `a secret is stored in clear`).toBe(false);
  }
}
