import { createTestDatabase, type TestDatabase } from '@reachwatch/db/src/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';

/**
 * The real entry point, as `npm run start:api` runs it: a child process through bin/api.js (tsx), on a
 * database that has never been migrated.
 */
let tdb: TestDatabase;
let child: ChildProcess | undefined;

beforeAll(async () => {
  tdb = await createTestDatabase({ migrate: false });
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await tdb?.drop();
});

it('migrates, listens, answers /healthz, and stops cleanly on SIGTERM', async () => {
  const proc = spawn(process.execPath, [path.join(__dirname, '..', 'bin', 'api.js')], {
    env: { ...process.env, DATABASE_URL: tdb.url, PORT: '0', HOST: '127.0.0.1', REACHWATCH_ADMIN_EMAIL: 'ops@example.com', REACHWATCH_ADMIN_PASSWORD: 'main-spec-password' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  const events: Record<string, unknown>[] = [];
  let stderr = '';
  proc.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    proc.once('exit', () => reject(new Error(`api exited before listening: ${stderr}`)));
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const event = JSON.parse(line) as Record<string, unknown>;
      events.push(event);
      if (event.event === 'listening') resolve(event.url as string);
    });
  });

  const migrated = events.find((e) => e.event === 'migrated');
  expect(migrated?.applied).toEqual(expect.arrayContaining(['20261123000000_init']));
  expect(events.find((e) => e.event === 'listening')?.database).toBe('external');

  const res = await fetch(`${url}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok', parts: { database: { status: 'up' } } });

  proc.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(events.some((e) => e.event === 'stopping' && e.signal === 'SIGTERM')).toBe(true);
  expect(stderr).toBe('');
});
