import { describe, expect, it } from 'vitest';
import { cli } from './helpers';

describe('program', () => {
  it('--help teaches every command and the exit codes', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const s of ['analyze', 'explain', 'diff', 'Exit codes:', 'Examples:', 'REACHWATCH_PROGRESS']) expect(r.stdout).toContain(s);
  });
  it.each([
    ['analyze', ['--format', '--cni', '--focus', '--output']],
    ['explain', ['--from', '--to', '--port', '--cni']],
    ['diff', ['--format', '--fail-on-exposure', '--cni', '--output']],
  ])('%s --help lists its flags, exit codes and examples', async (command, flags) => {
    const r = await cli([command, '--help']);
    expect(r.code).toBe(0);
    for (const f of [...flags, 'Exit codes:', 'Examples:']) expect(r.stdout).toContain(f);
    const viaHelp = await cli(['help', command]);
    expect(viaHelp.stdout).toBe(r.stdout);
  });
  it('--version', async () => {
    const r = await cli(['--version']);
    expect(r.stdout).toMatch(/^reachwatch \d+\.\d+\.\d+\n$/);
  });
  it('unknown command and no command: exit 2', async () => {
    expect((await cli(['analyse', 'x'])).stderr).toContain('unknown command "analyse"');
    expect((await cli(['analyse', 'x'])).code).toBe(2);
    expect((await cli([])).code).toBe(2);
  });
});
