/**
 * The cluster's write and read operations, shared by the HTTP layer, the scenario loader, the timed
 * script and the built-in controllers, so every change gets the same checks, identity, managedFields and
 * watch event whichever way it came in.
 */
import { serverSideApply } from './apply';
import { defaultNamespace, Placement, schedulePod, ServiceIps } from './defaults';
import { copyOf, withMembers } from './copy';
import { alreadyExists, ApiError, badRequest, conflict, notFound } from './errors';
import { Ids } from './ids';
import { Ipam } from './ipam';
import { isJsonObject, sameJson, sameJsonIgnoring } from './json';
import { allFields, changedFields, entriesOf, ManagedEntry, recordOwnership } from './managed';
import { applyPatch } from './patch';
import { apiVersionOf, ResourceTable, ResourceType } from './resources';
import { KObj, ObjectStore } from './store';
import { validateObject } from './validate';

export interface OpOptions {
  /** Who makes the change (managedFields). */
  manager: string;
  dryRun?: boolean;
  /** Server-side apply: take over fields other managers own. */
  force?: boolean;
  /** Scenario loading only: keep status as given (pinned pod IPs). */
  keepStatus?: boolean;
  /** Delete preconditions. */
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface Change {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  rt: ResourceType;
  obj: KObj;
  prev?: KObj;
}

export interface ApiOptions {
  validate: boolean;
  ids: Ids;
  ipam: Ipam;
  nodeIps: Map<string, string>;
  now?: () => Date;
}


/** Everything but the bookkeeping metadata a write changes anyway. */
function content(o: KObj): KObj {
  return { ...o, metadata: { ...o.metadata, resourceVersion: undefined, managedFields: undefined } };
}

const BOOKKEEPING = new Set(['resourceVersion', 'managedFields']);

function sameContent(a: KObj, b: KObj): boolean {
  const plain = isJsonObject(a) && isJsonObject(b) && isJsonObject(a.metadata) && isJsonObject(b.metadata) && Object.hasOwn(a, 'metadata') && Object.hasOwn(b, 'metadata');
  return plain ? sameJsonIgnoring(a, b, 'metadata', BOOKKEEPING) : sameJson(content(a), content(b));
}

function withoutStatus(o: KObj): KObj {
  const { status: _status, ...rest } = o;
  return rest;
}

/** A pod spec as its update validation compares it: images may change. */
function withoutImages(spec: KObj): KObj {
  return { ...spec, containers: (spec?.containers ?? []).map(withoutImage) };
}

function withoutImage(container: KObj): KObj {
  return { ...container, image: undefined };
}

export class ClusterApi {
  private readonly services = new ServiceIps();
  private readonly watchers: ((c: Change) => void)[] = [];

  constructor(readonly store: ObjectStore, readonly types: ResourceTable, private readonly opts: ApiOptions) {}

  /** Controllers: called after every committed change, synchronously. */
  onChange(fn: (c: Change) => void): void {
    this.watchers.push(fn);
  }

  private lastNow = { ms: -1, text: '' };

