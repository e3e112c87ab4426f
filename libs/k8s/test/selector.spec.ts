import { describe, expect, it } from 'vitest';
import { Codes } from '../src';
import { clean, errors, load, np, only, warnings } from './helpers';

const withExpr = (expr: string) => load(np(`  podSelector:\n    matchExpressions:\n    - ${expr}`, 'sel'));

describe('LabelSelector validation', () => {
  it('In and NotIn need a non-empty values list', () => {
    expect(only(withExpr(`{key: app, operator: In}`), 'error', Codes.INVALID_SELECTOR).message).toBe(
      'test.yaml#1 NetworkPolicy default/sel: podSelector.matchExpressions[0] operator In needs a non-empty "values" list',
    );
    expect(only(withExpr(`{key: app, operator: NotIn, values: []}`), 'error', Codes.INVALID_SELECTOR).message).toContain(
      'operator NotIn needs a non-empty "values" list',
    );
  });

  it('Exists and DoesNotExist must have no values', () => {
    expect(only(withExpr(`{key: app, operator: Exists, values: [a]}`), 'error', Codes.INVALID_SELECTOR).message).toContain(
      'operator Exists must not have "values"',
    );
    expect(only(withExpr(`{key: app, operator: DoesNotExist, values: [a]}`), 'error', Codes.INVALID_SELECTOR).message).toContain(
      'operator DoesNotExist must not have "values"',
    );
    // An empty list is the same as none.
    expect(clean(withExpr(`{key: app, operator: Exists, values: []}`)).state.networkPolicies[0].podSelector).toEqual({
      matchExpressions: [{ key: 'app', operator: 'Exists' }],
    });
  });

  it('an unknown operator or a missing key is an error', () => {
    expect(only(withExpr(`{key: app, operator: in, values: [a]}`), 'error', Codes.INVALID_SELECTOR).message).toContain(
      'podSelector.matchExpressions[0].operator "in" is not valid (expected In, NotIn, Exists or DoesNotExist)',
    );
    expect(only(withExpr(`{operator: Exists}`), 'error', Codes.MISSING_FIELD).message).toContain('matchExpressions[0].key is required');
  });

  it('unquoted numbers and booleans in label values are read as text, with a warning', () => {
    const r = load(np(`  podSelector:\n    matchLabels: {enabled: true, v: 2}\n    matchExpressions:\n    - {key: k, operator: In, values: [1, x]}`));
    expect(errors(r)).toEqual([]);
    expect(warnings(r, Codes.LABEL_VALUE_COERCED)).toHaveLength(3);
    expect(r.state.networkPolicies[0].podSelector).toEqual({
      matchLabels: { enabled: 'true', v: '2' },
      matchExpressions: [{ key: 'k', operator: 'In', values: ['1', 'x'] }],
    });
  });

  it('a selector of the wrong type is an error', () => {
    expect(only(load(np(`  podSelector: [app]`)), 'error', Codes.INVALID_TYPE).message).toContain(
      'podSelector must be an object, got a list',
    );
  });
});
