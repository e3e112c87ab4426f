import { describe, expect, it } from 'vitest';
import { SelectorSyntaxError, describeSelector, parseSelectorText, selectorMatches } from '../src';

describe('parseSelectorText (kubectl label-selector syntax)', () => {
  it('reads equality, set, existence terms', () => {
    expect(parseSelectorText('pci=cde')).toEqual({ matchLabels: { pci: 'cde' } });
    expect(parseSelectorText('pci==cde, team=pay')).toEqual({ matchLabels: { pci: 'cde', team: 'pay' } });
    expect(parseSelectorText('tier in (db, cache),env!=dev,!legacy,owner')).toEqual({
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['cache', 'db'] },
        { key: 'env', operator: 'NotIn', values: ['dev'] },
        { key: 'legacy', operator: 'DoesNotExist' },
        { key: 'owner', operator: 'Exists' },
      ],
    });
    expect(parseSelectorText('')).toEqual({});
    expect(parseSelectorText('example.com/zone=cde')).toEqual({ matchLabels: { 'example.com/zone': 'cde' } });
  });

  it('matches as Kubernetes does: != and notin also match a missing key', () => {
    const s = parseSelectorText('env!=dev,tier notin (web)');
    expect(selectorMatches(s, {})).toBe(true);
    expect(selectorMatches(s, { env: 'dev' })).toBe(false);
    expect(selectorMatches(s, { tier: 'web' })).toBe(false);
    expect(selectorMatches(parseSelectorText('pci=cde'), { pci: 'cde', x: 'y' })).toBe(true);
    expect(selectorMatches(parseSelectorText('pci=cde'), { pci: 'none' })).toBe(false);
  });

  it('round-trips through describeSelector', () => {
    const text = describeSelector(parseSelectorText('tier in (db,cache),app=pay'));
    expect(parseSelectorText(text)).toEqual(parseSelectorText('app=pay,tier in (cache,db)'));
  });

  it.each([
    ['a in ()', /lists no values/],
    ['a in (b', /unbalanced/],
    ['a=b)', /unbalanced/],
    ['a=b,,c=d', /empty term/],
    ['-bad=x', /not a valid label key/],
    ['a=b c', /cannot read/],
    ['a=-x', /not a valid label value/],
    ['a=b,a=c', /cannot equal both/],
  ])('refuses %s with a message that says what is wrong', (text, msg) => {
    expect(() => parseSelectorText(text)).toThrow(SelectorSyntaxError);
    expect(() => parseSelectorText(text)).toThrow(msg);
  });
});