  /** RFC 3339 to the second, as Kubernetes writes timestamps (computed once per millisecond). */
  now(): string {
    const ms = this.opts.now ? this.opts.now().getTime() : Date.now();
    if (ms !== this.lastNow.ms) this.lastNow = { ms, text: new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') };
    return this.lastNow.text;
  }

  type(kind: string): ResourceType {
    const t = this.types.kind(kind);
    if (!t) throw badRequest(`no kind "${kind}" is served by this cluster`);
    return t;
  }

  get(rt: ResourceType, ns: string | undefined, name: string): KObj {
    const o = this.store.get(rt.kind, rt.namespaced ? ns : undefined, name);
    if (!o) throw notFound(rt.resource, name, rt.group);
    return o;
  }

  find(rt: ResourceType, ns: string | undefined, name: string): KObj | undefined {
    return this.store.get(rt.kind, rt.namespaced ? ns : undefined, name);
  }

  /**
   * kind/apiVersion/namespace of a request body against the URL. Returns a copy of the top level and
   * metadata, the only levels written to; deeper levels are shared, and never modified anywhere (every
   * change builds new objects), which keeps loading 50k pods cheap.
   */
  private checkBody(rt: ResourceType, ns: string | undefined, body: unknown): KObj {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the request body must be a JSON object');
    const b = body as KObj;
    const obj: KObj = withMembers(b, { metadata: typeof b.metadata === 'object' && b.metadata !== null && !Array.isArray(b.metadata) ? copyOf(b.metadata) : b.metadata });
    const want = apiVersionOf(rt);
    if (obj.kind !== undefined && obj.kind !== rt.kind) throw badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${rt.kind})`);
    if (obj.apiVersion !== undefined && obj.apiVersion !== want) {
      throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${want})`);
    }
    obj.kind = rt.kind;
    obj.apiVersion = want;
    if (obj.metadata === undefined) obj.metadata = {};
    if (typeof obj.metadata !== 'object' || obj.metadata === null || Array.isArray(obj.metadata)) throw badRequest('metadata must be an object');
    if (rt.namespaced) {
      if (obj.metadata.namespace && ns && obj.metadata.namespace !== ns) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      obj.metadata.namespace = ns ?? obj.metadata.namespace ?? 'default';
    } else delete obj.metadata.namespace;
    return obj;
  }

  private requireNamespace(rt: ResourceType, ns: string): void {
    if (rt.namespaced && !this.store.get('Namespace', undefined, ns)) throw notFound('namespaces', ns);
  }

  create(rt: ResourceType, ns: string | undefined, body: unknown, op: OpOptions): KObj {
    const obj = this.checkBody(rt, ns, body);
    if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = `${obj.metadata.generateName}${this.opts.ids.suffix(5)}`;
    const now = this.now();
    const fieldsV1 = allFields(obj);
    const mf: ManagedEntry[] = Object.keys(fieldsV1).length ? [{ manager: op.manager, operation: 'Update', apiVersion: obj.apiVersion, time: now, fieldsType: 'FieldsV1', fieldsV1 }] : [];
    return this.commitNew(rt, obj, mf, op);
  }

  private commitNew(rt: ResourceType, input: KObj, managedFields: ManagedEntry[], op: OpOptions): KObj {
    const name = String(input.metadata.name ?? '');
    const ns = rt.namespaced ? String(input.metadata.namespace) : undefined;
    validateObject(rt, input, this.opts.validate);
    if (ns) this.requireNamespace(rt, ns);
    if (this.store.get(rt.kind, ns, name)) throw alreadyExists(rt.resource, name, rt.group);
    const now = this.now();
    const { resourceVersion: _rv, uid: _uid, creationTimestamp: _ct, managedFields: _mf, ...meta } = input.metadata;
    let obj: KObj = withMembers(input, { metadata: withMembers(meta, { generation: 1 }) });
    if (!op.keepStatus && rt.kind !== 'Node') delete obj.status;
    obj = this.admit(rt, obj, op, now);
    if (op.dryRun) return withMembers(obj, { metadata: withMembers(obj.metadata, { uid: this.opts.ids.uid(), creationTimestamp: now, managedFields }) });
    const uid = this.opts.ids.uid();
    const stored = this.store.put(rt.kind, withMembers(obj, { metadata: withMembers(obj.metadata, { uid, resourceVersion: this.store.nextRv(), creationTimestamp: now, managedFields }) }));
    this.notify({ type: 'ADDED', rt, obj: stored });
    return stored;
  }

  private admit(rt: ResourceType, obj: KObj, op: OpOptions, now: string): KObj {
    switch (rt.kind) {
      case 'Namespace':
        return defaultNamespace(obj);
      case 'Pod': {
        const p: Placement = { ipam: this.opts.ipam, nodeIps: this.opts.nodeIps, keepStatus: !!op.keepStatus, now };
        return op.dryRun ? obj : schedulePod(obj, p);
      }
      case 'Service':
        return this.services.assign(obj);
      case 'Deployment':
        return withMembers(obj, { spec: { replicas: 1, ...obj.spec } });
      default:
        return obj;
    }
  }

  update(rt: ResourceType, ns: string | undefined, name: string, body: unknown, op: OpOptions): KObj {
    const next = this.checkBody(rt, ns, body);
    if (next.metadata.name !== undefined && next.metadata.name !== name) {
      throw badRequest(`the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`);
    }
    next.metadata.name = name;
    const current = this.get(rt, ns, name);
    const rv = next.metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== current.metadata.resourceVersion) {
      throw conflict(rt.resource, name, 'the object has been modified; please apply your changes to the latest version and try again', rt.group);
    }
    return this.commitUpdate(rt, current, next, undefined, op);
  }

  /** Writes a new version of an existing object: identity kept, status kept, generation bumped on spec change. */
  private commitUpdate(rt: ResourceType, current: KObj, input: KObj, managedFields: ManagedEntry[] | undefined, op: OpOptions): KObj {
    const keep = current.metadata;
    let next: KObj = withMembers(input, {
      metadata: withMembers(input.metadata, {
        name: keep.name,
        uid: keep.uid,
        creationTimestamp: keep.creationTimestamp,
        generation: keep.generation ?? 1,
        resourceVersion: keep.resourceVersion,
        managedFields: keep.managedFields,
      }),
    });
    if (rt.namespaced) next.metadata.namespace = keep.namespace;
    // Status belongs to controllers (the simulator's own), not to writes of the main resource.
    if (rt.kind !== 'Node' && !op.keepStatus) {
      if (current.status !== undefined) next.status = current.status;
      else if (Object.prototype.hasOwnProperty.call(next, 'status')) next = withoutStatus(next); // not `delete`: `next` is stored as it is, and stays a fast object
    }
    if (rt.kind === 'Namespace') next = defaultNamespace(withMembers(next, { status: undefined }));
    if (rt.kind === 'Pod') next = this.checkPodUpdate(current, next);
    if (rt.kind === 'Service') next.spec = withMembers(next.spec, { clusterIP: current.spec?.clusterIP, clusterIPs: current.spec?.clusterIPs, type: next.spec?.type ?? 'ClusterIP' });
    if (rt.kind === 'Deployment') next.spec = { replicas: 1, ...next.spec };
    validateObject(rt, next, this.opts.validate);
    if (!sameJson(next.spec, current.spec)) next.metadata.generation = (keep.generation ?? 1) + 1;
    if (sameContent(current, next)) return current; // a no-op write stores nothing, as the real server does
    next.metadata.managedFields = managedFields ?? recordOwnership(entriesOf(current), next, op.manager, 'Update', changedFields(current, next), this.now());
    if (op.dryRun) return next;
    // `next` is this write's own object: stamped and stored as it is.
    next.metadata.resourceVersion = this.store.nextRv();
    const stored = this.store.put(rt.kind, next);
    this.notify({ type: 'MODIFIED', rt, obj: stored, prev: current });
    return stored;
  }

  /** Pod specs are immutable but for images, as the real validation says (scheduling stays put). */
  private checkPodUpdate(current: KObj, next: KObj): KObj {
    const spec = withMembers(next.spec, { nodeName: current.spec?.nodeName });
    // The spec as it was (a metadata write) passes: it differs from the current one at most by an absent nodeName.
    const unchanged = next.spec === current.spec && (current.spec?.containers == null || Array.isArray(current.spec.containers));
    if (!unchanged && !sameJson(withoutImages(spec), withoutImages(current.spec ?? {}))) {
      throw new ApiError('Invalid', `Pod "${current.metadata.name}" is invalid: spec: Forbidden: pod updates may not change fields other than \`spec.containers[*].image\``, {
        name: current.metadata.name,
        kind: 'Pod',
        causes: [{ reason: 'FieldValueForbidden', field: 'spec', message: 'pod updates may not change fields other than `spec.containers[*].image`' }],
      });
    }
    return withMembers(next, { spec });
  }

  patch(rt: ResourceType, ns: string | undefined, name: string, patchType: string, body: unknown, op: OpOptions): KObj {
    if (patchType === 'application/apply-patch+yaml') return this.apply(rt, ns, name, body, op);
    const current = this.get(rt, ns, name);
    const patched = applyPatch(patchType, current, body, rt.kind);
    return this.update(rt, ns, name, patched, op);
  }

  /** Server-side apply; creates the object when absent. */
  apply(rt: ResourceType, ns: string | undefined, name: string, body: unknown, op: OpOptions): KObj {
    if (!op.manager) throw badRequest('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    if (typeof body !== 'object' || body === null) throw badRequest('the apply configuration must be an object');
    const b = body as KObj;
    if (!b.apiVersion || !b.kind) throw badRequest('apply configurations need apiVersion and kind');
    const applied = this.checkBody(rt, ns, body);
    if (applied.metadata.name !== undefined && applied.metadata.name !== name) {
      throw badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`);
    }
    applied.metadata.name = name;
    const current = this.find(rt, ns, name);
    const { object, managedFields } = serverSideApply(current, applied, op.manager, !!op.force, this.now());
    if (!current) return this.commitNew(rt, object, managedFields, op);
    return this.commitUpdate(rt, current, object, managedFields, op);
  }

  /** A controller's status write (the /status subresource): status only, no generation or ownership change. */
  updateStatus(rt: ResourceType, ns: string | undefined, name: string, status: KObj): KObj {
    const current = this.get(rt, ns, name);
    if (sameJson(current.status, status)) return current;
    const stored = this.store.put(rt.kind, withMembers(current, { metadata: withMembers(current.metadata, { resourceVersion: this.store.nextRv() }), status }));
    this.notify({ type: 'MODIFIED', rt, obj: stored, prev: current });
    return stored;
  }

  delete(rt: ResourceType, ns: string | undefined, name: string, op: OpOptions): KObj {
    const current = this.get(rt, ns, name);
    const pre = op.preconditions;
    if (pre?.uid && pre.uid !== current.metadata.uid) {
      throw conflict(rt.resource, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`, rt.group);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
      throw conflict(rt.resource, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`, rt.group);
    }
    if (op.dryRun) return current;
    // A namespace takes its contents with it (the namespace controller's job, done at once here).
    if (rt.kind === 'Namespace') {
      // Owners before what they own, so a controller does not recreate pods the namespace is taking away.
      const rank = (k: string) => (k === 'Deployment' ? 0 : k === 'ReplicaSet' ? 1 : 2);
      for (const t of [...this.types.types].sort((a, b) => rank(a.kind) - rank(b.kind))) {
        if (!t.namespaced) continue;
        for (const e of this.store.list(t.kind, name)) if (this.store.get(t.kind, name, e.obj.metadata.name)) this.delete(t, name, e.obj.metadata.name, op);
      }
    }
    const gone = this.store.remove(rt.kind, rt.namespaced ? ns : undefined, name) as KObj;
    this.notify({ type: 'DELETED', rt, obj: gone, prev: current });
    return gone;
  }

  private notify(c: Change): void {
    for (const w of this.watchers) w(c);
  }
}
