import type { LivePostureRow, PostureUpdated } from '@reachwatch/contracts';
import { describe, expect, it } from 'vitest';
import type { NamespacePosture } from '../../api/types';
import {
  applyPostureUpdated, beginRead, EMPTY_GRID, expireChanged, filterRows, fromLive, isolationLevel, mergeRest, readFilters, readSort, sortRows, totals,
} from './grid';

function ns(namespace: string, o: Partial<NamespacePosture> = {}): NamespacePosture {
  return {
    namespace, pods: 4, ingressIsolatedPods: 4, egressIsolatedPods: 4, policies: 1, defaultDenyIngress: true, defaultDenyEgress: true,
    exposedToInternet: false, reachableFromOtherNamespaces: false, score: 100, details: {}, asOfSeq: 1, ...o,
  };
}

function live(namespace: string, seq: number, o: Partial<LivePostureRow> = {}): LivePostureRow {
  const { asOfSeq: _drop, ...base } = ns(namespace);
  return { ...base, seq, updatedAt: '2026-11-23T00:00:00Z', ...o } as LivePostureRow;
}

const event = (toSeq: number, namespaces: LivePostureRow[], removed: string[] = []): PostureUpdated => ({ cluster: 'c', fromSeq: toSeq - 1, toSeq, namespaces, removed });
const names = (rows: NamespacePosture[]) => rows.map((r) => r.namespace);

describe('namespace grid: filters and order', () => {
  const rows = [
    ns('open', { score: 20, defaultDenyIngress: false, ingressIsolatedPods: 0, exposedToInternet: true, reachableFromOtherNamespaces: true }),
    ns('half', { score: 55, defaultDenyEgress: false, egressIsolatedPods: 2, reachableFromOtherNamespaces: true }),
    ns('closed', { score: 100 }),
    ns('empty', { score: 25, pods: 0, ingressIsolatedPods: 0, egressIsolatedPods: 0, defaultDenyIngress: false, defaultDenyEgress: false }),
    ns('also-20', { score: 20 }),
  ];

  it('worst first by default: lowest score, ties by name', () => {
    const { sort, order } = readSort(undefined, undefined);
    expect([sort, order]).toEqual(['score', 'asc']);
    expect(names(sortRows(rows, sort, order))).toEqual(['also-20', 'open', 'empty', 'half', 'closed']);
  });

  it('each column has its natural direction; namespaces without pods sort after measured coverage both ways', () => {
    expect(readSort('ingress', undefined)).toEqual({ sort: 'ingress', order: 'asc' });
    expect(readSort('pods', undefined)).toEqual({ sort: 'pods', order: 'desc' });
    expect(readSort('nope', 'desc')).toEqual({ sort: 'score', order: 'desc' });
    expect(names(sortRows(rows, 'ingress', 'asc'))).toEqual(['open', 'also-20', 'half', 'closed', 'empty']);
    expect(names(sortRows(rows, 'ingress', 'desc'))).toEqual(['also-20', 'half', 'closed', 'open', 'empty']);
    // Exposure: internet (and cross-namespace) first, then cross-namespace only, then the rest (worse score first).
    expect(names(sortRows(rows, 'exposure', 'desc'))).toEqual(['open', 'half', 'also-20', 'empty', 'closed']);
    expect(names(sortRows(rows, 'namespace', 'asc'))).toEqual(['also-20', 'closed', 'empty', 'half', 'open']);
  });

  it('filters combine (AND) with the name search', () => {
    expect(names(filterRows(rows, ['cross-ns'], undefined))).toEqual(['open', 'half']);
    expect(names(filterRows(rows, ['cross-ns', 'internet'], undefined))).toEqual(['open']);
    expect(names(filterRows(rows, ['no-deny-ingress'], 'EM'))).toEqual(['empty']);
    expect(names(filterRows(rows, ['not-isolated'], undefined))).toEqual(['open', 'half']);
    expect(names(filterRows(rows, [], ' al'))).toEqual(['half', 'also-20']);
    expect(readFilters(['internet', 'bogus', 'cross-ns'])).toEqual(['internet', 'cross-ns']);
  });

  it('isolation levels and totals', () => {
    expect([isolationLevel(4, 4), isolationLevel(2, 4), isolationLevel(0, 4), isolationLevel(0, 0)]).toEqual(['all', 'partial', 'none', 'no-pods']);
    expect(totals(rows)).toEqual({ namespaces: 5, pods: 16, defaultDenyIngress: 3, defaultDenyEgress: 3, internet: 1, crossNs: 2, ingressIsolatedPods: 12, egressIsolatedPods: 14 });
  });
});

