/**
 * A watched API object → the shape the agent sends to ingest (`IngestObject` in libs/contracts). Keeps what
 * identifies, orders and means something for reachability; drops what only churns: managedFields (but reports
 * who made the latest change as `manager`), the multi-kilobyte last-applied-configuration annotation, and
 * every status field the engine does not read. Pure: no I/O, input never mutated, deterministic.
 *
 * Status kept per kind (what libs/k8s/src/kinds/* read): Pod phase and IPs, Node addresses, Service
 * load-balancer ingress. Conditions, container statuses, heartbeats… change every few seconds and would
 * flood the journal with content-identical "changes".
 */
import { K8sObjectError } from '../errors';
import { isObject, type Raw } from '../raw';
import { LiveCodes, liveMsg } from './messages';
import { latestManager } from './managed-fields';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

export interface LiveMetadata {
  name: string;
  namespace?: string;
  uid: string;
  /** Opaque (STYLE.md): compared for equality only, never as a number. */
  resourceVersion: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: unknown[];
  creationTimestamp?: string;
  deletionTimestamp?: string;
  generation?: number;
}

export interface LiveObject {
  apiVersion: string;
  kind: string;
  metadata: LiveMetadata;
  spec?: unknown;
  status?: Record<string, unknown>;
}

export interface NormalizedLive {
  object: LiveObject;
  /** The field manager of the most recent managedFields entry; null when there are none. */
  manager: string | null;
}

/** Status fields kept per kind; any kind not listed keeps no status. */
const STATUS_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['phase', 'podIP', 'podIPs', 'hostIP'],
  Node: ['addresses'],
  // Exposure of a LoadBalancer Service is judged on its ingress IPs (libs/k8s/src/kinds/service.ts).
  Service: ['loadBalancer'],
};

const META_COPIED = ['ownerReferences', 'creationTimestamp', 'deletionTimestamp', 'generation'] as const;

class Reader {
  constructor(
    readonly kind: string,
    public id = '(unnamed)',
  ) {}
  fail(code: string, path: string, detail: string): never {
    throw new K8sObjectError(code, `${this.kind} ${this.id}: ${path} ${detail}`, this.kind, this.id);
  }
  str(v: unknown, path: string): string {
    if (v === undefined || v === null || v === '') this.fail(LiveCodes.MISSING_FIELD, path, liveMsg.required());
    if (typeof v !== 'string') this.fail(LiveCodes.INVALID_TYPE, path, liveMsg.expected('a string', v));
    return v;
  }
  /** An empty string counts as absent: cluster-scoped objects may carry `namespace: ""`. */
  optStr(v: unknown, path: string): string | undefined {
    return v === undefined || v === null || v === '' ? undefined : this.str(v, path);
  }
  stringMap(v: unknown, path: string): Record<string, string> | undefined {
    if (v === undefined || v === null) return undefined;
    if (!isObject(v)) this.fail(LiveCodes.INVALID_TYPE, path, liveMsg.expected('a map of strings', v));
    for (const [k, val] of Object.entries(v)) {
      if (typeof val !== 'string') this.fail(LiveCodes.INVALID_TYPE, `${path}.${k}`, liveMsg.expected('a string', val));
    }
    return { ...(v as Record<string, string>) };
  }
}

/**
 * Normalises one object as received from a list or a watch event. Throws K8sObjectError (with a code and
 * `Kind ns/name: field detail`) when the object lacks what ingest needs to identify it.
 */
export function normalizeLiveObject(raw: unknown): NormalizedLive {
  if (!isObject(raw)) throw new K8sObjectError(LiveCodes.NOT_AN_OBJECT, liveMsg.notAnObject(raw));
  const r = new Reader(typeof raw.kind === 'string' && raw.kind ? raw.kind : '(no kind)');
  const kind = r.str(raw.kind, 'kind');
  const apiVersion = r.str(raw.apiVersion, 'apiVersion');
  if (raw.metadata === undefined || raw.metadata === null) r.fail(LiveCodes.MISSING_FIELD, 'metadata', liveMsg.required());
  const meta: Raw = isObject(raw.metadata) ? raw.metadata : r.fail(LiveCodes.INVALID_TYPE, 'metadata', liveMsg.expected('an object', raw.metadata));
  const name = r.str(meta.name, 'metadata.name');
  const namespace = r.optStr(meta.namespace, 'metadata.namespace');
  r.id = namespace ? `${namespace}/${name}` : name;

  const metadata: LiveMetadata = {
    name,
    ...(namespace ? { namespace } : {}),
    uid: r.str(meta.uid, 'metadata.uid'),
    resourceVersion: r.str(meta.resourceVersion, 'metadata.resourceVersion'),
  };
  const labels = r.stringMap(meta.labels, 'metadata.labels');
  if (labels) metadata.labels = labels;
  const annotations = r.stringMap(meta.annotations, 'metadata.annotations');
  if (annotations) {
    delete annotations[LAST_APPLIED_ANNOTATION];
    if (Object.keys(annotations).length) metadata.annotations = annotations;
  }
  for (const key of META_COPIED) {
    if (meta[key] !== undefined && meta[key] !== null) (metadata as unknown as Raw)[key] = meta[key];
  }

  const object: LiveObject = { apiVersion, kind, metadata };
  if (raw.spec !== undefined && raw.spec !== null) object.spec = raw.spec;
  const status = keptStatus(kind, raw.status);
  if (status) object.status = status;
  return { object, manager: latestManager(meta.managedFields) };
}

function keptStatus(kind: string, status: unknown): Record<string, unknown> | undefined {
  const fields = STATUS_FIELDS[kind];
  if (!fields || !isObject(status)) return undefined;
  const out: Record<string, unknown> = {};
  for (const f of fields) if (status[f] !== undefined && status[f] !== null) out[f] = status[f];
  return Object.keys(out).length ? out : undefined;
}
