/** `reachwatch report`: the command line itself — help, binary output, exit codes and usage errors. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../src/io';
import { run } from '../src/main';
import { DEMO, cli } from './helpers';

const PCI = path.join(DEMO, 'pci');
const AT = '2026-11-01T00:00:00Z';
const pci = ['report', 'k8s', '--framework', 'pci', '--scope', 'pci=cde', '--approved-flows', 'approved-flows.yaml', '--at', AT];

/** An Io whose stdout keeps bytes (a PDF is binary) and claims to be a terminal or not. */
function byteIo(tty: boolean) {
  const chunks: Buffer[] = [];
  let err = '';
  const io = {
    stdout: { write: (d: string | Uint8Array) => chunks.push(Buffer.from(d)), isTTY: tty },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    cwd: PCI,
    env: { REACHWATCH_PROGRESS: '0' },
  } as unknown as Io;
  return { io, out: () => Buffer.concat(chunks), err: () => err };
}

describe('reachwatch report (command line)', () => {
  it('--help lists its flags, the exit codes and examples', async () => {
    const r = await cli(['report', '--help']);
    expect(r.code).toBe(0);
    for (const f of ['--framework', '--scope', '--approved-flows', '--format', '--output', '--cni', '--cluster', '--at', '--fail-on-findings', 'Exit codes:', 'Examples:']) expect(r.stdout).toContain(f);
    expect((await cli(['--help'])).stdout).toContain('report    a compliance report');
  });

  it('PDF goes to stdout when it is not a terminal, byte for byte what -o writes', async () => {
    const b = byteIo(false);
    expect(await run(pci, b.io)).toBe(0);
    expect(b.out().subarray(0, 5).toString()).toBe('%PDF-');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-report-'));
    const file = path.join(dir, 'r.pdf');
    expect((await cli([...pci, '-o', file], { cwd: PCI })).code).toBe(0);
    expect(fs.readFileSync(file).equals(b.out())).toBe(true);
    fs.rmSync(dir, { recursive: true });
  });

  it('refuses to write a PDF to a terminal', async () => {
    const b = byteIo(true);
    expect(await run(pci, b.io)).toBe(2);
    expect(b.err()).toContain('a PDF is not for a terminal');
    expect(b.out().length).toBe(0);
  });

  it('--fail-on-findings: exit 3 when a check fails, 0 when none does', async () => {
    expect((await cli([...pci, '-f', 'json', '--fail-on-findings'], { cwd: PCI })).code).toBe(3);
    const clean = await cli(['report', 'k8s', '--framework', 'cis', '--scope', 'kubernetes.io/metadata.name=payments', '-f', 'json', '--fail-on-findings'], { cwd: PCI });
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout).checks[0].status).toBe('pass');
  });

  it('without --scope every namespace is in scope, and a PCI report says so on stderr', async () => {
    const r = await cli(['report', 'k8s', '--framework', 'pci', '-f', 'json', '--at', AT], { cwd: PCI });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('note: no --scope: every namespace is in scope');
    expect(JSON.parse(r.stdout).summary.total.inScopeNamespaces).toBe(4);
  });

  it('--cluster names the cluster and --cni is recorded with the hash', async () => {
    const r = await cli([...pci, '-f', 'json', '--cluster', 'prod-eu', '--cni', 'calico'], { cwd: PCI });
    expect(JSON.parse(r.stdout).metadata.clusterHashes).toEqual([{ cluster: 'prod-eu', cni: 'calico', hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  });

  it.each([
    [['report', 'k8s'], 'missing --framework'],
    [['report', 'k8s', '--framework', 'sox'], 'unknown framework "sox"'],
    [['report', '--framework', 'pci'], 'needs at least one file or folder'],
    [['report', 'k8s', '--framework', 'pci', '--scope', 'env in ()'], 'invalid scope requirement'],
    [['report', 'k8s', '--framework', 'pci', '--approved-flows', 'nope.yaml'], 'no such file or folder: nope.yaml'],
    [['report', 'k8s', '--framework', 'pci', '--approved-flows', 'k8s/namespaces.yaml'], 'k8s/namespaces.yaml: not valid YAML or JSON: Source contains multiple documents'],
    [['report', 'k8s', '--framework', 'pci', '--approved-flows', '../../package.json'], 'apps/cli/package.json: expected a list of approved flows'],
    [['report', 'k8s', '--framework', 'pci', '--at', 'tomorrow'], 'invalid --at "tomorrow"'],
    [['report', 'k8s', '--framework', 'pci', '--format', 'html'], 'invalid --format "html"'],
  ])('usage error, exit 2: %j', async (argv, message) => {
    const r = await cli(argv, { cwd: PCI });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });
});
