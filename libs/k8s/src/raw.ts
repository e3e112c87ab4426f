/**
 * Reading untyped objects (parsed YAML/JSON) field by field. A Ctx names the object being read; errors
 * throw K8sObjectError (`Kind ns/name: <path> <detail>`), warnings go to the Ctx's sink. YAML `null` is
 * treated like an absent field, as Kubernetes' own decoder does.
 */
import { K8sObjectError } from './errors';
import { Codes, msg } from './messages';

export type Raw = Record<string, unknown>;

export type WarningSink = (code: string, message: string) => void;

export class Ctx {
  constructor(
    readonly kind: string,
    public id: string = msg.unnamed,
    private readonly sink?: WarningSink,
  ) {}

  private text(path: string, detail: string): string {
    return `${msg.objectRef(this.kind, this.id)}: ${path ? `${path} ` : ''}${detail}`;
  }

  fail(code: string, path: string, detail: string): never {
    throw new K8sObjectError(code, this.text(path, detail), this.kind, this.id);
  }

  warn(code: string, path: string, detail: string): void {
    this.sink?.(code, this.text(path, detail));
  }
}

export function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);
export const at = (path: string, i: number): string => `${path}[${i}]`;

export function has(o: Raw, key: string): boolean {
  return o[key] !== undefined && o[key] !== null;
}

export function optObject(ctx: Ctx, v: unknown, path: string): Raw | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) ctx.fail(Codes.INVALID_TYPE, path, msg.expected('an object', v));
  return v;
}

export function reqObject(ctx: Ctx, v: unknown, path: string, hint?: string): Raw {
  return optObject(ctx, v, path) ?? ctx.fail(Codes.MISSING_FIELD, path, msg.required(hint));
}

export function optList(ctx: Ctx, v: unknown, path: string): unknown[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) ctx.fail(Codes.INVALID_TYPE, path, msg.expected('a list', v));
  return v;
}

export function optString(ctx: Ctx, v: unknown, path: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') ctx.fail(Codes.INVALID_TYPE, path, msg.expected('a string', v));
  return v;
}

export function reqString(ctx: Ctx, v: unknown, path: string, hint?: string): string {
  const s = optString(ctx, v, path);
  if (s === undefined || s === '') ctx.fail(Codes.MISSING_FIELD, path, msg.required(hint));
  return s;
}

export function optInt(ctx: Ctx, v: unknown, path: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) ctx.fail(Codes.INVALID_TYPE, path, msg.expected('an integer', v));
  return v;
}

export function optBool(ctx: Ctx, v: unknown, path: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') ctx.fail(Codes.INVALID_TYPE, path, msg.expected('true or false', v));
  return v;
}

/** A label map (labels, matchLabels, a Service selector). Numbers and booleans are read as text, with a warning. */
export function stringMap(ctx: Ctx, v: unknown, path: string): Record<string, string> {
  const o = optObject(ctx, v, path);
  const out: Record<string, string> = {};
  if (!o) return out;
  for (const [k, val] of Object.entries(o)) {
    if (typeof val === 'string') out[k] = val;
    else if (typeof val === 'number' || typeof val === 'boolean') {
      ctx.warn(Codes.LABEL_VALUE_COERCED, path, msg.labelCoerced(k, val));
      out[k] = String(val);
    } else if (val === null || val === undefined) {
      out[k] = '';
    } else ctx.fail(Codes.INVALID_TYPE, join(path, k), msg.expected('a string', val));
  }
  return out;
}

/** metadata.name (required) and metadata.namespace (default "default" when `namespaced`); sets ctx.id. */
export function readMeta(ctx: Ctx, raw: Raw, namespaced: boolean): { name: string; namespace: string; meta: Raw } {
  const meta = reqObject(ctx, raw.metadata, 'metadata');
  const name = reqString(ctx, meta.name, 'metadata.name');
  const namespace = namespaced ? (optString(ctx, meta.namespace, 'metadata.namespace') || 'default') : '';
  ctx.id = namespaced ? `${namespace}/${name}` : name;
  return { name, namespace, meta };
}
