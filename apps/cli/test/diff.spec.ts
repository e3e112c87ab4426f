import { describe, expect, it } from 'vitest';
import { cli } from './helpers';

describe('reachwatch diff', () => {
  it('lists added connections and the new exposures', async () => {
    const r = await cli(['diff', 'diff/before', 'diff/after']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Removed connections: 0\n');
    expect(r.stdout).toMatch(/^\+ ops\/admin\[Deployment\] => shop\/db\[Deployment\] : TCP 5432$/m);
    expect(r.stdout).toMatch(/^! ops\/admin\[Deployment\] => shop\/db\[Deployment\] : TCP 5432 \(from another namespace\)$/m);
    expect(r.stdout).toMatch(/^! 0\.0\.0\.0\/0\[External\] => shop\/web\[Deployment\] : TCP 443 \(from the internet\)$/m);
  });

  it('--fail-on-exposure exits 3', async () => {
    const r = await cli(['diff', 'diff/before', 'diff/after', '--fail-on-exposure']);
    expect(r.code).toBe(3);
    const back = await cli(['diff', 'diff/after', 'diff/before', '--fail-on-exposure']);
    expect(back.code).toBe(0);
    expect(back.stdout).toContain('Added connections: 0\n');
    expect(back.stdout).toContain('New exposures: 0\n');
  });

  it('json: added, removed, exposures', async () => {
    const r = await cli(['diff', 'diff/before', 'diff/after', '--format', 'json']);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout);
    expect(Object.keys(parsed)).toEqual(['added', 'removed', 'exposures']);
    expect(parsed.removed).toEqual([]);
    expect(parsed.exposures).toContainEqual({
      src: { namespace: 'ops', name: 'admin', kind: 'Deployment' },
      dst: { namespace: 'shop', name: 'db', kind: 'Deployment' },
      all: false,
      ports: [{ protocol: 'TCP', from: 5432, to: 5432 }],
      reason: 'other-namespace',
    });
  });

  it('needs exactly two paths', async () => {
    const r = await cli(['diff', 'diff/before']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('exactly two paths');
  });
});
