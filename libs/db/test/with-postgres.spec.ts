import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = path.join(__dirname, '..', 'bin', 'with-postgres.js');

function run(args: string[], env: NodeJS.ProcessEnv, onLine?: (line: string, kill: (s: NodeJS.Signals) => void) => void) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      for (const line of d.toString().split('\n').filter(Boolean)) onLine?.(line, (s) => child.kill(s));
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code, signal) => resolve({ code, signal, out }));
  });
}

// A child script that proves the server answers, prints its data folder, and exits with a chosen code.
const probe = `
const { Client } = require('pg');
(async () => {
  const c = new Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  const r = await c.query("SELECT current_setting('data_directory') AS d");
  console.log('DATA ' + r.rows[0].d);
  await c.end();
  if (process.argv[1] === 'wait') { console.log('READY'); setInterval(() => {}, 1000); } else process.exit(Number(process.argv[1]));
})();`;

const envWithout = () => {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_PATH: path.join(__dirname, '..', '..', '..', 'node_modules') };
  delete env.DATABASE_URL;
  return env;
};

describe('bin/with-postgres.js', () => {
  it('starts a throw-away Postgres, passes DATABASE_URL, propagates the exit code and cleans up', async () => {
    const r = await run([process.execPath, '-e', probe, '3'], envWithout());
    expect(r.code, r.out).toBe(3);
    const dataDir = /DATA (\S+)/.exec(r.out)?.[1];
    expect(dataDir).toBeTruthy();
    expect(fs.existsSync(dataDir!)).toBe(false);
  });

  it('uses an existing DATABASE_URL as it is', async () => {
    const r = await run([process.execPath, '-e', 'console.log("URL " + process.env.DATABASE_URL)'], { ...process.env, DATABASE_URL: 'postgresql://x@y/z' });
    expect(r.code).toBe(0);
    expect(r.out).toContain('URL postgresql://x@y/z');
  });

  it('passes SIGTERM on to the command, stops Postgres and dies of the same signal', async () => {
    const r = await run([process.execPath, '-e', probe, 'wait'], envWithout(), (line, kill) => {
      if (line === 'READY') kill('SIGTERM');
    });
    expect(r.signal).toBe('SIGTERM');
    const dataDir = /DATA (\S+)/.exec(r.out)?.[1];
    expect(dataDir && fs.existsSync(dataDir)).toBe(false);
  });

  it('reports a command that cannot be run', async () => {
    const r = await run(['/no/such/command'], envWithout());
    expect(r.code).toBe(127);
    expect(r.out).toContain('cannot run /no/such/command');
  });
});
