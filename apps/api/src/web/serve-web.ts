import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { HttpRequest, HttpResponse, NextFunction } from '../common/http';
import { compressible, contentType } from './content-types';
import { WEB_MSG } from './messages';

export interface ServeWebOptions {
  /** The Vite build (default: REACHWATCH_WEB_DIST, else apps/web/dist of this checkout). */
  distDir?: string;
}

/** Paths the UI never answers: the API, the live feed, the probes (and anything under them). */
const NOT_OURS = /^\/(api|socket\.io|healthz|readyz)(\/|$)/;
/** Vite's hashed output: a changed file gets a new name, so a year of caching is safe. */
const IMMUTABLE = /^\/assets\//;

interface Cached {
  mtimeMs: number;
  size: number;
  body: Buffer;
  gzip?: Buffer;
}

export function defaultWebDist(env: NodeJS.ProcessEnv = process.env): string {
  return env.REACHWATCH_WEB_DIST || path.resolve(__dirname, '..', '..', '..', 'web', 'dist');
}

/**
 * Express middleware serving the built web UI from the API's origin: files from dist with their types and
 * caching (hashed assets immutable, everything else revalidated), and the SPA fallback — any other GET of
 * a page (no file extension, HTML accepted) gets index.html, so deep links like /clusters/x/audit work.
 * It never answers /api, /socket.io, /healthz or /readyz, nor a method other than GET and HEAD: those go
 * on to Nest (and its JSON 404). Files are read once per modification and kept with their gzip in memory.
 */
export function serveWeb(options: ServeWebOptions = {}) {
  const dist = path.resolve(options.distDir ?? defaultWebDist());
  const cache = new Map<string, Cached>();

  const load = (file: string): Cached | undefined => {
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch {
      return undefined;
    }
    if (!st.isFile()) return undefined;
    const held = cache.get(file);
    if (held && held.mtimeMs === st.mtimeMs && held.size === st.size) return held;
    const entry: Cached = { mtimeMs: st.mtimeMs, size: st.size, body: fs.readFileSync(file) };
    cache.set(file, entry);
    return entry;
  };

  const send = (req: HttpRequest, res: HttpResponse, file: string, entry: Cached, cacheControl: string) => {
    const type = contentType(file);
    const etag = `W/"${entry.size.toString(16)}-${Math.floor(entry.mtimeMs).toString(16)}"`;
    res.setHeader('Content-Type', type);
    res.setHeader('Cache-Control', cacheControl);
    res.setHeader('ETag', etag);
    if (compressible(type)) res.setHeader('Vary', 'Accept-Encoding');
    if (req.headers['if-none-match'] === etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    let body = entry.body;
    if (compressible(type) && body.length > 1024 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      entry.gzip ??= gzipSync(entry.body, { level: 9 });
      body = entry.gzip;
      res.setHeader('Content-Encoding', 'gzip');
    }
    res.setHeader('Content-Length', String(body.length));
    res.statusCode = 200;
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  return function serveWebMiddleware(req: HttpRequest, res: HttpResponse, next: NextFunction): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const pathname = (req.originalUrl ?? req.url ?? '/').split('?')[0];
    if (NOT_OURS.test(pathname)) return next();
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return next();
    }
    // Resolved inside dist only: "..", encoded slashes and NUL never reach outside it.
    const file = path.join(dist, path.normalize(decoded).replace(/^(\.\.(\/|\\|$))+/, ''));
    if (!decoded.includes('\0') && (file === dist || file.startsWith(dist + path.sep))) {
      const entry = file === dist ? undefined : load(file);
      if (entry) return send(req, res, file, entry, IMMUTABLE.test(decoded) ? 'public, max-age=31536000, immutable' : 'no-cache');
    }
    // A missing asset (it has an extension) is a 404, not the app: a stale page must not get HTML for JS.
    if (path.extname(decoded) !== '' || !acceptsHtml(req)) return next();
    const index = path.join(dist, 'index.html');
    const entry = load(index);
    if (entry) return send(req, res, index, entry, 'no-cache');
    res.statusCode = 503;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.end(req.method === 'HEAD' ? undefined : WEB_MSG.notBuilt(dist));
  };
}

function acceptsHtml(req: HttpRequest): boolean {
  const accept = String(req.headers.accept ?? '');
  return accept === '' || accept.includes('text/html') || accept.includes('*/*');
}
