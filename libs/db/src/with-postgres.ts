import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { startDatabase } from './postgres/server';

/**
 * `with-postgres <command> [args…]`: runs the command with DATABASE_URL set. If DATABASE_URL is already
 * set, that server is used; otherwise a throw-away embedded Postgres is started in a temp folder and
 * removed afterwards. Exits with the command's exit code; SIGINT/SIGTERM are passed on to the command.
 */
export async function main(argv: string[]): Promise<void> {
  if (argv.length === 0) {
    process.stderr.write('usage: with-postgres <command> [args…]\n');
    process.exit(2);
  }
  let dataRoot: string | undefined;
  let url = process.env.DATABASE_URL;
  let stop = async () => undefined as void;
  if (!url) {
    dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'reachwatch-test-pg-'));
    fs.chmodSync(dataRoot, 0o755); // as root, Postgres runs as "postgres" and must enter it
    const db = await startDatabase({ dataDir: path.join(dataRoot, 'data'), port: 0, ephemeral: true, env: {} });
    url = db.url;
    stop = db.stop;
  }
  const cleanup = async () => {
    await stop();
    if (dataRoot) fs.rmSync(dataRoot, { recursive: true, force: true });
  };

  const child = spawn(argv[0], argv.slice(1), { stdio: 'inherit', env: { ...process.env, DATABASE_URL: url } });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, forward);
  child.on('error', async (err) => {
    process.stderr.write(`with-postgres: cannot run ${argv[0]}: ${err.message}\n`);
    await cleanup();
    process.exit(127);
  });
  child.on('exit', async (code, signal) => {
    await cleanup();
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeListener(s, forward);
    if (signal) process.kill(process.pid, signal); // die the way the command died
    else process.exit(code ?? 1);
  });
}
