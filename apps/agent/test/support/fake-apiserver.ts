/**
 * A small, real HTTP Kubernetes API for the agent's tests: list with limit/continue, watch streams from a
 * resourceVersion with a replayable history, ERROR 410 for a compacted version, bookmarks, discovery of the
 * AdminNetworkPolicy group — and switches to break things on purpose (drop every watch, compact history,
 * fail the next requests of a path). The fuller simulator (apps/sim) is used where it exists; this one gives
 * the fault tests exact control.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

type Obj = Record<string, unknown> & { metadata: Record<string, unknown> };
interface HistoryEntry {
  rv: number;
  path: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: Obj;
}

export const PATHS = {
  Namespace: '/api/v1/namespaces',
  Node: '/api/v1/nodes',
  Pod: '/api/v1/pods',
  Service: '/api/v1/services',
  NetworkPolicy: '/apis/networking.k8s.io/v1/networkpolicies',
  AdminNetworkPolicy: '/apis/policy.networking.k8s.io/v1alpha1/adminnetworkpolicies',
  BaselineAdminNetworkPolicy: '/apis/policy.networking.k8s.io/v1alpha1/baselineadminnetworkpolicies',
} as const;
export type FakeKind = keyof typeof PATHS;
const API_VERSION: Record<FakeKind, string> = {
  Namespace: 'v1',
  Node: 'v1',
  Pod: 'v1',
  Service: 'v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  AdminNetworkPolicy: 'policy.networking.k8s.io/v1alpha1',
  BaselineAdminNetworkPolicy: 'policy.networking.k8s.io/v1alpha1',
};

export interface RequestRecord {
  path: string;
  query: Record<string, string>;
}

export class FakeApiServer {
  private rv = 1000;
  private uidSeq = 0;
  private readonly objects = new Map<string, Map<string, Obj>>();
  private readonly history: HistoryEntry[] = [];
  private compactedBelow = 0;
  private readonly watches = new Set<{ path: string; res: http.ServerResponse }>();
  private readonly failures = new Map<string, number[]>();
  private server!: http.Server;
  readonly requests: RequestRecord[] = [];
  crds = false;
  url = '';

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    this.dropWatches();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Creates an object (kind, name, optional namespace/labels/spec); returns it as stored. */
  add(kind: FakeKind, name: string, extra: { namespace?: string; labels?: Record<string, string>; spec?: unknown; status?: unknown } = {}): Obj {
    const obj: Obj = {
      apiVersion: API_VERSION[kind],
      kind,
      metadata: {
        name,
        ...(extra.namespace ? { namespace: extra.namespace } : {}),
        uid: `uid-${++this.uidSeq}`,
        labels: extra.labels ?? {},
        managedFields: [{ manager: 'test-writer', operation: 'Update', time: '2026-11-23T10:00:00Z' }],
      },
      spec: extra.spec ?? {},
      ...(extra.status ? { status: extra.status } : {}),
    };
    return this.write(kind, 'ADDED', obj);
  }

  modify(kind: FakeKind, name: string, change: (o: Obj) => void, namespace?: string): Obj {
    const obj = structuredClone(this.find(kind, name, namespace));
    change(obj);
    return this.write(kind, 'MODIFIED', obj);
  }

  remove(kind: FakeKind, name: string, namespace?: string): Obj {
    return this.write(kind, 'DELETED', structuredClone(this.find(kind, name, namespace)));
  }

  /** Every stored object of a kind, as the API would list it (with kind and apiVersion). */
  list(kind: FakeKind): Obj[] {
    return [...(this.objects.get(PATHS[kind])?.values() ?? [])];
  }

  /** Ends every open watch stream, as a restarting API server or a load balancer would. */
  dropWatches(): void {
    for (const w of this.watches) w.res.destroy();
    this.watches.clear();
  }

  /** Forgets history: a watch from an older resourceVersion now gets 410 Gone. */
  compact(): void {
    this.compactedBelow = this.rv;
  }

  /** Sends a BOOKMARK carrying the current resourceVersion to the open watches of a kind. */
  bookmark(kind: FakeKind): string {
    const rv = String(this.rv);
    for (const w of this.watches) {
      if (w.path === PATHS[kind]) w.res.write(JSON.stringify({ type: 'BOOKMARK', object: { kind, apiVersion: API_VERSION[kind], metadata: { resourceVersion: rv } } }) + '\n');
    }
    return rv;
  }

  /** The next requests to `path` (list or watch) answer these statuses, in order. */
  failNext(kind: FakeKind, ...statuses: number[]): void {
    this.failures.set(PATHS[kind], [...(this.failures.get(PATHS[kind]) ?? []), ...statuses]);
  }

  openWatches(kind: FakeKind): number {
    return [...this.watches].filter((w) => w.path === PATHS[kind]).length;
  }

  private find(kind: FakeKind, name: string, namespace?: string): Obj {
    const o = this.list(kind).find((x) => x.metadata.name === name && x.metadata.namespace === namespace);
    if (!o) throw new Error(`fake apiserver: no ${kind} ${namespace ?? ''}/${name}`);
    return o;
  }

  private write(kind: FakeKind, type: HistoryEntry['type'], obj: Obj): Obj {
    const path = PATHS[kind];
    obj.metadata.resourceVersion = String(++this.rv);
    const store = this.objects.get(path) ?? new Map<string, Obj>();
    this.objects.set(path, store);
    if (type === 'DELETED') store.delete(obj.metadata.uid as string);
    else store.set(obj.metadata.uid as string, obj);
    const entry = { rv: this.rv, path, type, object: structuredClone(obj) };
    this.history.push(entry);
    for (const w of this.watches) if (w.path === path) w.res.write(JSON.stringify({ type, object: entry.object }) + '\n');
    return obj;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const query = Object.fromEntries(url.searchParams);
    this.requests.push({ path: url.pathname, query });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const status = (code: number, message: string) => json(code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, message });
    const fail = this.failures.get(url.pathname)?.shift();
    if (fail) return status(fail, `injected failure ${fail}`);
    if (url.pathname === '/apis/policy.networking.k8s.io/v1alpha1') {
      if (!this.crds) return status(404, 'the server could not find the requested resource');
      return json(200, {
        kind: 'APIResourceList',
        groupVersion: 'policy.networking.k8s.io/v1alpha1',
        resources: [
          { name: 'adminnetworkpolicies', kind: 'AdminNetworkPolicy', namespaced: false, verbs: ['list', 'watch'] },
          { name: 'baselineadminnetworkpolicies', kind: 'BaselineAdminNetworkPolicy', namespaced: false, verbs: ['list', 'watch'] },
        ],
      });
    }
    const kind = (Object.keys(PATHS) as FakeKind[]).find((k) => PATHS[k] === url.pathname);
    if (!kind || (!this.crds && kind.includes('AdminNetworkPolicy'))) return status(404, 'the server could not find the requested resource');
    if (query.watch === 'true') return this.watch(url.pathname, query.resourceVersion, res);
    // A list: items without kind/apiVersion, like the real API server; `continue` is an offset.
    const all = [...(this.objects.get(url.pathname)?.values() ?? [])].map(({ kind: _k, apiVersion: _a, ...rest }) => rest);
    const offset = query.continue ? Number(query.continue) : 0;
    const limit = query.limit ? Number(query.limit) : all.length;
    const items = all.slice(offset, offset + limit);
    const next = offset + limit < all.length ? String(offset + limit) : undefined;
    json(200, { kind: `${kind}List`, apiVersion: API_VERSION[kind], metadata: { resourceVersion: String(this.rv), ...(next ? { continue: next } : {}) }, items });
  }

  private watch(path: string, from: string | undefined, res: http.ServerResponse): void {
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    res.flushHeaders(); // the real API server answers at once, before the first event
    const fromRv = Number(from ?? this.rv);
    if (fromRv < this.compactedBelow) {
      res.end(JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: `too old resource version: ${from}` } }) + '\n');
      return;
    }
    for (const e of this.history) if (e.path === path && e.rv > fromRv) res.write(JSON.stringify({ type: e.type, object: e.object }) + '\n');
    const w = { path, res };
    this.watches.add(w);
    res.on('close', () => this.watches.delete(w));
  }
}
