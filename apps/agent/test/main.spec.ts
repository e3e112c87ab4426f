/**
 * The agent process itself (src/main.ts under tsx): exit codes, SIGTERM → flush → exit 0, a refused token
 * → exit 1 with the reason, bad usage → exit 2 with the usage text.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeApiServer } from './support/fake-apiserver';
import { IngestRecorder } from './support/ingest-recorder';
import { waitFor } from './support/helpers';

const MAIN = path.join(__dirname, '..', 'src', 'main.ts');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-main-'));
let api: FakeApiServer;
let kubeconfig: string;

beforeAll(async () => {
  api = new FakeApiServer();
  await api.start();
  api.add('Namespace', 'shop');
  api.add('Pod', 'web', { namespace: 'shop' });
  // A kubeconfig as `npm start` writes it: plain http, no insecure-skip-tls-verify.
  kubeconfig = path.join(dir, 'kubeconfig');
  fs.writeFileSync(
    kubeconfig,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: sim\n  cluster: {server: "${api.url}"}\nusers:\n- name: u\n  user: {token: x}\ncontexts:\n- name: sim\n  context: {cluster: sim, user: u}\ncurrent-context: sim\n`,
  );
});

afterAll(async () => {
  await api.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function agentProcess(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: { ...process.env, REACHWATCH_AGENT_TOKEN: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out, exited };
}

describe('main.ts', () => {
  it('exits 2 with the reason and the usage on bad arguments', async () => {
    const p = agentProcess(['--cluster', 'east', '--ingest-url', 'http://127.0.0.1:1']);
    expect(await p.exited).toBe(2);
    expect(p.out.stderr).toContain('no agent token: pass --token-file PATH or set REACHWATCH_AGENT_TOKEN');
    expect(p.out.stderr).toContain('usage: reachwatch-agent');
  });

  it('on SIGTERM delivers what it has and exits 0', { timeout: 150_000 }, async () => {
    const ingest = new IngestRecorder();
    await ingest.start();
    try {
      const p = agentProcess(['--cluster', 'east', '--kubeconfig', kubeconfig, '--context', 'sim', '--ingest-url', ingest.url, '--flush-ms', '60000'], {
        REACHWATCH_AGENT_TOKEN: 'env-token',
      });
      // flush-ms is a minute: nothing is sent until SIGTERM makes the agent drain its queue.
      // A fresh process under tsx: its start alone took over 15 s on a loaded 2-core CI machine.
      await waitFor('the initial list', () => p.out.stderr.includes('listed 1 Pods'), 90_000);
      expect(ingest.received).toHaveLength(0);
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
      expect(p.out.stderr).toContain('SIGTERM received');
      expect(p.out.stderr).toContain('stopped; every event was delivered');
      expect(ingest.names('Pod')).toEqual(['shop/web']);
      expect(ingest.received.every((r) => r.authorization === 'Bearer env-token')).toBe(true);
    } finally {
      await ingest.close();
    }
  });

  it('exits 1 and says why when ingest refuses the token', async () => {
    const ingest = new IngestRecorder();
    await ingest.start();
    ingest.failNext(401);
    const tokenFile = path.join(dir, 'token');
    fs.writeFileSync(tokenFile, 'wrong-token\n');
    try {
      const p = agentProcess(['--cluster', 'east', '--kubeconfig', kubeconfig, '--ingest-url', ingest.url, '--token-file', tokenFile]);
      expect(await p.exited).toBe(1);
      expect(p.out.stderr).toContain('ingest refused the agent token (401: scripted answer 401)');
      expect(ingest.received[0].authorization).toBe('Bearer wrong-token');
    } finally {
      await ingest.close();
    }
  });
});