describe('namespace grid: REST and live, in journal order', () => {
  it('a posture.updated replaces rows in place, adds new namespaces and removes deleted ones', () => {
    let g = mergeRest(beginRead(EMPTY_GRID), [ns('a', { asOfSeq: 3 }), ns('b', { asOfSeq: 4 })]);
    g = applyPostureUpdated(g, event(6, [live('a', 6, { score: 42.30000001, defaultDenyIngress: false }), live('n', 5)], ['b']), 1000);
    expect([...g.rows.keys()].sort()).toEqual(['a', 'n']);
    expect(g.rows.get('a')).toMatchObject({ score: 42.3, defaultDenyIngress: false, asOfSeq: 6 });
    expect([...g.changed.keys()].sort()).toEqual(['a', 'n']);
    expect(g.removedAt.get('b')).toBe(6);
  });

  it('an older row never overwrites a newer one', () => {
    let g = applyPostureUpdated(EMPTY_GRID, event(9, [live('a', 9, { score: 10 })]), 0);
    g = applyPostureUpdated(g, event(8, [live('a', 8, { score: 99 })]), 0);
    expect(g.rows.get('a')!.score).toBe(10);
  });

  it('a REST read that started before live changes keeps what the feed delivered, and does not resurrect removals', () => {
    let g = mergeRest(beginRead(EMPTY_GRID), [ns('a', { asOfSeq: 2 }), ns('gone', { asOfSeq: 2 })]);
    g = beginRead(g); // a reload starts (say, after a reconnect)…
    g = applyPostureUpdated(g, event(7, [live('a', 7, { score: 5 }), live('new', 7)], ['gone']), 0); // …the feed moves on…
    g = mergeRest(g, [ns('a', { asOfSeq: 2, score: 100 }), ns('gone', { asOfSeq: 2 }), ns('b', { asOfSeq: 3 })]); // …the old read lands
    expect([...g.rows.keys()].sort()).toEqual(['a', 'b', 'new']);
    expect(g.rows.get('a')!.score).toBe(5);
  });

  it('a full re-read drops namespaces that vanished while nothing was listening', () => {
    let g = mergeRest(beginRead(EMPTY_GRID), [ns('a'), ns('old')]);
    g = applyPostureUpdated(g, event(4, [live('a', 4)]), 0); // delivered before the reload began
    g = mergeRest(beginRead(g), [ns('a', { asOfSeq: 9 })]);
    expect([...g.rows.keys()]).toEqual(['a']);
    expect(g.rows.get('a')!.asOfSeq).toBe(9);
  });

  it('a namespace re-created after a removal comes back with its new row', () => {
    let g = applyPostureUpdated(EMPTY_GRID, event(5, [], ['x']), 0);
    g = mergeRest(g, [ns('x', { asOfSeq: 4 })]);
    expect(g.rows.has('x')).toBe(false);
    g = mergeRest(g, [ns('x', { asOfSeq: 6 })]);
    expect(g.rows.has('x')).toBe(true);
  });

  it('highlights expire', () => {
    const g = applyPostureUpdated(EMPTY_GRID, event(2, [live('a', 2)]), 1000);
    expect(expireChanged(g, 2000, 2500)).toBe(g);
    expect(expireChanged(g, 4000, 2500).changed.size).toBe(0);
  });

  it('live rows convert to the REST shape', () => {
    expect(fromLive(live('q', 12, { score: 66.69999694824219, details: null }))).toEqual({ ...ns('q', { score: 66.7 }), asOfSeq: 12 });
  });
});
