import { describe, expect, it } from 'vitest';
import { BUCKETS, bucketCounts, bucketOf, cellKey, countText, moveCell, namespaceGrid, suggestPort, workloadGrid, type NamespaceMatrix, type WorkloadMatrix } from './model';

const nsMatrix: NamespaceMatrix = {
  level: 'namespace',
  namespaces: ['yahoo', 'default'],
  cells: [
    { src: 'yahoo', dst: 'default', ports: 'TCP 80', workloadPairs: 1 },
    { src: 'yahoo', dst: 'yahoo', ports: 'All Connections', workloadPairs: 2 },
    { src: 'default', dst: 'yahoo', ports: 'TCP 1-65535,UDP 53', workloadPairs: 1 },
    { src: 'default', dst: 'default', ports: 'TCP 80,443,8000-8007', workloadPairs: 3 },
  ],
  truncated: false,
};

describe('buckets', () => {
  it('puts every count in exactly one bucket, in order', () => {
    expect([1, 2, 10, 11, 1000, 1001, 65535, 'all' as const].map(bucketOf)).toEqual(['one', 'few', 'few', 'many', 'many', 'wide', 'wide', 'all']);
    expect(BUCKETS.map((b) => b.id)).toEqual(['one', 'few', 'many', 'wide', 'all']);
    expect(new Set(BUCKETS.map((b) => b.label)).size).toBe(BUCKETS.length);
  });

  it('prints counts in at most four characters', () => {
    expect([1, 999, 1000, 65536, 'all' as const].map(countText)).toEqual(['1', '999', '1k', '65k', 'all']);
  });
});

describe('namespaceGrid', () => {
  it('sorts rows and columns and reads each cell', () => {
    const g = namespaceGrid(nsMatrix);
    expect(g.rows).toEqual(['default', 'yahoo']);
    expect(g.cols).toEqual(['default', 'yahoo']);
    expect(g.cells.get(cellKey('yahoo', 'default'))).toMatchObject({ count: 1, bucket: 'one', pairs: 1 });
    expect(g.cells.get(cellKey('default', 'default'))).toMatchObject({ count: 10, bucket: 'few', pairs: 3 });
    expect(g.cells.get(cellKey('default', 'yahoo'))).toMatchObject({ count: 65536, bucket: 'wide' });
    expect(g.cells.get(cellKey('yahoo', 'yahoo'))).toMatchObject({ count: 'all', bucket: 'all' });
    expect(bucketCounts(g)).toEqual({ one: 1, few: 1, many: 0, wide: 1, all: 1 });
  });
});

describe('workloadGrid', () => {
  it('keeps only the drilled pair of namespaces, one direction', () => {
    const m: WorkloadMatrix = {
      level: 'workload',
      namespaces: ['default', 'yahoo'],
      workloads: ['yahoo/miao-yahoo[Deployment]', 'default/lol-default[Deployment]', 'yahoo/lol-yahoo[Deployment]'],
      cells: [
        { src: 'yahoo/lol-yahoo[Deployment]', dst: 'default/lol-default[Deployment]', ports: 'TCP 80' },
        { src: 'yahoo/lol-yahoo[Deployment]', dst: 'yahoo/miao-yahoo[Deployment]', ports: 'All Connections' },
        { src: 'default/lol-default[Deployment]', dst: 'yahoo/lol-yahoo[Deployment]', ports: 'All Connections' },
      ],
      truncated: false,
    };
    const g = workloadGrid(m, 'yahoo', 'default');
    expect(g.rows).toEqual(['yahoo/lol-yahoo[Deployment]', 'yahoo/miao-yahoo[Deployment]']);
    expect(g.rowLabels).toEqual(['lol-yahoo', 'miao-yahoo']);
    expect(g.cols).toEqual(['default/lol-default[Deployment]']);
    expect([...g.cells.keys()]).toEqual([cellKey('yahoo/lol-yahoo[Deployment]', 'default/lol-default[Deployment]')]);
    // miao-yahoo → lol-default is denied (SCENARIOS.md §1): no cell, and "why not?" is asked on the port
    // lol-default serves to lol-yahoo.
    expect(g.cells.has(cellKey('yahoo/miao-yahoo[Deployment]', 'default/lol-default[Deployment]'))).toBe(false);
    expect(suggestPort(g, 'yahoo/miao-yahoo[Deployment]', 'default/lol-default[Deployment]')).toEqual({ protocol: 'TCP', port: 80 });
    expect(suggestPort(g, 'yahoo/lol-yahoo[Deployment]', 'default/lol-default[Deployment]')).toEqual({ protocol: 'TCP', port: 80 });
    expect(suggestPort(workloadGrid(m, 'default', 'yahoo'), 'default/lol-default[Deployment]', 'yahoo/miao-yahoo[Deployment]')).toBeNull();
  });
});

describe('moveCell', () => {
  it('moves inside the grid and stops at its edges', () => {
    expect(moveCell({ row: 0, col: 0 }, 'ArrowRight', 3, 4)).toEqual({ row: 0, col: 1 });
    expect(moveCell({ row: 0, col: 0 }, 'ArrowUp', 3, 4)).toEqual({ row: 0, col: 0 });
    expect(moveCell({ row: 2, col: 3 }, 'ArrowDown', 3, 4)).toEqual({ row: 2, col: 3 });
    expect(moveCell({ row: 1, col: 1 }, 'End', 3, 4)).toEqual({ row: 1, col: 3 });
    expect(moveCell({ row: 1, col: 1 }, 'PageDown', 3, 4)).toEqual({ row: 2, col: 1 });
    expect(moveCell({ row: 1, col: 1 }, 'x', 3, 4)).toBeNull();
  });
});
