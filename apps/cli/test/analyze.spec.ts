import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, DEMO } from './helpers';

describe('reachwatch analyze', () => {
  it('lol: only lol-yahoo reaches lol-default', async () => {
    const r = await cli(['analyze', 'lol']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('# CNI profile: generic (ipBlock never matches pod IPs)');
    expect(lines).toContain('yahoo/lol-yahoo[Deployment] => default/lol-default[Deployment] : All Connections');
    expect(lines.filter((l) => l.includes('=> default/lol-default'))).toEqual([
      'yahoo/lol-yahoo[Deployment] => default/lol-default[Deployment] : All Connections',
    ]);
    // Egress is untouched: lol-default still reaches out, and the yahoo pods reach each other.
    expect(lines).toContain('default/lol-default[Deployment] => yahoo/miao-yahoo[Deployment] : All Connections');
    expect(lines).toContain('yahoo/miao-yahoo[Deployment] => yahoo/lol-yahoo[Deployment] : All Connections');
    expect(lines.slice(1)).toEqual([...lines.slice(1)].sort());
    expect(r.stderr).toBe('');
  });

  it('json: exactly the documented shape', async () => {
    const r = await cli(['analyze', 'lol', '--format', 'json']);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout);
    expect(Object.keys(parsed)).toEqual(['connections']);
    const toLol = parsed.connections.filter((c: { dst: { name?: string } }) => c.dst.name === 'lol-default');
    expect(toLol).toEqual([
      {
        src: { namespace: 'yahoo', name: 'lol-yahoo', kind: 'Deployment' },
        dst: { namespace: 'default', name: 'lol-default', kind: 'Deployment' },
        all: true,
        ports: [
          { protocol: 'SCTP', from: 1, to: 65535 },
          { protocol: 'TCP', from: 1, to: 65535 },
          { protocol: 'UDP', from: 1, to: 65535 },
        ],
      },
    ]);
    for (const c of parsed.connections) expect(Object.keys(c)).toEqual(['src', 'dst', 'all', 'ports']);
    // The profile is stated on stderr, json having no room for it.
    expect(r.stderr).toMatch(/^note: CNI profile generic/);
  });

  it('csv, dot and md render the same pairs', async () => {
    const csv = await cli(['analyze', 'lol', '--format', 'csv']);
    expect(csv.stdout.split('\n')[0]).toBe('src,dst,protocol,from,to');
    expect(csv.stdout).toContain('yahoo/lol-yahoo[Deployment],default/lol-default[Deployment],TCP,1,65535\n');
    const dot = await cli(['analyze', 'lol', '--format', 'dot']);
    expect(dot.stdout).toMatch(/^digraph reachwatch \{/);
    expect(dot.stdout).toContain('subgraph "cluster_yahoo" {');
    expect(dot.stdout).toContain('"yahoo/lol-yahoo[Deployment]" -> "default/lol-default[Deployment]" [label="All Connections"];');
    const md = await cli(['analyze', 'lol', '--format', 'md']);
    expect(md.stdout).toContain('| `yahoo/lol-yahoo[Deployment]` | `default/lol-default[Deployment]` | All Connections |');
  });

  it('--focus keeps the connections of one workload', async () => {
    const r = await cli(['analyze', 'lol', '--focus', 'default/lol-default']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').slice(1);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toContain('default/lol-default[Deployment]');
    expect(lines).toContain('yahoo/lol-yahoo[Deployment] => default/lol-default[Deployment] : All Connections');
    const withKind = await cli(['analyze', 'lol', '--focus', 'default/lol-default[Deployment]']);
    expect(withKind.stdout).toBe(r.stdout);
  });

  it('--focus on an unknown workload: exit 2 with close matches', async () => {
    const r = await cli(['analyze', 'lol', '--focus', 'yahoo/lol-yaho']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('unknown workload "yahoo/lol-yaho" for --focus. Did you mean: yahoo/lol-yahoo');
  });

  it('--output writes the file relative to cwd and nothing to stdout', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reachwatch-cli-'));
    try {
      const r = await cli(['analyze', path.join(DEMO, 'lol'), '--format', 'md', '--output', 'out.md'], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      expect(fs.readFileSync(path.join(dir, 'out.md'), 'utf8')).toContain('| Source | Destination | Connections |');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('isolated: the answer depends on the CNI profile, and says which one it is', async () => {
    const generic = await cli(['analyze', path.join(DEMO, 'isolated'), '--cni', 'cilium']);
    const calico = await cli(['analyze', path.join(DEMO, 'isolated'), '--cni', 'calico']);
    expect(generic.stdout.split('\n')[0]).toBe('# CNI profile: cilium = generic (ipBlock never matches pod IPs)');
    expect(calico.stdout.split('\n')[0]).toBe('# CNI profile: calico (ipBlock also matches pod IPs inside the block)');
    expect(generic.stdout).not.toContain('other/client[Pod] => isolated/api[Pod]');
    expect(calico.stdout).toContain('other/client[Pod] => isolated/api[Pod] : All Connections');
  });
});

describe('bad input', () => {
  it('a nonexistent path: exit 2, nothing analysed', async () => {
    const r = await cli(['analyze', 'lol', 'no-such-dir']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('no such file or folder: no-such-dir');
  });

  it('malformed YAML beside a valid file: the valid one is analysed, exit 1, the error names file and document', async () => {
    const r = await cli(['analyze', 'bad-input']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('shop/web[Deployment] => shop/db[Deployment] : TCP 5432');
    expect(r.stderr).toMatch(/^error: bad-input\/broken\.yaml, document 2\b.*$/m);
  });

  it('a folder without manifests: exit 2', async () => {
    const r = await cli(['analyze', 'empty']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no manifest files');
  });

  it('unknown --format, unknown option, missing value, no paths: exit 2 with a hint', async () => {
    const f = await cli(['analyze', 'lol', '--format', 'yaml']);
    expect(f.code).toBe(2);
    expect(f.stderr).toContain('invalid --format "yaml" (expected txt, json, csv, dot, md)');
    const o = await cli(['analyze', 'lol', '--colour']);
    expect(o.code).toBe(2);
    expect(o.stderr).toContain('unknown option --colour for "reachwatch analyze"');
    expect(o.stderr).toContain('Try: reachwatch analyze --help');
    const v = await cli(['analyze', 'lol', '--format']);
    expect(v.code).toBe(2);
    expect(v.stderr).toContain('option --format needs a value');
    const p = await cli(['analyze']);
    expect(p.code).toBe(2);
    const c = await cli(['analyze', 'lol', '--cni', 'flannel']);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('invalid --cni "flannel"');
  });
});

describe('reachwatch analyze --level', () => {
  it('--level pod lists every pod of a workload on its own; --focus still names the workload', async () => {
    const w = await cli(['analyze', 'several-pods']);
    expect(w.stdout).toContain('app/client-7d9f[ReplicaSet] => app/server[Pod] : All Connections');
    const p = await cli(['analyze', 'several-pods', '--level', 'pod', '--focus', 'app/client-7d9f']);
    expect(p.code).toBe(0);
    const lines = p.stdout.trimEnd().split('\n').filter((l) => !l.startsWith('#'));
    expect(lines).toEqual([
      '0.0.0.0/0[External] => app/client-7d9f-a[Pod] : All Connections',
      '0.0.0.0/0[External] => app/client-7d9f-b[Pod] : All Connections',
      'app/client-7d9f-a[Pod] => 0.0.0.0/0[External] : All Connections',
      'app/client-7d9f-a[Pod] => app/client-7d9f-b[Pod] : All Connections',
      'app/client-7d9f-a[Pod] => app/server[Pod] : All Connections',
      'app/client-7d9f-b[Pod] => 0.0.0.0/0[External] : All Connections',
      'app/client-7d9f-b[Pod] => app/client-7d9f-a[Pod] : All Connections',
      'app/client-7d9f-b[Pod] => app/server[Pod] : All Connections',
      'app/server[Pod] => app/client-7d9f-a[Pod] : All Connections',
      'app/server[Pod] => app/client-7d9f-b[Pod] : All Connections',
    ]);
    const bad = await cli(['analyze', 'several-pods', '--level', 'container']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--level');
  });
});
