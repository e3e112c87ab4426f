import * as path from 'node:path';
import { bufferIo } from '../src/io';
import { run } from '../src/main';

export const FIXTURES = path.join(__dirname, 'fixtures');
export const DEMO = path.join(__dirname, '..', 'demo');

/** Runs the CLI in-process with cwd = the fixtures folder; progress off. */
export async function cli(argv: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const io = bufferIo({ cwd: opts.cwd ?? FIXTURES, env: { REACHWATCH_PROGRESS: '0', ...opts.env } });
  const code = await run(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}
