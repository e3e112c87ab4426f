import { connectDb, UserRepository } from '@reachwatch/db';
import { createTestDatabase, type TestDatabase } from '@reachwatch/db/src/testing';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createApi } from '../src/api';
import { describeFirstAdmin, ensureFirstAdmin, FirstAdminConfigError } from '../src/auth/first-admin';
import { TEST_HASHING } from './accounts';
import { MemoryLogger } from './helpers';

const dbs: TestDatabase[] = [];
afterEach(async () => {
  for (const d of dbs.splice(0)) await d.drop();
});
async function freshDb(migrate = true) {
  const d = await createTestDatabase({ migrate });
  dbs.push(d);
  return d;
}

async function readUsers(url: string) {
  const db = connectDb(url, { max: 1 });
  try {
    const users = (await new UserRepository(db.prisma).list({ limit: 10 })).items;
    const { rows } = await db.pool.query('SELECT action, actor_user_id, target_email, details FROM user_audit ORDER BY id');
    return { users, audit: rows };
  } finally {
    await db.close();
  }
}

/** Logs in against a real API on `url` and answers the status. */
async function canLogin(url: string, email: string, password: string): Promise<number> {
  const api = await createApi({ databaseUrl: url, port: 0, logger: new MemoryLogger(), auth: { passwordHashing: TEST_HASHING } });
  try {
    return (await request(api.url).post('/api/v1/auth/login').send({ email, password })).status;
  } finally {
    await api.close();
  }
}

describe('ensureFirstAdmin', () => {
  it('creates the admin from REACHWATCH_ADMIN_EMAIL / _PASSWORD, once, audited as the system', async () => {
    const d = await freshDb();
    const env = { REACHWATCH_ADMIN_EMAIL: 'Ops@Example.com', REACHWATCH_ADMIN_PASSWORD: 'from the environment' };
    const result = await ensureFirstAdmin({ databaseUrl: d.url, env, hashing: TEST_HASHING });
    expect(result).toEqual({ created: true, email: 'ops@example.com' });
    expect(describeFirstAdmin(result)).toBeUndefined();
    expect(await ensureFirstAdmin({ databaseUrl: d.url, env, hashing: TEST_HASHING })).toEqual({ created: false });
    const { users, audit } = await readUsers(d.url);
    expect(users.map((u) => [u.email, u.role])).toEqual([['ops@example.com', 'admin']]);
    expect(audit).toEqual([{ action: 'user.create', actor_user_id: null, target_email: 'ops@example.com', details: { role: 'admin', source: 'environment' } }]);
    expect(JSON.stringify(audit)).not.toContain('from the environment');
    expect(await canLogin(d.url, 'ops@example.com', 'from the environment')).toBe(200);
  });

  it('without a password, generates one and returns it once for printing', async () => {
    const d = await freshDb();
    const result = await ensureFirstAdmin({ databaseUrl: d.url, env: {}, hashing: TEST_HASHING });
    if (!result.created || !result.generatedPassword) throw new Error('expected a generated password');
    expect(result.email).toBe('admin@reachwatch.local');
    expect(result.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(describeFirstAdmin(result)).toContain(`password: ${result.generatedPassword}`);
    expect((await readUsers(d.url)).audit[0].details).toEqual({ role: 'admin', source: 'generated' });
    expect(await canLogin(d.url, 'admin@reachwatch.local', result.generatedPassword)).toBe(200);
  });

  it('exactly one admin when several instances start at once', async () => {
    const d = await freshDb();
    const results = await Promise.all([0, 1, 2].map(() => ensureFirstAdmin({ databaseUrl: d.url, env: {}, hashing: TEST_HASHING })));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect((await readUsers(d.url)).users).toHaveLength(1);
  });

  it('refuses bad variables with a message to act on, creating nothing', async () => {
    const d = await freshDb();
    for (const [env, message] of [
      [{ REACHWATCH_ADMIN_EMAIL: 'not an email' }, 'REACHWATCH_ADMIN_EMAIL is not an email address: "not an email".'],
      [{ REACHWATCH_ADMIN_PASSWORD: 'short' }, 'REACHWATCH_ADMIN_PASSWORD must have 12 to 256 characters.'],
    ] as const) {
      const run = ensureFirstAdmin({ databaseUrl: d.url, env, hashing: TEST_HASHING });
      await expect(run).rejects.toThrow(FirstAdminConfigError);
      await expect(run).rejects.toThrow(message);
    }
    expect((await readUsers(d.url)).users).toHaveLength(0);
  });
});

describe('apps/api main.ts', () => {
  it('prints a generated first-admin password on stderr once, and never into the JSON log', async () => {
    const d = await freshDb(false);
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: d.url, PORT: '0', HOST: '127.0.0.1' };
    delete env.REACHWATCH_ADMIN_EMAIL;
    delete env.REACHWATCH_ADMIN_PASSWORD;
    const proc = spawn(process.execPath, [path.join(__dirname, '..', 'bin', 'api.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    proc.stderr!.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<string>((resolve) => proc.once('exit', (code, signal) => resolve(`${code} ${signal}`)));
    const url = await new Promise<string>((resolve, reject) => {
      proc.once('exit', () => reject(new Error(`api exited: ${stderr}`)));
      createInterface({ input: proc.stdout! }).on('line', (line) => {
        stdout += `${line}\n`;
        const event = JSON.parse(line) as { event: string; url?: string };
        if (event.event === 'listening') resolve(event.url!);
      });
    });
    const password = /password: (\S+)/.exec(stderr)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    // The printed password logs in to the process that printed it (whose hash has the default cost).
    const res = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'admin@reachwatch.local', password }),
    });
    expect(res.status).toBe(200);
    proc.kill('SIGTERM');
    expect(await exited, stderr + stdout).toBe('0 null');
    expect(stdout).toContain('"event":"first-admin-created","email":"admin@reachwatch.local","password":"generated"');
    expect(stdout).not.toContain(password!);
  });
});
