import { describe, expect, it } from 'vitest';
import { ComplianceError } from '../src/errors';
import { clusterNamespaces, inScope, parseScope } from '../src/scope';
import { np, ns, pod, state } from './fixtures';

const labelled = (labels: Record<string, string>) => ns('x', labels);

describe('parseScope (kubectl selector syntax)', () => {
  it.each([
    ['pci=cde', { pci: 'cde' }, true],
    ['pci==cde', { pci: 'cde' }, true],
    ['pci=cde', { pci: 'cdex' }, false],
    ['pci=cde', {}, false],
    ['pci!=cde', { pci: 'cde' }, false],
    ['pci!=cde', { pci: 'other' }, true],
    // As in Kubernetes, != and notin also select objects without the key.
    ['pci!=cde', {}, true],
    ['env in (prod, stage)', { env: 'stage' }, true],
    ['env in (prod,stage)', { env: 'dev' }, false],
    ['env notin (dev)', {}, true],
    ['env notin (dev)', { env: 'dev' }, false],
    ['hipaa', { hipaa: '' }, true],
    ['hipaa', {}, false],
    ['!legacy', {}, true],
    ['!legacy', { legacy: 'true' }, false],
    ['env in (prod),tier!=web', { env: 'prod', tier: 'db' }, true],
    ['env in (prod),tier!=web', { env: 'prod', tier: 'web' }, false],
    ['example.com/pci=cde', { 'example.com/pci': 'cde' }, true],
    ['pci=', { pci: '' }, true],
  ])('%s on %j → %s', (sel, labels, expected) => {
    expect(inScope(parseScope(sel), labelled(labels))).toBe(expected);
  });

  it('the empty selector selects every namespace and says so', () => {
    const s = parseScope('  ');
    expect(s.description).toBe('all namespaces');
    expect(inScope(s, labelled({}))).toBe(true);
  });

  it('describes the selector in normalised form', () => {
    expect(parseScope('env in (stage,prod), tier != web ,!legacy, pci').description).toBe('env in (prod,stage),tier!=web,!legacy,pci');
  });

  it.each(['env in ()', 'env in (a', 'a=b,,c=d', 'a b', 'env > 3', 'Bad Key=x', 'k=v v', 'k=-bad', 'a)=b'])('rejects %j with a BAD_SCOPE error', (sel) => {
    expect(() => parseScope(sel)).toThrowError(ComplianceError);
    try {
      parseScope(sel);
    } catch (e) {
      expect((e as ComplianceError).code).toBe('BAD_SCOPE');
      expect((e as Error).message).toMatch(/invalid scope/);
    }
  });
});

describe('clusterNamespaces', () => {
  it('adds namespaces implied by pods, policies and services, with only their name label, sorted', () => {
    const s = state({ namespaces: [ns('b', { pci: 'cde' })], pods: [pod('a', 'p')], networkPolicies: [np('c', 'x')] });
    s.services.push({ namespace: 'd', name: 's', type: 'ClusterIP', ports: [], externalIPs: [], loadBalancerIPs: [] });
    const all = clusterNamespaces(s);
    expect(all.map((n) => n.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(all[0].labels).toEqual({ 'kubernetes.io/metadata.name': 'a' });
    expect(all.filter((n) => inScope(parseScope('pci=cde'), n)).map((n) => n.name)).toEqual(['b']);
  });
});
