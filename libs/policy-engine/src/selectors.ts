import { LabelSelector, Labels } from './model';

/**
 * Kubernetes label-selector semantics: matchLabels AND every matchExpression. `{}` selects everything.
 * Callers decide what an absent selector means; this function only sees present ones.
 */
export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  if (selector.matchLabels) {
    for (const k of Object.keys(selector.matchLabels)) {
      if (labels[k] !== selector.matchLabels[k]) return false;
    }
  }
  if (selector.matchExpressions) {
    for (const e of selector.matchExpressions) {
      const has = Object.prototype.hasOwnProperty.call(labels, e.key);
      switch (e.operator) {
        case 'In':
          if (!has || !(e.values ?? []).includes(labels[e.key])) return false;
          break;
        case 'NotIn':
          // A missing key satisfies NotIn (as in Kubernetes).
          if (has && (e.values ?? []).includes(labels[e.key])) return false;
          break;
        case 'Exists':
          if (!has) return false;
          break;
        case 'DoesNotExist':
          if (has) return false;
          break;
      }
    }
  }
  return true;
}

export function selectsEverything(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels ?? {}).length === 0 && !selector.matchExpressions?.length;
}

/** Canonical text of a selector: equal selectors give equal keys (used to cache selector results). */
export function selectorKey(selector: LabelSelector | undefined): string {
  if (!selector) return '-';
  const ml = Object.keys(selector.matchLabels ?? {})
    .sort()
    .map((k) => `${k}=${selector.matchLabels![k]}`);
  const me = (selector.matchExpressions ?? [])
    .map((e) => `${e.key} ${e.operator} (${[...(e.values ?? [])].sort().join(',')})`)
    .sort();
  return `{${[...ml, ...me].join(';')}}`;
}

/** Human text, kubectl style: `app=web,tier in (a,b),!legacy`; `{}` reads as "all". */
export function describeSelector(selector: LabelSelector): string {
  const parts: string[] = [];
  for (const k of Object.keys(selector.matchLabels ?? {}).sort()) parts.push(`${k}=${selector.matchLabels![k]}`);
  for (const e of selector.matchExpressions ?? []) {
    const vs = (e.values ?? []).join(',');
    switch (e.operator) {
      case 'In': parts.push(`${e.key} in (${vs})`); break;
      case 'NotIn': parts.push(`${e.key} notin (${vs})`); break;
      case 'Exists': parts.push(e.key); break;
      case 'DoesNotExist': parts.push(`!${e.key}`); break;
    }
  }
  return parts.length ? parts.join(',') : 'all';
}
