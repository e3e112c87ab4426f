/**
 * The HTTP edge: parse the request, dispatch to discovery, list/watch or ClusterApi, and turn ApiErrors
 * into Status responses. No decisions about objects are made here.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClusterApi, OpOptions } from '../api';
import { ApiError, badRequest, statusObject } from '../errors';
import { managerOf } from '../managed';
import { PATCH_TYPES } from '../patch';
import { apiVersionOf } from '../resources';
import { selectorPredicate } from '../selectors';
import { mediaType, parseBody, readBody } from './body';
import { apiGroup, apiGroupList, apiVersions, SERVER_VERSION } from './discovery';
import { Lister } from './list';
import { openapiGroupVersion, openapiIndex } from './openapi';
import { route, Route } from './paths';
import { scaleOf, writeScale } from './scale';
import { serveWatch } from './watch';

export interface ServerOptions {
  bookmarkMs: number;
  /** The longest a watch stays open when the client names no timeoutSeconds. */
  watchTimeoutSeconds: number;
}

export class SimServer {
  readonly lister: Lister;
  /** Open watch responses: closed by dropWatches() and close(). */
  private readonly watches = new Set<http.ServerResponse>();
  private readonly server: http.Server;

  constructor(private readonly api: ClusterApi, private readonly opts: ServerOptions) {
    this.lister = new Lister(api.store);
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((e) => this.fail(res, e));
    });
    this.server.keepAliveTimeout = 5_000;
  }

  listen(port: number, host: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const a = this.server.address() as AddressInfo;
        resolve(`http://${host.includes(':') ? `[${host}]` : host}:${a.port}`);
      });
    });
  }

  /**
   * Ends every open watch: `abrupt` destroys the connection mid-stream (a network failure or an API server
   * restart: clients see an error); `graceful` ends the response (what a server-side watch timeout looks
   * like: clients re-watch from their last resourceVersion).
   */
  dropWatches(mode: 'abrupt' | 'graceful' = 'abrupt'): number {
    const n = this.watches.size;
    for (const r of [...this.watches]) {
      if (mode === 'abrupt') r.destroy();
      else r.end();
    }
    this.watches.clear();
    return n;
  }

  close(): Promise<void> {
    this.dropWatches();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private send(res: http.ServerResponse, code: number, body: object | string): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  private fail(res: http.ServerResponse, e: unknown): void {
    if (res.headersSent) return void res.destroy();
    if (e instanceof ApiError) return this.send(res, e.code, e.status());
    this.send(res, 500, statusObject('Failure', 500, 'InternalError', `internal error: ${(e as Error)?.message ?? String(e)}`));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const q = url.searchParams;
    if (url.pathname === '/openapi/v3' || url.pathname.startsWith('/openapi/v3/')) {
      const gv = url.pathname.slice('/openapi/v3/'.length);
      const doc = url.pathname === '/openapi/v3' ? openapiIndex(this.api.types) : openapiGroupVersion(this.api.types, gv);
      if (!doc) throw new ApiError('NotFound', `the server could not find the requested resource (${url.pathname})`);
      return this.send(res, 200, doc);
    }
    const r = route(url.pathname, this.api.types);
    const method = req.method ?? 'GET';
    if (r.type === 'version' || r.type === 'api' || r.type === 'apis' || r.type === 'group' || r.type === 'groupVersion') {
      if (method !== 'GET') throw new ApiError('MethodNotAllowed', `${method} is not allowed on ${url.pathname}`);
      return this.send(res, 200, this.discovery(r, url.pathname));
    }
    const op: OpOptions = {
      manager: managerOf(q.get('fieldManager'), req.headers['user-agent']),
      dryRun: q.getAll('dryRun').includes('All'),
      force: q.get('force') === 'true',
    };
    const body = async (): Promise<unknown> => parseBody(await readBody(req), mediaType(req.headers['content-type']));
    const rt = r.rt;
    const apiVersion = apiVersionOf(rt);
    if (r.type === 'collection') {
      const predicate = selectorPredicate(q.get('labelSelector'), q.get('fieldSelector'));
      const ns = r.namespace;
      switch (method) {
        case 'GET': {
          if (r.watch || q.get('watch') === 'true' || q.get('watch') === '1') {
            const timeout = Number(q.get('timeoutSeconds') ?? this.opts.watchTimeoutSeconds);
            if (!Number.isFinite(timeout) || timeout < 0) throw badRequest(`invalid timeoutSeconds: ${q.get('timeoutSeconds')}`);
            return serveWatch(
              this.api.store,
              {
                kind: rt.kind,
                apiVersion,
                namespace: ns,
                predicate,
                resourceVersion: q.get('resourceVersion') ?? undefined,
                bookmarks: q.get('allowWatchBookmarks') === 'true',
                sendInitialEvents: q.get('sendInitialEvents') === 'true',
                timeoutSeconds: Math.min(timeout || this.opts.watchTimeoutSeconds, this.opts.watchTimeoutSeconds),
              },
              res,
              { bookmarkMs: this.opts.bookmarkMs },
              this.watches,
            );
          }
          const limit = q.get('limit');
          if (limit !== null && !/^\d+$/.test(limit)) throw badRequest(`invalid limit: ${JSON.stringify(limit)}`);
          const text = this.lister.list({
            kind: rt.kind,
            apiVersion,
            namespace: ns,
            predicate,
            scope: `${q.get('labelSelector') ?? ''}|${q.get('fieldSelector') ?? ''}`,
            limit: limit === null ? undefined : Number(limit),
            continueToken: q.get('continue') ?? undefined,
          });
          return this.send(res, 200, text);
        }
        case 'POST':
          return this.send(res, op.dryRun ? 200 : 201, this.api.create(rt, ns, await body(), op));
        case 'DELETE': {
          const items = this.api.store.list(rt.kind, ns).filter((e) => !predicate || predicate(e.obj));
          const gone = items.map((e) => this.api.delete(rt, e.obj.metadata.namespace, e.obj.metadata.name, op));
          return this.send(res, 200, { kind: `${rt.kind}List`, apiVersion, metadata: { resourceVersion: String(this.api.store.currentRv()) }, items: gone });
        }
        default:
          throw new ApiError('MethodNotAllowed', `${method} is not allowed on a collection`);
      }
    }
    const { namespace: ns, name, sub } = r;
    if (r.watch) throw badRequest('watch a single object with a fieldSelector on its collection');
    if (sub === 'scale') {
      if (method === 'GET') return this.send(res, 200, scaleOf(this.api.get(rt, ns, name)));
      if (method === 'PUT') return this.send(res, 200, writeScale(this.api, rt, ns, name, await body(), undefined, op));
      if (method === 'PATCH') return this.send(res, 200, writeScale(this.api, rt, ns, name, await body(), this.patchType(req), op));
      throw new ApiError('MethodNotAllowed', `${method} is not allowed on the scale subresource`);
    }
    if (sub === 'status' && method !== 'GET') {
      if (method !== 'PUT' && method !== 'PATCH') throw new ApiError('MethodNotAllowed', `${method} is not allowed on the status subresource`);
      const b = (await body()) as { status?: object };
      return this.send(res, 200, this.api.updateStatus(rt, ns, name, { ...(this.api.get(rt, ns, name).status ?? {}), ...(b?.status ?? {}) }));
    }
    switch (method) {
      case 'GET':
        return this.send(res, 200, this.api.get(rt, ns, name));
      case 'PUT':
        return this.send(res, 200, this.api.update(rt, ns, name, await body(), op));
      case 'PATCH': {
        const type = this.patchType(req);
        if (type === 'application/apply-patch+yaml' && !q.get('fieldManager')) {
          throw badRequest('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
        }
        const existed = this.api.find(rt, ns, name) !== undefined;
        const out = this.api.patch(rt, ns, name, type, await body(), op);
        return this.send(res, existed || op.dryRun ? 200 : 201, out);
      }
      case 'DELETE': {
        const text = await readBody(req);
        let pre: OpOptions['preconditions'];
        if (text.trim()) {
          const opts = parseBody(text, 'application/json') as { preconditions?: OpOptions['preconditions']; dryRun?: string[] };
          pre = opts?.preconditions;
          if (opts?.dryRun?.includes('All')) op.dryRun = true;
        }
        return this.send(res, 200, this.api.delete(rt, ns, name, { ...op, preconditions: pre }));
      }
      default:
        throw new ApiError('MethodNotAllowed', `${method} is not allowed on an object`);
    }
  }

  private patchType(req: http.IncomingMessage): string {
    const t = mediaType(req.headers['content-type']);
    if (!(PATCH_TYPES as readonly string[]).includes(t) || t === 'application/apply-patch+cbor') {
      throw new ApiError('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.filter((p) => !p.endsWith('cbor')).join(', ')}`);
    }
    return t;
  }

  private discovery(r: Route, path: string): object {
    switch (r.type) {
      case 'version':
        return SERVER_VERSION;
      case 'api':
        return apiVersions();
      case 'apis':
        return apiGroupList(this.api.types);
      case 'group':
        return apiGroup(this.api.types, r.group) as object;
      case 'groupVersion': {
        const doc = this.api.types.resourceList(r.group, r.version);
        if (!doc) throw new ApiError('NotFound', `the server could not find the requested resource (${path})`);
        return doc;
      }
      default:
        throw new Error('not a discovery route');
    }
  }
}
