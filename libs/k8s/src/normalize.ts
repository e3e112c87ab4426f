/**
 * Single-object normalisers for the live pipeline (watch events): raw object → model object, or a thrown
 * K8sObjectError (`.code`, and a message naming the object and the field). Warnings go to
 * `opts.onWarning` when given. toPod throws code POD_TERMINATED for a Succeeded/Failed pod: treat that as
 * a delete.
 */
import type {
  AdminNetworkPolicy,
  BaselineAdminNetworkPolicy,
  Namespace,
  NetworkPolicy,
  Node,
  Pod,
  Service,
} from '@reachwatch/policy-engine';
import { K8sObjectError } from './errors';
import { readAdminNetworkPolicy, readBaselineAdminNetworkPolicy } from './kinds/admin-network-policy';
import { readNamespace } from './kinds/namespace';
import { readNetworkPolicy } from './kinds/network-policy';
import { readNode } from './kinds/node';
import { readPod } from './kinds/pod';
import { readService } from './kinds/service';
import { isWorkloadKind, readWorkload } from './kinds/workload';
import { Codes, msg } from './messages';
import { Ctx, isObject, Raw } from './raw';
import { classify } from './registry';
import type { ObjectOptions } from './types';

function prepare(raw: unknown, kinds: readonly string[], opts: ObjectOptions): { ctx: Ctx; obj: Raw } {
  if (!isObject(raw)) throw new K8sObjectError(Codes.NOT_AN_OBJECT, msg.notAnObject(raw));
  const kind = typeof raw.kind === 'string' && raw.kind ? raw.kind : kinds[0];
  // Watch and list payloads may omit kind; a different kind is a caller's mistake worth a clear error.
  if (!kinds.includes(kind)) {
    throw new K8sObjectError(Codes.INVALID_VALUE, `expected ${kinds.join(' or ')}, got kind ${JSON.stringify(raw.kind)}`, kind);
  }
  const ctx = new Ctx(kind, undefined, opts.onWarning);
  if (typeof raw.apiVersion === 'string' && raw.apiVersion) {
    const c = classify(raw.apiVersion, kind);
    if (c.status === 'foreign') {
      throw new K8sObjectError(Codes.IGNORED_KIND, msg.foreignKind(raw.apiVersion, kind, c.expected), kind);
    }
    if (c.status === 'read' && c.unexpectedVersion) {
      ctx.warn(Codes.UNEXPECTED_API_VERSION, '', msg.unexpectedApiVersion(raw.apiVersion, kind, c.spec.apiVersion));
    }
  }
  return { ctx, obj: raw };
}

export function toNamespace(raw: unknown, opts: ObjectOptions = {}): Namespace {
  const { ctx, obj } = prepare(raw, ['Namespace'], opts);
  return readNamespace(ctx, obj);
}

export function toPod(raw: unknown, opts: ObjectOptions = {}): Pod {
  const { ctx, obj } = prepare(raw, ['Pod'], opts);
  return readPod(ctx, obj, opts.includeTerminatedPods);
}

/** A workload controller (Deployment, StatefulSet, …, CronJob) → its representative pod. */
export function toWorkloadPod(raw: unknown, opts: ObjectOptions = {}): Pod {
  const kind = isObject(raw) && typeof raw.kind === 'string' && isWorkloadKind(raw.kind) ? raw.kind : 'Deployment';
  const { ctx, obj } = prepare(raw, [kind], opts);
  return readWorkload(ctx, obj);
}

export function toNetworkPolicy(raw: unknown, opts: ObjectOptions = {}): NetworkPolicy {
  const { ctx, obj } = prepare(raw, ['NetworkPolicy'], opts);
  return readNetworkPolicy(ctx, obj);
}

export function toAdminNetworkPolicy(raw: unknown, opts: ObjectOptions = {}): AdminNetworkPolicy {
  const { ctx, obj } = prepare(raw, ['AdminNetworkPolicy'], opts);
  return readAdminNetworkPolicy(ctx, obj);
}

export function toBaselineAdminNetworkPolicy(raw: unknown, opts: ObjectOptions = {}): BaselineAdminNetworkPolicy {
  const { ctx, obj } = prepare(raw, ['BaselineAdminNetworkPolicy'], opts);
  return readBaselineAdminNetworkPolicy(ctx, obj);
}

export function toService(raw: unknown, opts: ObjectOptions = {}): Service {
  const { ctx, obj } = prepare(raw, ['Service'], opts);
  return readService(ctx, obj);
}

export function toNode(raw: unknown, opts: ObjectOptions = {}): Node {
  const { ctx, obj } = prepare(raw, ['Node'], opts);
  return readNode(ctx, obj);
}
