/**
 * The report's scope: namespaces chosen by a label selector written as kubectl writes it (`-l`). The
 * policy engine matches LabelSelectors but has no parser for the text form (selectors.ts only prints
 * one), so the parser lives here; matching is the engine's `selectorMatches`.
 *
 * Grammar (k8s.io/apimachinery labels.Parse, minus the numeric `<`/`>` that LabelSelector cannot hold):
 *   selector    := '' | requirement (',' requirement)*
 *   requirement := key | '!' key | key ('=' | '==' | '!=') value | key ('in' | 'notin') '(' values ')'
 * `k!=v` and `k notin (…)` also select namespaces without the key, as in Kubernetes.
 */
import {
  impliedNamespace,
  selectorMatches,
  type ClusterState,
  type LabelSelector,
  type LabelSelectorRequirement,
  type Namespace,
} from '@reachwatch/policy-engine';
import { ComplianceError } from './errors';
import { msg } from './messages';

// Label keys: optional DNS-subdomain prefix and a name of up to 63 characters; values: up to 63, may be empty.
const KEY = /^(?:[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

export interface Scope {
  /** The selector as given, trimmed. */
  text: string;
  selector: LabelSelector;
  /** Human text for the report: the normalised selector, or "all namespaces". */
  description: string;
}

export function parseScope(text: string): Scope {
  const t = text.trim();
  const reqs = t === '' ? [] : splitRequirements(t).map(parseRequirement);
  return { text: t, selector: { matchExpressions: reqs }, description: reqs.length ? reqs.map(requirementText).join(',') : msg.allNamespaces() };
}

/** Splits on commas outside parentheses. */
function splitRequirements(t: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of t) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0) throw new ComplianceError('BAD_SCOPE', msg.scopeUnbalanced(t));
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (depth !== 0) throw new ComplianceError('BAD_SCOPE', msg.scopeUnbalanced(t));
  out.push(cur.trim());
  for (const r of out) if (r === '') throw new ComplianceError('BAD_SCOPE', msg.scopeEmptyRequirement(t));
  return out;
}

function parseRequirement(r: string): LabelSelectorRequirement {
  let m = /^([^\s=!(),]+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(r);
  if (m) {
    const values = m[3].split(',').map((v) => v.trim());
    if (values.length === 1 && values[0] === '') throw new ComplianceError('BAD_SCOPE', msg.scopeEmptySet(r));
    values.forEach((v) => checkValue(r, v));
    return { key: checkKey(r, m[1]), operator: m[2] === 'in' ? 'In' : 'NotIn', values: [...new Set(values)].sort() };
  }
  if ((m = /^([^\s=!(),]+)\s*(==|=|!=)\s*([^\s=!(),]*)$/.exec(r))) {
    return { key: checkKey(r, m[1]), operator: m[2] === '!=' ? 'NotIn' : 'In', values: [checkValue(r, m[3])] };
  }
  if ((m = /^!\s*([^\s=!(),]+)$/.exec(r))) return { key: checkKey(r, m[1]), operator: 'DoesNotExist' };
  if ((m = /^([^\s=!(),]+)$/.exec(r))) return { key: checkKey(r, m[1]), operator: 'Exists' };
  throw new ComplianceError('BAD_SCOPE', msg.scopeBadRequirement(r));
}

function checkKey(r: string, k: string): string {
  if (!KEY.test(k)) throw new ComplianceError('BAD_SCOPE', msg.scopeBadKey(r, k));
  return k;
}

function checkValue(r: string, v: string): string {
  if (!VALUE.test(v)) throw new ComplianceError('BAD_SCOPE', msg.scopeBadValue(r, v));
  return v;
}

function requirementText(e: LabelSelectorRequirement): string {
  const vs = e.values ?? [];
  switch (e.operator) {
    case 'In':
      return vs.length === 1 ? `${e.key}=${vs[0]}` : `${e.key} in (${vs.join(',')})`;
    case 'NotIn':
      return vs.length === 1 ? `${e.key}!=${vs[0]}` : `${e.key} notin (${vs.join(',')})`;
    case 'Exists':
      return e.key;
    case 'DoesNotExist':
      return `!${e.key}`;
  }
}

/**
 * Every namespace of a state — declared, or implied by the pods and policies in it (with only the
 * automatic name label, as the engine treats it) — sorted by name.
 */
export function clusterNamespaces(state: ClusterState): Namespace[] {
  const byName = new Map<string, Namespace>();
  for (const n of state.namespaces) byName.set(n.name, n);
  for (const o of [...state.pods, ...state.networkPolicies, ...state.services]) {
    if (!byName.has(o.namespace)) byName.set(o.namespace, impliedNamespace(o.namespace));
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function inScope(scope: Scope, ns: Namespace): boolean {
  return selectorMatches(scope.selector, ns.labels);
}
