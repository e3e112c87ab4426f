/**
 * `labelSelector` and `fieldSelector` query parameters, parsed once per request into predicates.
 * Label syntax as the API server accepts it: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`,
 * comma-separated (AND). Field selectors: `metadata.name` and `metadata.namespace` with `=`, `==`, `!=`
 * (what clients use to watch one object), plus `spec.nodeName` and `status.phase` for pods.
 */
import { badRequest } from './errors';

type Labels = Record<string, string> | undefined;
export type Predicate = (obj: Record<string, unknown>) => boolean;

interface Requirement {
  key: string;
  op: 'eq' | 'neq' | 'in' | 'notin' | 'exists' | 'notexists';
  values: string[];
}

/** Splits on commas that are not inside parentheses. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((t) => t.trim()).filter((t) => t.length > 0);
}

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;

function checkKey(key: string, whole: string): string {
  if (!KEY.test(key)) throw badRequest(`unable to parse requirement: invalid label key "${key}" in selector "${whole}"`);
  return key;
}

function parseTerm(t: string, whole: string): Requirement {
  let m = /^(\S+?)\s+(in|notin)\s+\(([^)]*)\)$/.exec(t);
  if (m) {
    const values = m[3].split(',').map((v) => v.trim()).filter((v) => v.length > 0);
    return { key: checkKey(m[1], whole), op: m[2] === 'in' ? 'in' : 'notin', values };
  }
  m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(t);
  if (m) return { key: checkKey(m[1], whole), op: m[2] === '!=' ? 'neq' : 'eq', values: [m[3]] };
  m = /^!\s*(\S+)$/.exec(t);
  if (m) return { key: checkKey(m[1], whole), op: 'notexists', values: [] };
  if (/^\S+$/.test(t)) return { key: checkKey(t, whole), op: 'exists', values: [] };
  throw badRequest(`unable to parse requirement: "${t}" in selector "${whole}"`);
}

function matches(r: Requirement, labels: Labels): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = has ? labels[r.key] : undefined;
  switch (r.op) {
    case 'eq':
      return has && v === r.values[0];
    case 'neq':
      return !has || v !== r.values[0];
    case 'in':
      return has && r.values.includes(v as string);
    case 'notin':
      return !has || !r.values.includes(v as string);
    case 'exists':
      return has;
    case 'notexists':
      return !has;
  }
}

export function parseLabelSelector(s: string | null | undefined): Predicate | undefined {
  if (!s || !s.trim()) return undefined;
  const reqs = splitTerms(s).map((t) => parseTerm(t, s));
  return (obj) => {
    const labels = (obj.metadata as { labels?: Record<string, string> } | undefined)?.labels;
    return reqs.every((r) => matches(r, labels));
  };
}

const FIELDS: Record<string, (o: Record<string, unknown>) => string | undefined> = {
  'metadata.name': (o) => (o.metadata as { name?: string })?.name,
  'metadata.namespace': (o) => (o.metadata as { namespace?: string })?.namespace ?? '',
  'spec.nodeName': (o) => (o.spec as { nodeName?: string } | undefined)?.nodeName ?? '',
  'status.phase': (o) => (o.status as { phase?: string } | undefined)?.phase ?? '',
};

export function parseFieldSelector(s: string | null | undefined): Predicate | undefined {
  if (!s || !s.trim()) return undefined;
  const tests = splitTerms(s).map((t) => {
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(t);
    if (!m) throw badRequest(`invalid selector: '${s}'; can't understand '${t}'`);
    const get = FIELDS[m[1].trim()];
    if (!get) throw badRequest(`field label not supported: ${m[1].trim()}`);
    const want = m[3].trim();
    const neg = m[2] === '!=';
    return (o: Record<string, unknown>) => (get(o) === want) !== neg;
  });
  return (obj) => tests.every((f) => f(obj));
}

/** Both selectors as one predicate (undefined when neither was given). */
export function selectorPredicate(label?: string | null, field?: string | null): Predicate | undefined {
  const l = parseLabelSelector(label);
  const f = parseFieldSelector(field);
  if (l && f) return (o) => l(o) && f(o);
  return l ?? f;
}
