import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** apps/web, whose Vite build the API serves (apps/api/src/web). */
export const WEB_DIR = path.resolve(__dirname, '..', '..', 'web');

/** What the UI's build depends on: sources, the page, the build configuration. */
const INPUTS = ['src', 'index.html', 'vite.config.mts', 'package.json', 'tsconfig.json', 'public'];

export interface WebBuildResult {
  /** True when this call ran the build. */
  built: boolean;
  distDir: string;
  /** Why it was (or was not) built, for the log. */
  reason: 'missing' | 'stale' | 'fresh' | 'forced';
  ms: number;
}

/** The newest modification time under `p` (files and folders; 0 when absent). */
export function newestMtime(p: string): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

/** Whether dist is missing or older than any input (dist/index.html is the last file Vite writes). */
export function webBuildState(webDir = WEB_DIR): 'missing' | 'stale' | 'fresh' {
  const built = newestMtime(path.join(webDir, 'dist', 'index.html'));
  if (built === 0) return 'missing';
  const sources = Math.max(...INPUTS.map((i) => newestMtime(path.join(webDir, i))));
  return sources > built ? 'stale' : 'fresh';
}

/**
 * Builds the UI when dist is missing or older than its sources (about 2 s), else does nothing. The build
 * goes to dist.next and replaces dist only once it succeeded, so a failed build leaves the last good UI.
 */
export async function ensureWebBuild(o: { log?: (line: string) => void; force?: boolean; webDir?: string } = {}): Promise<WebBuildResult> {
  const webDir = o.webDir ?? WEB_DIR;
  const distDir = path.join(webDir, 'dist');
  const state = o.force ? 'forced' : webBuildState(webDir);
  if (state === 'fresh') return { built: false, distDir, reason: 'fresh', ms: 0 };
  const started = Date.now();
  o.log?.(`web UI: ${state === 'missing' ? 'not built yet' : state === 'stale' ? 'sources changed' : 'rebuild asked'}; building it (vite build)…`);
  const next = path.join(webDir, 'dist.next');
  await runVite(webDir, ['build', '--outDir', next, '--emptyOutDir', '--logLevel', 'warn']);
  fs.rmSync(distDir, { recursive: true, force: true });
  fs.renameSync(next, distDir);
  const ms = Date.now() - started;
  o.log?.(`web UI: built in ${(ms / 1000).toFixed(1)} s`);
  return { built: true, distDir, reason: state, ms };
}

function runVite(cwd: string, args: string[]): Promise<void> {
  // vite's `exports` hide bin/; its package.json (exported) names the bin.
  const pkgFile = require.resolve('vite/package.json', { paths: [cwd] });
  const bin = path.join(path.dirname(pkgFile), (JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { bin: { vite: string } }).bin.vite);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const keep = (b: Buffer) => {
      out = (out + b.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`vite build failed (${signal ?? `exit ${code}`}):\n${out.trim()}`))));
  });
}
