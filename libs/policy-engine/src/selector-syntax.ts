import { LabelSelector, LabelSelectorRequirement } from './model';

/**
 * kubectl's label-selector text (`pci=cde`, `tier in (db,cache),env!=dev,!legacy`) as a LabelSelector, so
 * people can write scopes and ignore rules the way they write `kubectl get -l`. Terms are ANDed; `a!=b`
 * also matches objects without the key (NotIn, as in Kubernetes). Empty text selects everything.
 */
export class SelectorSyntaxError extends Error {
  readonly code = 'SELECTOR_SYNTAX';
}

// Qualified name with an optional DNS-subdomain prefix, as Kubernetes validates label keys.
const KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

export function parseSelectorText(text: string): LabelSelector {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelectorRequirement[] = [];
  for (const term of splitTerms(text)) {
    let m = /^(\S+)\s+(in|notin)\s+\(([^()]*)\)$/.exec(term);
    if (m) {
      const values = m[3].split(',').map((v) => v.trim()).filter((v) => v !== '');
      if (!values.length) throw new SelectorSyntaxError(`"${term}" lists no values in selector "${text}"`);
      values.forEach((v) => value(v, text));
      matchExpressions.push({ key: key(m[1], text), operator: m[2] === 'in' ? 'In' : 'NotIn', values: [...new Set(values)].sort() });
      continue;
    }
    m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
    if (m) {
      const k = key(m[1], text);
      const v = value(m[3], text);
      if (m[2] === '!=') matchExpressions.push({ key: k, operator: 'NotIn', values: [v] });
      else if (k in matchLabels && matchLabels[k] !== v) throw new SelectorSyntaxError(`"${k}" cannot equal both "${matchLabels[k]}" and "${v}" in selector "${text}"`);
      else matchLabels[k] = v;
      continue;
    }
    m = /^!\s*(\S+)$/.exec(term);
    if (m) {
      matchExpressions.push({ key: key(m[1], text), operator: 'DoesNotExist' });
      continue;
    }
    if (/^\S+$/.test(term)) {
      matchExpressions.push({ key: key(term, text), operator: 'Exists' });
      continue;
    }
    throw new SelectorSyntaxError(`cannot read "${term}" in selector "${text}" (write e.g. "pci=cde", "tier in (db,cache)", "env!=dev", "!legacy")`);
  }
  const out: LabelSelector = {};
  if (Object.keys(matchLabels).length) out.matchLabels = matchLabels;
  if (matchExpressions.length) out.matchExpressions = matchExpressions;
  return out;
}

/** Splits on commas outside parentheses. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0) throw new SelectorSyntaxError(`unbalanced ")" in selector "${s}"`);
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (depth !== 0) throw new SelectorSyntaxError(`unbalanced "(" in selector "${s}"`);
  out.push(cur);
  const terms = out.map((t) => t.trim());
  if (terms.length > 1 && terms.some((t) => t === '')) throw new SelectorSyntaxError(`empty term in selector "${s}"`);
  return terms.filter((t) => t !== '');
}

function key(k: string, whole: string): string {
  if (!KEY.test(k) || k.length > 316) throw new SelectorSyntaxError(`"${k}" is not a valid label key in selector "${whole}"`);
  return k;
}

function value(v: string, whole: string): string {
  if (!VALUE.test(v)) throw new SelectorSyntaxError(`"${v}" is not a valid label value in selector "${whole}"`);
  return v;
}
