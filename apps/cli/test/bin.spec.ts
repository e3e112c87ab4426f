import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers';

const BIN = path.join(__dirname, '..', 'bin', 'reachwatch.js');
const ROOT = path.join(__dirname, '..', '..', '..');

describe('the real bin', () => {
  it('analyze --format json from another cwd: stdout is exactly the JSON', () => {
    const stdout = execFileSync(process.execPath, [BIN, 'analyze', 'lol', '--format', 'json'], {
      cwd: FIXTURES,
      env: { ...process.env, REACHWATCH_PROGRESS: '1' }, // forced, yet json on stdout must stay clean
      encoding: 'utf8',
    });
    const parsed = JSON.parse(stdout);
    expect(Object.keys(parsed)).toEqual(['connections']);
    expect(parsed.connections.some((c: { src: { name?: string }; dst: { name?: string } }) => c.src.name === 'lol-yahoo' && c.dst.name === 'lol-default')).toBe(true);
  });

  it('exit codes reach the shell', () => {
    const r = spawnSync(process.execPath, [BIN, 'diff', 'diff/before', 'diff/after', '--fail-on-exposure'], { cwd: FIXTURES, encoding: 'utf8' });
    expect(r.status).toBe(3);
    const bad = spawnSync(process.execPath, [BIN, 'analyze', 'lol', '--format', 'xml'], { cwd: FIXTURES, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
  });

  it('npm start prints the notice and the demo scenarios, exit 0', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'apps/cli/bin/start-notice.js')], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('not built yet');
    expect(r.stdout).toContain('yahoo/lol-yahoo[Deployment] => default/lol-default[Deployment] : All Connections');
    expect(r.stdout).toContain('# CNI profile: calico');
    expect(r.stdout).toContain('# CNI profile: generic');
  });
});
