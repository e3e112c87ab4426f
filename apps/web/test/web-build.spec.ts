import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newestMtime, webBuildState } from '@reachwatch/launcher/src/web-build';

/** `npm start` rebuilds the UI only when dist is missing or older than any of its sources. */
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function project(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-web-build-'));
  dirs.push(d);
  fs.mkdirSync(path.join(d, 'src', 'views'), { recursive: true });
  fs.writeFileSync(path.join(d, 'index.html'), '<html></html>');
  fs.writeFileSync(path.join(d, 'src', 'views', 'a.tsx'), 'export {}');
  return d;
}
// Whole seconds: every file system stores them exactly (sub-millisecond rounding would make the test flaky).
const touch = (f: string, t: number) => fs.utimesSync(f, t / 1000, t / 1000);
const secondsAgo = (s: number) => (Math.floor(Date.now() / 1000) - s) * 1000;

describe('web build freshness', () => {
  it('missing → stale after a source change → fresh after a build', () => {
    const d = project();
    expect(webBuildState(d)).toBe('missing');
    const t0 = secondsAgo(60);
    touch(path.join(d, 'index.html'), t0);
    touch(path.join(d, 'src', 'views', 'a.tsx'), t0);
    touch(path.join(d, 'src', 'views'), t0);
    touch(path.join(d, 'src'), t0);
    fs.mkdirSync(path.join(d, 'dist'));
    fs.writeFileSync(path.join(d, 'dist', 'index.html'), 'built');
    touch(path.join(d, 'dist', 'index.html'), t0 + 10_000);
    expect(webBuildState(d)).toBe('fresh');
    // A source edited after the build, deep in the tree.
    touch(path.join(d, 'src', 'views', 'a.tsx'), t0 + 20_000);
    expect(webBuildState(d)).toBe('stale');
  });

  it('the newest time of a tree counts files and folders (a deleted file changes its folder)', () => {
    const d = project();
    const t = secondsAgo(5);
    for (const p of ['index.html', 'src/views/a.tsx', 'src/views', 'src']) touch(path.join(d, p), t - 10_000);
    touch(path.join(d, 'src', 'views'), t);
    expect(newestMtime(path.join(d, 'src'))).toBe(t);
    expect(newestMtime(path.join(d, 'nope'))).toBe(0);
  });
});
