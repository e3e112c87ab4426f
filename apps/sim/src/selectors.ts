/**
 * `labelSelector` and `fieldSelector` query parameters, parsed once per request into predicates.
 * Label syntax as the API server accepts it: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`,
 * comma-separated (AND). Field selectors: `metadata.name` and `metadata.namespace` with `=`, `==`, `!=`
 * (what clients use to watch one object), plus `spec.nodeName` and `status.phase` for pods.
 */
import { SelectorSyntaxError, parseSelectorText, selectorMatches } from '@reachwatch/policy-engine';
import { badRequest } from './errors';

export type Predicate = (obj: Record<string, unknown>) => boolean;

/** Splits on commas that are not inside parentheses (field selectors; label selectors use the engine's parser). */
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

/** Label selectors mean what they mean everywhere in Reachwatch: the engine parses and matches them. */
export function parseLabelSelector(s: string | null | undefined): Predicate | undefined {
  if (!s || !s.trim()) return undefined;
  let selector;
  try {
    selector = parseSelectorText(s);
  } catch (e) {
    if (e instanceof SelectorSyntaxError) throw badRequest(`unable to parse requirement: ${e.message}`);
    throw e;
  }
  return (obj) => selectorMatches(selector, (obj.metadata as { labels?: Record<string, string> } | undefined)?.labels ?? {});
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
