/**
 * The policy mutations of network-policy-api's conformance tests (expectations.json steps), done on the raw
 * YAML object exactly as the upstream Go tests patch the live object: `set` a field by path, `swap_rules`,
 * `prepend_rule`. The result is re-normalised by libs/k8s when it is applied.
 */
import { deepClone } from './corpus';
import type { Raw } from './scenario';

/** `spec.egress[5].ports` → ['spec', 'egress', 5, 'ports']. */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) throw new Error(`bad path segment "${part}" in "${path}"`);
    out.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

/** Sets `path` in a copy of `obj`; every container on the way must exist (a typo must not create fields). */
export function setPath(obj: Raw, path: string, value: unknown): Raw {
  const copy = deepClone(obj);
  const segs = parsePath(path);
  let cur: unknown = copy;
  for (let i = 0; i < segs.length - 1; i++) {
    cur = child(cur, segs[i], path);
  }
  const last = segs[segs.length - 1];
  if (typeof last === 'number') {
    if (!Array.isArray(cur) || last >= cur.length) throw new Error(`${path}: index ${last} out of range`);
  } else if (!cur || typeof cur !== 'object' || Array.isArray(cur)) {
    throw new Error(`${path}: parent is not an object`);
  }
  (cur as Record<string | number, unknown>)[last] = deepClone(value);
  return copy;
}

function child(cur: unknown, seg: string | number, path: string): unknown {
  if (typeof seg === 'number') {
    if (!Array.isArray(cur) || seg >= cur.length) throw new Error(`${path}: index ${seg} out of range`);
    return cur[seg];
  }
  if (!cur || typeof cur !== 'object' || !(seg in cur)) throw new Error(`${path}: no field "${seg}"`);
  return (cur as Record<string, unknown>)[seg];
}

function rules(obj: Raw, field: string, what: string): unknown[] {
  if (field !== 'ingress' && field !== 'egress') throw new Error(`${what}: field must be ingress or egress, not ${field}`);
  const spec = obj.spec as Record<string, unknown> | undefined;
  const list = spec?.[field];
  if (!Array.isArray(list)) throw new Error(`${what}: spec.${field} is not a list`);
  return list;
}

/** Swaps rules i and j of spec.<field> (the upstream tests' "swap rules" subtests). */
export function swapRules(obj: Raw, field: string, i: number, j: number): Raw {
  const copy = deepClone(obj);
  const list = rules(copy, field, 'swap_rules');
  if (i >= list.length || j >= list.length) throw new Error(`swap_rules: ${field}[${i}]/[${j}] out of range (${list.length} rules)`);
  [list[i], list[j]] = [list[j], list[i]];
  return copy;
}

/**
 * Inserts a rule before all others. Placeholders `<IP of ns/pod>` in the rule are replaced with that pod's
 * address (the upstream test builds `networks` from the pods' Status.PodIP).
 */
export function prependRule(obj: Raw, field: string, rule: unknown, ipOf: (pod: string) => string): Raw {
  const copy = deepClone(obj);
  const list = rules(copy, field, 'prepend_rule');
  list.unshift(substituteIps(rule, ipOf));
  return copy;
}

export function substituteIps(v: unknown, ipOf: (pod: string) => string): unknown {
  if (typeof v === 'string') {
    return v.replace(/<IP of ([^>]+)>/g, (_, pod: string) => ipOf(pod.trim()));
  }
  if (Array.isArray(v)) return v.map((x) => substituteIps(x, ipOf));
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substituteIps(x, ipOf)]));
  }
  return v;
}
