import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse } from '../common/http';
import { serveWeb } from './serve-web';

/** The middleware in front of a stand-in "rest of the app" that answers what it is passed, on a real socket. */
let dist: string;
let server: http.Server;
let base: string;

function start(distDir: string): Promise<{ server: http.Server; base: string }> {
  const mw = serveWeb({ distDir });
  const s = http.createServer((req, res) => {
    const r = Object.assign(req, { originalUrl: req.url }) as unknown as HttpRequest;
    mw(r, res as unknown as HttpResponse, () => {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ passedOn: req.url }));
    });
  });
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve({ server: s, base: `http://127.0.0.1:${(s.address() as AddressInfo).port}` })));
}

beforeAll(async () => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-web-dist-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/index-abc.js"></script>');
  fs.writeFileSync(path.join(dist, 'assets', 'index-abc.js'), `console.log(${JSON.stringify('x'.repeat(5000))});`);
  fs.writeFileSync(path.join(dist, 'assets', 'app-abc.css'), 'body{color:red}');
  fs.writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.writeFileSync(path.join(os.tmpdir(), 'rw-secret.txt'), 'secret');
  ({ server, base } = await start(dist));
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  fs.rmSync(dist, { recursive: true, force: true });
});

describe('serveWeb', () => {
  it('serves hashed assets with their type, immutable caching and gzip', async () => {
    const r = await fetch(`${base}/assets/index-abc.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(r.headers.get('vary')).toBe('Accept-Encoding');
    // fetch decompresses: the body is the file itself.
    expect(await r.text()).toBe(fs.readFileSync(path.join(dist, 'assets', 'index-abc.js'), 'utf8'));
    const raw = await new Promise<{ enc?: string; body: Buffer }>((resolve) =>
      http.get(`${base}/assets/index-abc.js`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ enc: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      }),
    );
    expect(raw.enc).toBe('gzip');
    expect(gunzipSync(raw.body).toString()).toContain('console.log');
    expect((await fetch(`${base}/assets/app-abc.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${base}/favicon.svg`)).headers.get('cache-control')).toBe('no-cache');
  });

  it('answers a deep link with index.html (revalidated), and 304 when unchanged', async () => {
    const r = await fetch(`${base}/clusters/demo-east/audit?namespace=default`, { headers: { accept: 'text/html' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.headers.get('cache-control')).toBe('no-cache');
    expect(await r.text()).toContain('<div id="root">');
    const again = await fetch(`${base}/`, { headers: { accept: 'text/html', 'if-none-match': r.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('never shadows the API, the live feed or the probes, and passes other methods on', async () => {
    for (const p of ['/api/v1/clusters', '/api', '/socket.io/?EIO=4', '/healthz', '/readyz', '/api/docs']) {
      const r = await fetch(`${base}${p}`, { headers: { accept: 'text/html' } });
      expect(r.status, p).toBe(404);
      expect(await r.json(), p).toEqual({ passedOn: p });
    }
    const post = await fetch(`${base}/fleet`, { method: 'POST', headers: { accept: 'text/html' } });
    expect(await post.json()).toEqual({ passedOn: '/fleet' });
  });

  it('a missing asset is a 404, not the page; nothing outside dist is readable', async () => {
    expect((await fetch(`${base}/assets/gone-123.js`)).status).toBe(404);
    // Raw request lines (fetch would normalise the dots away before sending them).
    const raw = (p: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(`${base}/`, { path: p }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        });
        req.on('error', reject);
        req.end();
      });
    for (const p of ['/../rw-secret.txt', '/%2e%2e/rw-secret.txt', '/assets/..%2f..%2f..%2frw-secret.txt', '/..\\rw-secret.txt', '/index.html%00.txt']) {
      const r = await raw(p);
      expect(r.body, p).not.toBe('secret');
      expect(r.status, p).toBe(404);
    }
  });

  it('says how to build the UI when dist is missing', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-web-none-'));
    const s = await start(empty);
    try {
      const r = await fetch(`${s.base}/fleet`, { headers: { accept: 'text/html' } });
      expect(r.status).toBe(503);
      expect(await r.text()).toContain('npm run build -w @reachwatch/web');
    } finally {
      await new Promise((res) => s.server.close(res));
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
