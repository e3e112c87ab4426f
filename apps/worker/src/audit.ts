import { renderYaml, unifiedDiff } from './text-diff';

/** Kinds whose every create/update/delete is audited. Namespaces are audited when their labels change. */
export const POLICY_KINDS: ReadonlySet<string> = new Set(['NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy']);

export type AuditAction = 'created' | 'updated' | 'deleted' | 'relabelled';

export interface AuditSource {
  kind: string;
  namespace: string;
  name: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  resourceVersion: string;
  before: unknown | null;
  after: unknown | null;
}

export interface AuditText {
  action: AuditAction;
  diff: string;
}

/** Annotations that restate the object (kubectl's last-applied copy) would double every diff. */
const NOISY_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

/**
 * Whether an event is audited, and its readable diff. `note` (a problem reading the object) is appended
 * so the audit trail says when Reachwatch could not use a policy.
 */
export function auditText(e: AuditSource, note?: string): AuditText | undefined {
  let action: AuditAction;
  if (POLICY_KINDS.has(e.kind)) {
    action = e.type === 'ADDED' ? (e.before ? 'updated' : 'created') : e.type === 'DELETED' ? 'deleted' : 'updated';
  } else if (e.kind === 'Namespace') {
    // A created or deleted namespace is not a label change; its effect is in the reachability delta.
    if (e.type === 'DELETED' || !e.before || JSON.stringify(labelsOf(e.before)) === JSON.stringify(labelsOf(e.after))) return undefined;
    action = 'relabelled';
  } else {
    return undefined;
  }
  const name = e.namespace ? `${e.namespace}/${e.name}` : e.name;
  const render = (o: unknown | null) => (o ? renderYaml(e.kind === 'Namespace' ? { metadata: { labels: labelsOf(o) } } : auditView(o)) : []);
  let diff = unifiedDiff(render(e.before), render(e.after), {
    before: e.before ? `${e.kind} ${name} (before)` : '/dev/null',
    after: e.after ? `${e.kind} ${name} (resourceVersion ${e.resourceVersion})` : '/dev/null',
  });
  if (!diff) diff = `${e.kind} ${name}: no change in labels, annotations or spec (resourceVersion ${e.resourceVersion})`;
  if (note) diff += `\n# ${note}`;
  return { action, diff };
}

function labelsOf(o: unknown): Record<string, string> {
  const m = isObject(o) && isObject(o.metadata) ? o.metadata : {};
  return isObject(m.labels) ? (m.labels as Record<string, string>) : {};
}

/** The parts of an object a reviewer reads: name, labels, annotations (minus restatements), spec. */
function auditView(o: unknown): unknown {
  if (!isObject(o)) return o;
  const meta = isObject(o.metadata) ? o.metadata : {};
  const annotations = isObject(meta.annotations)
    ? Object.fromEntries(Object.entries(meta.annotations).filter(([k]) => !NOISY_ANNOTATIONS.has(k)))
    : undefined;
  const metadata: Record<string, unknown> = { name: meta.name };
  if (meta.namespace) metadata.namespace = meta.namespace;
  if (isObject(meta.labels) && Object.keys(meta.labels).length) metadata.labels = meta.labels;
  if (annotations && Object.keys(annotations).length) metadata.annotations = annotations;
  return { apiVersion: o.apiVersion, kind: o.kind, metadata, spec: o.spec ?? null };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Annotations through which people and pipelines say who changed an object and why. */
const WHO_ANNOTATIONS = /^(kubernetes\.io\/change-cause|([a-z0-9.-]+\/)?(changed-by|author|owner|approved-by|ticket|change-request))$/;

/**
 * The "who and why" annotations of the object after the change (before it, for a deletion): the audit
 * trail shows them beside the managedFields manager, which names a tool rather than a person.
 */
export function actorAnnotations(after: unknown, before: unknown): Record<string, string> {
  const src = (after ?? before) as { metadata?: { annotations?: Record<string, unknown> } } | null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(src?.metadata?.annotations ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (typeof v === 'string' && WHO_ANNOTATIONS.test(k)) out[k] = v.slice(0, 500);
  }
  return out;
}
