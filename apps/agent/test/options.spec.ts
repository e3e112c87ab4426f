/** Options, CLI arguments, kubeconfig resolution and backoff: each bad input gets its own clear error. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AgentOptionError, parseArgs, startAgent } from '../src';
import { Backoff } from '../src/backoff';
import { resolveKubeConfig } from '../src/kubeconfig';
import { resolveOptions } from '../src/options';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-opts-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};
const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: east
  cluster: {server: "http://127.0.0.1:1"}
- name: west
  cluster: {server: "https://west.example:6443", insecure-skip-tls-verify: true}
users:
- name: u
  user: {token: abc}
contexts:
- name: east
  context: {cluster: east, user: u}
- name: west
  context: {cluster: west, user: u}
current-context: west
`;

const base = { cluster: 'east', ingestUrl: 'http://localhost:8080', token: 't' };
const err = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AgentOptionError);
    return (e as Error).message;
  }
  throw new Error('expected an AgentOptionError');
};

describe('resolveOptions', () => {
  it('applies the defaults and trims the token and URL', () => {
    const o = resolveOptions({ ...base, ingestUrl: 'https://rw.example/', token: ' tok\n' });
    expect(o).toMatchObject({ ingestUrl: 'https://rw.example', token: 'tok', maxBatchEvents: 5000, flushMs: 25, pageSize: 5000, retry: { baseMs: 500, maxMs: 30_000 } });
  });

  it.each([
    [{ cluster: '' }, 'invalid option cluster: "" must be 1-63 letters'],
    [{ cluster: 'a/b' }, 'invalid option cluster: "a/b"'],
    [{ ingestUrl: 'not a url' }, 'invalid option ingestUrl: "not a url" is not a URL'],
    [{ ingestUrl: 'ftp://x' }, 'must be http:// or https://'],
    [{ token: '  ' }, 'no agent token'],
    [{ maxBatchEvents: 5001 }, 'invalid option maxBatchEvents: 5001 is not an integer in [1, 5000]'],
    [{ flushMs: -1 }, 'invalid option flushMs: -1'],
    [{ minSendIntervalMs: 1.5 }, 'invalid option minSendIntervalMs: 1.5'],
    [{ retry: { baseMs: 100, maxMs: 10 } }, 'invalid option retry.maxMs: 10 is not an integer in [100, 3600000]'],
  ])('refuses %o', (bad, text) => {
    expect(err(() => resolveOptions({ ...base, ...bad }))).toContain(text);
  });
});

describe('resolveKubeConfig', () => {
  const kc = file('kubeconfig', KUBECONFIG);

  it('uses the named context, else current-context', () => {
    expect(resolveKubeConfig({ path: kc, context: 'east' }, false).getCurrentCluster()?.name).toBe('east');
    expect(resolveKubeConfig({ path: kc }, false).getCurrentCluster()?.server).toBe('https://west.example:6443');
  });

  it('accepts a plain-HTTP server as kubectl does (client-node alone would refuse it)', () => {
    expect(resolveKubeConfig({ path: kc, context: 'east' }, false).getCurrentCluster()?.skipTLSVerify).toBe(true);
  });

  it('names the available contexts when the one asked for is missing', () => {
    expect(err(() => resolveKubeConfig({ path: kc, context: 'north' }, false))).toBe('context "north" is not in the kubeconfig (available: east, west)');
  });

  it('says which file cannot be read', () => {
    expect(err(() => resolveKubeConfig({ path: path.join(dir, 'nope') }, false))).toMatch(/^cannot read kubeconfig ".*nope": ENOENT/);
  });

  it('refuses in-cluster mode outside a pod', () => {
    const saved = process.env.KUBERNETES_SERVICE_HOST;
    delete process.env.KUBERNETES_SERVICE_HOST;
    try {
      expect(err(() => resolveKubeConfig(undefined, true))).toBe(
        'no kubeconfig given and not running in a cluster (KUBERNETES_SERVICE_HOST is not set); pass --kubeconfig',
      );
    } finally {
      if (saved !== undefined) process.env.KUBERNETES_SERVICE_HOST = saved;
    }
  });

  it('startAgent fails fast on a bad kubeconfig, before opening anything', () => {
    expect(err(() => startAgent({ ...base, kubeConfig: { path: kc, context: 'north' } }))).toContain('context "north"');
  });
});

describe('parseArgs', () => {
  const tokenFile = file('token', 'secret-token\n');

  it('reads every flag, in both --flag value and --flag=value forms', () => {
    const r = parseArgs(['--cluster', 'east', '--ingest-url=http://api:8080', '--token-file', tokenFile, '--kubeconfig', 'k', '--context', 'c', '--max-batch-events', '100', '--flush-ms=50', '--min-send-interval-ms', '200', '--agent-id', 'a1'], {});
    expect(r).toEqual({
      help: false,
      options: { cluster: 'east', ingestUrl: 'http://api:8080', token: 'secret-token', kubeConfig: { path: 'k', context: 'c' }, agentId: 'a1', maxBatchEvents: 100, flushMs: 50, minSendIntervalMs: 200 },
    });
  });

  it('goes in-cluster without --kubeconfig and takes the token from REACHWATCH_AGENT_TOKEN', () => {
    expect(parseArgs(['--cluster', 'east', '--ingest-url', 'http://api'], { REACHWATCH_AGENT_TOKEN: 'env-token' })).toEqual({
      help: false,
      options: { cluster: 'east', ingestUrl: 'http://api', token: 'env-token', inCluster: true },
    });
  });

  it('answers --help', () => {
    expect(parseArgs(['--help'], {})).toEqual({ help: true });
  });

  it.each([
    [['--cluster', 'e', '--ingest-url', 'http://a', '--bogus', '1'], {}, 'unknown argument "--bogus"'],
    [['--cluster', '--ingest-url', 'http://a'], {}, '--cluster needs a value'],
    [['--ingest-url', 'http://a'], { REACHWATCH_AGENT_TOKEN: 't' }, '--cluster needs a value'],
    [['--cluster', 'e'], { REACHWATCH_AGENT_TOKEN: 't' }, '--ingest-url needs a value'],
    [['--cluster', 'e', '--ingest-url', 'http://a'], {}, 'no agent token: pass --token-file PATH or set REACHWATCH_AGENT_TOKEN'],
    [['--cluster', 'e', '--ingest-url', 'http://a', '--token-file', '/nonexistent/t'], {}, 'cannot read the token file "/nonexistent/t": ENOENT'],
    [['--cluster', 'e', '--ingest-url', 'http://a', '--context', 'c'], { REACHWATCH_AGENT_TOKEN: 't' }, 'invalid option --context: needs --kubeconfig'],
    [['--cluster', 'e', '--ingest-url', 'http://a', '--flush-ms', '1.5'], { REACHWATCH_AGENT_TOKEN: 't' }, 'invalid option --flush-ms: "1.5" is not a whole number'],
  ])('refuses %j', (argv, env, text) => {
    expect(err(() => parseArgs(argv, env))).toContain(text);
  });

  it('refuses an empty token file', () => {
    expect(err(() => parseArgs(['--cluster', 'e', '--ingest-url', 'http://a', '--token-file', file('empty', '\n')], {}))).toContain('the file is empty');
  });
});

describe('Backoff', () => {
  it('doubles the ceiling up to the cap, each delay within [ceiling/2, ceiling], and resets', () => {
    const lo = new Backoff({ baseMs: 100, maxMs: 1000, random: () => 0 });
    const hi = new Backoff({ baseMs: 100, maxMs: 1000, random: () => 1 });
    expect(Array.from({ length: 6 }, () => lo.next())).toEqual([50, 100, 200, 400, 500, 500]);
    expect(Array.from({ length: 6 }, () => hi.next())).toEqual([100, 200, 400, 800, 1000, 1000]);
    hi.reset();
    expect(hi.next()).toBe(100);
  });
});
