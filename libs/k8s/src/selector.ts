/**
 * LabelSelector validation. In/NotIn need a non-empty `values`, Exists/DoesNotExist must have none (the API
 * server rejects both mistakes). The result omits empty parts: `{}` selects everything.
 */
import type { LabelSelector, LabelSelectorRequirement, SelectorOperator } from '@reachwatch/policy-engine';
import { Codes, msg } from './messages';
import { at, Ctx, join, optList, optObject, reqString, stringMap } from './raw';

const OPERATORS: readonly SelectorOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** A present selector (`null` reads as `{}`, as Kubernetes decodes it). */
export function labelSelector(ctx: Ctx, v: unknown, path: string): LabelSelector {
  const o = optObject(ctx, v, path) ?? {};
  const out: LabelSelector = {};
  const labels = stringMap(ctx, o.matchLabels, join(path, 'matchLabels'));
  if (Object.keys(labels).length) out.matchLabels = labels;
  const exprs = optList(ctx, o.matchExpressions, join(path, 'matchExpressions')) ?? [];
  const reqs = exprs.map((e, i) => requirement(ctx, e, at(join(path, 'matchExpressions'), i)));
  if (reqs.length) out.matchExpressions = reqs;
  return out;
}

/** An optional selector: absent or `null` gives `undefined`. */
export function optLabelSelector(ctx: Ctx, v: unknown, path: string): LabelSelector | undefined {
  return v === undefined || v === null ? undefined : labelSelector(ctx, v, path);
}

function requirement(ctx: Ctx, v: unknown, path: string): LabelSelectorRequirement {
  const o = optObject(ctx, v, path) ?? ctx.fail(Codes.INVALID_SELECTOR, path, msg.expected('an object', v));
  const key = reqString(ctx, o.key, join(path, 'key'));
  const op = o.operator;
  if (typeof op !== 'string' || !(OPERATORS as readonly string[]).includes(op)) {
    ctx.fail(Codes.INVALID_SELECTOR, join(path, 'operator'), msg.badOperator(op));
  }
  const operator = op as SelectorOperator;
  const rawValues = optList(ctx, o.values, join(path, 'values')) ?? [];
  const values = rawValues.map((x, i) => {
    if (typeof x === 'string') return x;
    if (typeof x === 'number' || typeof x === 'boolean') {
      ctx.warn(Codes.LABEL_VALUE_COERCED, at(join(path, 'values'), i), msg.labelCoerced(key, x));
      return String(x);
    }
    return ctx.fail(Codes.INVALID_TYPE, at(join(path, 'values'), i), msg.expected('a string', x));
  });
  if (operator === 'In' || operator === 'NotIn') {
    if (!values.length) ctx.fail(Codes.INVALID_SELECTOR, path, msg.valuesNeeded(operator));
    return { key, operator, values };
  }
  if (values.length) ctx.fail(Codes.INVALID_SELECTOR, path, msg.valuesForbidden(operator));
  return { key, operator };
}
