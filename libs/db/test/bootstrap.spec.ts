import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startDatabase } from '../src';
import { binariesUsable, findPackagedBinaries, hydrateSymlinks, prepareBinaries } from '../src/postgres/binaries';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-bootstrap-'));
fs.chmodSync(root, 0o755);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const isRoot = process.getuid?.() === 0;

async function scalar(url: string, sql: string): Promise<unknown> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return Object.values((await c.query(sql)).rows[0] ?? {})[0];
  } finally {
    await c.end();
  }
}

describe('startDatabase', () => {
  it('uses DATABASE_URL when it is set, and starts nothing', async () => {
    const h = await startDatabase({ env: { DATABASE_URL: 'postgresql://u:p@db.example:5432/x' } });
    expect(h).toMatchObject({ url: 'postgresql://u:p@db.example:5432/x', mode: 'external' });
    await h.stop();
  });

  it('initialises a data folder, keeps data across restarts, and attaches to its running server', async () => {
    const dataDir = path.join(root, 'persist', 'pgdata');
    const first = await startDatabase({ dataDir, port: 0, env: {}, ephemeral: true });
    expect(first.mode).toBe('embedded');
    expect(fs.existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true);
    await scalar(first.url, 'CREATE TABLE kept (v int)');
    await scalar(first.url, 'INSERT INTO kept VALUES (42)');

    const second = await startDatabase({ dataDir, port: 0, env: {} });
    expect(second).toMatchObject({ mode: 'attached', port: first.port });
    await second.stop(); // not ours: the server keeps running
    expect(await scalar(first.url, 'SELECT v FROM kept')).toBe(42);
    await first.stop();
    expect(fs.existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false); // clean shutdown

    const third = await startDatabase({ dataDir, port: 0, env: {} });
    expect(third.mode).toBe('embedded');
    expect(await scalar(third.url, 'SELECT v FROM kept')).toBe(42);
    await third.stop();
  });

  it('says clearly when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      await expect(startDatabase({ dataDir: path.join(root, 'busy'), port, env: {}, ephemeral: true })).rejects.toMatchObject({
        code: 'PORT_IN_USE',
        message: expect.stringContaining(`Port ${port}`),
      });
    } finally {
      blocker.close();
    }
  });

  it('refuses a non-empty folder that holds no Postgres cluster', async () => {
    const dataDir = path.join(root, 'junk');
    fs.mkdirSync(dataDir);
    fs.writeFileSync(path.join(dataDir, 'notes.txt'), 'mine');
    await expect(startDatabase({ dataDir, port: 0, env: {} })).rejects.toMatchObject({ code: 'POSTGRES_START_FAILED', message: expect.stringContaining('not empty') });
    expect(fs.readFileSync(path.join(dataDir, 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('embedded Postgres binaries', () => {
  it('recreates the library symlinks that npm does not ship (postinstall is blocked by npm 11)', () => {
    // A copy of the package folder as npm 11 leaves it: regular files only, no symlinks.
    const fresh = path.join(root, 'fresh-native');
    fs.cpSync(findPackagedBinaries(), fresh, { recursive: true, filter: (src) => !fs.lstatSync(src).isSymbolicLink() });
    fs.chmodSync(fresh, 0o755);
    expect(binariesUsable(fresh)).toBe(false); // postgres needs libicuuc.so.60, only libicuuc.so.60.2 is there
    expect(hydrateSymlinks(fresh)).toBeGreaterThan(0);
    expect(binariesUsable(fresh)).toBe(true);
    expect(hydrateSymlinks(fresh)).toBe(0);
  });

  it.skipIf(!isRoot)('copies the binaries to a readable folder when the postgres user cannot read them (root only)', () => {
    const closed = path.join(root, 'closed');
    fs.mkdirSync(closed, { mode: 0o700 });
    const native = path.join(closed, 'native');
    fs.cpSync(findPackagedBinaries(), native, { recursive: true, verbatimSymlinks: true });
    const runAs = { uid: Number(execFileSync('id', ['-u', 'postgres'])), gid: Number(execFileSync('id', ['-g', 'postgres'])) };
    expect(binariesUsable(native, runAs)).toBe(false);
    const usable = prepareBinaries({ runAs, sourceDir: native });
    try {
      expect(usable.startsWith(os.tmpdir())).toBe(true);
      expect(binariesUsable(usable, runAs)).toBe(true);
      expect(prepareBinaries({ runAs, sourceDir: native })).toBe(usable); // reused, not copied again
    } finally {
      fs.rmSync(usable, { recursive: true, force: true });
    }
  });
});
