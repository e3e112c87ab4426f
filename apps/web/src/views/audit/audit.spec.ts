import { describe, expect, it } from 'vitest';
import type { AuditEntry, NamespacePosture } from '../../api/types';
import { comparePosture, endpointText, filterByPolicy, mergeEntries, parseDiff, whoText } from './audit';

const entry = (seq: number, name = 'p', o: Partial<AuditEntry> = {}): AuditEntry => ({
  seq, occurredAt: '2026-11-23T00:00:00Z', kind: 'NetworkPolicy', namespace: 'default', name, action: 'created', manager: 'kubectl-client-side-apply',
  before: null, after: {}, diff: '', impact: { connectionsAdded: 0, connectionsRemoved: 0, newExposures: [] }, ...o,
});

describe('audit timeline', () => {
  it('classifies the worker’s unified diff line by line', () => {
    const diff = ['--- /dev/null', '+++ NetworkPolicy default/deny (resourceVersion 12)', '@@ line 1 → 1 @@', '+ apiVersion: networking.k8s.io/v1', '  kind: NetworkPolicy', '- old: 1', '# Reachwatch could not read this object'].join('\n');
    expect(parseDiff(diff).map((l) => l.kind)).toEqual(['header', 'header', 'hunk', 'add', 'context', 'del', 'note']);
    expect(parseDiff('')).toEqual([]);
  });

  it('names endpoints like the engine keys them', () => {
    expect(endpointText({ type: 'workload', namespace: 'default', name: 'web', kind: 'Deployment' })).toBe('default/web');
    expect(endpointText({ type: 'external', cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] })).toBe('0.0.0.0/0 except 10.0.0.0/8');
    expect(endpointText({ type: 'external', cidr: '1.2.3.0/24', except: [] })).toBe('1.2.3.0/24');
    expect(endpointText(null)).toBe('?');
  });

  it('merges pages and live re-reads newest first, each entry once', () => {
    const held = [entry(9), entry(5)];
    const merged = mergeEntries(held, [entry(12), entry(9, 'p', { manager: 'newer copy' }), entry(7)]);
    expect(merged.map((e) => e.seq)).toEqual([12, 9, 7, 5]);
    expect(merged[1].manager).toBe('newer copy');
  });

  it('narrows to one policy by name', () => {
    expect(filterByPolicy([entry(3, 'a'), entry(2, 'b'), entry(1, 'a')], 'a').map((e) => e.seq)).toEqual([3, 1]);
    expect(filterByPolicy([entry(3, 'a')], undefined)).toHaveLength(1);
  });

  it('who: the manager, then who/why annotations sorted', () => {
    expect(whoText({ manager: 'kubectl', annotations: { 'reachwatch.io/changed-by': 'ana', 'kubernetes.io/change-cause': 'CHG-1' } })).toBe('kubectl · kubernetes.io/change-cause=CHG-1 · reachwatch.io/changed-by=ana');
    expect(whoText({ manager: null })).toBe('unknown manager');
  });

  it('posture then and now: changed namespaces first (biggest drop first), created and deleted ones marked', () => {
    const p = (namespace: string, score: number, o: Partial<NamespacePosture> = {}): NamespacePosture => ({
      namespace, pods: 1, ingressIsolatedPods: 1, egressIsolatedPods: 1, policies: 1, defaultDenyIngress: true, defaultDenyEgress: true,
      exposedToInternet: false, reachableFromOtherNamespaces: false, score, details: {}, asOfSeq: 1, ...o,
    });
    const then = { at: '2026-11-23T00:00:00Z', seq: 10, namespaces: [p('same', 80), p('worse', 90), p('better', 40), p('gone', 50)] };
    const now = [p('same', 80), p('worse', 30, { exposedToInternet: true }), p('better', 70), p('new', 100)];
    const rows = comparePosture(then, now);
    expect(rows.map((r) => [r.namespace, r.changed, r.scoreDelta])).toEqual([
      ['worse', true, -60],
      ['gone', true, undefined],
      ['new', true, undefined],
      ['better', true, 30],
      ['same', false, 0],
    ]);
  });
});
