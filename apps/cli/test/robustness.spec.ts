import { describe, expect, it } from 'vitest';
import { bufferIo } from '../src/io';
import { run } from '../src/main';
import { cli, FIXTURES } from './helpers';

describe('progress and errors', () => {
  it('progress goes to stderr when forced, never with JSON on stdout', async () => {
    const txt = await cli(['analyze', 'lol'], { env: { REACHWATCH_PROGRESS: '1' } });
    expect(txt.stderr).toContain('Loading [');
    expect(txt.stdout.startsWith('# CNI profile')).toBe(true);
    const json = await cli(['analyze', 'lol', '--format', 'json'], { env: { REACHWATCH_PROGRESS: '1' } });
    expect(json.stderr).not.toContain('Loading');
  });

  it('an internal error: exit 4, a message, no stack unless REACHWATCH_DEBUG=1', async () => {
    const failing = (env: Record<string, string>) => {
      const io = bufferIo({ cwd: FIXTURES, env });
      io.stdout.write = () => {
        throw new Error('disk on fire');
      };
      return io;
    };
    const quiet = failing({});
    expect(await run(['analyze', 'lol'], quiet)).toBe(4);
    expect(quiet.err()).toContain('reachwatch: internal error: disk on fire');
    expect(quiet.err()).not.toMatch(/\n\s+at /);
    const debug = failing({ REACHWATCH_DEBUG: '1' });
    expect(await run(['analyze', 'lol'], debug)).toBe(4);
    expect(debug.err()).toMatch(/\n\s+at /);
  });

  it('--output into a folder that does not exist: exit 2', async () => {
    const r = await cli(['analyze', 'lol', '--output', 'no/such/dir/out.txt']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot write --output no/such/dir/out.txt');
  });

  it('input errors in a diff input: exit 1 (3 wins with --fail-on-exposure and an exposure)', async () => {
    const r = await cli(['diff', 'bad-input', 'bad-input']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Added connections: 0');
  });
});
