/**
 * The first pass over raw objects: expand Lists, classify by apiVersion/kind, read each object with the
 * kind's reader, turn failures into diagnostics with their location, and keep the last definition of
 * each (kind, namespace, name).
 */
import { K8sObjectError } from './errors';
import { Codes, msg } from './messages';
import { at, Ctx, isObject, Raw } from './raw';
import { classify, Parsed, ReadOptions } from './registry';
import type { Diagnostic } from './types';

/** Where an object came from. */
export interface Loc {
  source?: string;
  documentIndex?: number;
  /** Inside a List: `items[3]`. */
  itemPath?: string;
}

export interface SourcedObject extends Loc {
  object: unknown;
}

export interface Collected {
  /** Object kind (Pod, Deployment, …) and its `namespace/name` or `name`. */
  kind: string;
  id: string;
  parsed: Parsed;
  loc: Loc;
}

export const whereOf = (loc: Loc): string => msg.where(loc.source, loc.documentIndex, loc.itemPath);

export class Collector {
  readonly diagnostics: Diagnostic[] = [];
  private readonly objects = new Map<string, Collected>();
  private readonly ignored = new Map<string, { count: number; loc: Loc; kind: string; apiKind: string }>();

  constructor(private readonly opts: ReadOptions = {}) {}

  /** A diagnostic located at `loc`; `text` is prefixed with the location. */
  report(severity: Diagnostic['severity'], code: string, loc: Loc, text: string, kind?: string, name?: string): void {
    const where = whereOf(loc);
    const d: Diagnostic = { severity, code, message: where ? `${where} ${text}` : text, detail: text };
    if (loc.source !== undefined) d.file = loc.source;
    if (loc.documentIndex !== undefined) d.documentIndex = loc.documentIndex;
    if (kind !== undefined) d.kind = kind;
    if (name !== undefined) d.name = name;
    this.diagnostics.push(d);
  }

  add(entry: SourcedObject): void {
    const { object, ...loc } = entry;
    if (object === undefined || object === null) return; // an empty document
    if (!isObject(object)) return this.report('error', Codes.NOT_AN_OBJECT, loc, msg.notAnObject(object));
    const kind = typeof object.kind === 'string' ? object.kind : '';
    if (!kind) return this.report('error', Codes.MISSING_KIND, loc, msg.missingKind());
    const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
    if (!apiVersion) return this.report('error', Codes.MISSING_API_VERSION, loc, msg.missingApiVersion(kind), kind);
    // `List`, and `PodList`-style lists (a kind ending in List that has `items`; other such kinds are objects).
    if (kind === 'List' || (kind.endsWith('List') && 'items' in object)) return this.addList(object, kind, apiVersion, loc);
    this.addObject(object, kind, apiVersion, loc);
  }

  /** `List` items need their own kind; `PodList` items may omit kind/apiVersion (API list responses do). */
  private addList(list: Raw, kind: string, apiVersion: string, loc: Loc): void {
    const items = list.items;
    if (items === undefined || items === null) return;
    if (!Array.isArray(items)) {
      return this.report('error', Codes.INVALID_TYPE, loc, `${kind}: items ${msg.expected('a list', items)}`, kind);
    }
    const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
    items.forEach((item, i) => {
      const itemLoc: Loc = { ...loc, itemPath: at(loc.itemPath ? `${loc.itemPath}.items` : 'items', i) };
      if (!isObject(item)) return this.report('error', Codes.NOT_AN_OBJECT, itemLoc, msg.listItemNotObject(item));
      const filled = { ...item };
      if (itemKind && !filled.kind) filled.kind = itemKind;
      if (itemKind && !filled.apiVersion) filled.apiVersion = apiVersion;
      this.add({ object: filled, ...itemLoc });
    });
  }

  private addObject(raw: Raw, kind: string, apiVersion: string, loc: Loc): void {
    const c = classify(apiVersion, kind);
    if (c.status === 'ignored') {
      const key = `${loc.source ?? ''}\u0000${apiVersion} ${kind}`;
      const seen = this.ignored.get(key);
      if (seen) seen.count++;
      else this.ignored.set(key, { count: 1, loc, kind, apiKind: `${apiVersion} ${kind}` });
      return;
    }
    if (c.status === 'foreign') {
      return this.report('warning', Codes.IGNORED_KIND, loc, msg.foreignKind(apiVersion, kind, c.expected), kind);
    }
    const ctx = new Ctx(kind, undefined, (code, text) => this.report('warning', code, loc, text, kind, ctx.id));
    if (c.unexpectedVersion) {
      ctx.warn(Codes.UNEXPECTED_API_VERSION, '', msg.unexpectedApiVersion(apiVersion, kind, c.spec.apiVersion));
    }
    let parsed: Parsed;
    try {
      parsed = c.spec.read(ctx, raw, this.opts);
    } catch (e) {
      if (!(e instanceof K8sObjectError)) {
        const why = e instanceof Error ? e.message : String(e);
        return this.report('error', Codes.INTERNAL_ERROR, loc, `${msg.objectRef(kind, ctx.id)}: ${msg.internal(why)}`, kind, ctx.id);
      }
      const severity = e.code === Codes.POD_TERMINATED ? 'warning' : 'error';
      return this.report(severity, e.code, loc, e.message, kind, ctx.id);
    }
    const key = `${kind}\u0000${ctx.id}`;
    const previous = this.objects.get(key);
    if (previous) {
      this.report('warning', Codes.DUPLICATE_OBJECT, loc, `${msg.objectRef(kind, ctx.id)} ${msg.duplicate(whereOf(previous.loc) || 'an earlier object')}`, kind, ctx.id);
      this.objects.delete(key); // re-insert: the later definition also takes the later place
    }
    this.objects.set(key, { kind, id: ctx.id, parsed, loc });
  }

  /** Everything read, in input order, plus one IGNORED_KIND warning per (source, kind). */
  finish(): Collected[] {
    for (const { count, loc, kind, apiKind } of this.ignored.values()) {
      this.report('warning', Codes.IGNORED_KIND, loc, msg.ignoredKind(apiKind, count), kind);
    }
    this.ignored.clear();
    return [...this.objects.values()];
  }
}
