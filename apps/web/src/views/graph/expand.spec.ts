import { describe, expect, it } from 'vitest';
import { allNamespaces, autoFits, planExpansion } from './expand';
import { tiersBackWorkloads, tiersNamespaceGraph } from './test-fixtures';

const budget = { nodes: 400, edges: 1500 };

describe('planExpansion', () => {
  it('reads the namespaces asked for, or none', () => {
    expect(planExpansion(tiersNamespaceGraph(), ['back'], budget)).toEqual({ wlNamespaces: ['back'], auto: false });
    expect(planExpansion(tiersNamespaceGraph(), [], budget)).toBeNull();
  });

  it('tries every namespace automatically only when the pairs fit the line budget', () => {
    expect(planExpansion(tiersNamespaceGraph(), 'auto', budget)).toEqual({ wlNamespaces: null, auto: true });
    // tiers has 7 workload pairs.
    expect(planExpansion(tiersNamespaceGraph(), 'auto', { nodes: 400, edges: 6 })).toBeNull();
    expect(planExpansion({ level: 'namespace', nodes: [], edges: [] }, 'auto', budget)).toBeNull();
  });

  it('keeps the automatic page only when it is complete and fits', () => {
    expect(autoFits(tiersBackWorkloads(), budget)).toBe(true);
    expect(autoFits({ ...tiersBackWorkloads(), truncated: true }, budget)).toBe(false);
    expect(autoFits(tiersBackWorkloads(), { nodes: 4, edges: 100 })).toBe(false);
    expect(autoFits(tiersBackWorkloads(), { nodes: 100, edges: 4 })).toBe(false);
    expect(allNamespaces(tiersNamespaceGraph())).toEqual(['back', 'front']);
  });
});
