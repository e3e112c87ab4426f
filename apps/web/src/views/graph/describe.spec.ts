import { PortSet } from '@reachwatch/policy-engine';
import { describe, expect, it } from 'vitest';
import { buildRenderGraph } from './aggregate';
import { edgeAriaLabel, edgeLabel, lineListLabel, nodeAriaLabel, nodeLines } from './describe';
import { emptyInternal, linesOf, type RenderEdge, type RenderNode } from './model';
import { tiersBackWorkloads, tiersNamespaceGraph } from './test-fixtures';

const ns: RenderNode = { id: 'ns:shop', kind: 'namespace', label: 'shop', parent: '', namespace: 'shop', pods: 12, score: 64.5, exposedToInternet: true, internal: { pairs: 30, added: 2, removed: 1 } };

describe('words for the canvas', () => {
  it('a namespace says its pods, score, exposure and what is inside', () => {
    expect(nodeLines(ns)).toEqual(['shop', '12 pods', '+2 inside −1 inside']);
    expect(nodeAriaLabel(ns)).toBe('shop, namespace; 12 pods; posture 64.5/100; exposed to the internet; 30 connections inside; +2 inside; −1 inside');
  });

  it('a folded node says how many and of what, in two short lines', () => {
    const more: RenderNode = { id: 'more:wl:shop', kind: 'more', label: '12 more workloads of shop', parent: 'grp:shop', internal: emptyInternal(), members: Array.from({ length: 12 }, (_, i) => `wl:${i}`) };
    expect(nodeLines(more)).toEqual(['+12', 'workloads']);
    expect(nodeAriaLabel(more)).toBe('12 more workloads of shop, folded nodes');
  });

  it('a summarised destination says who reaches it', () => {
    const open: RenderNode = { id: 'wl:x', kind: 'workload', label: 'db', parent: 'grp:b', internal: emptyInternal(), openTo: { namespaces: ['a', 'c'], ranges: 3, sources: 90 } };
    expect(nodeAriaLabel(open)).toBe('db, workload; Reached by 90 sources from 2 namespaces (a, c) and from 3 address ranges — too many to draw one by one.');
  });

  it('labels lines with ports, pair counts and the what-if sign', () => {
    const e: RenderEdge = { id: 'a→b', src: 'a', dst: 'b', kind: 'aggregate', ports: PortSet.of('TCP', 443), pairs: 1200 };
    expect(edgeLabel(e)).toBe('TCP 443 ×1,200');
    expect(edgeLabel({ ...e, pairs: 1, overlay: 'removed' })).toBe('− TCP 443');
    expect(edgeLabel({ ...e, pairs: 1, ports: PortSet.ALL, overlay: 'added' })).toBe('+ all ports');
  });

  it('gives every line a sentence naming both ends', () => {
    const g = buildRenderGraph({ ns: tiersNamespaceGraph(), wl: tiersBackWorkloads(), expanded: ['back'] });
    const labels = g.edges.map((e) => edgeAriaLabel(g, e));
    expect(labels).toContain('front to db-service: TCP 9000');
    expect(labels).toContain('db-service to 10.20.0.0/16: TCP 3306');
    const fan: RenderEdge = { id: 'src:ranges→wl:x', src: 'src:ranges', dst: 'wl:x', kind: 'fanin', ports: PortSet.of('TCP', 80), pairs: 7, overlay: 'added' };
    expect(edgeAriaLabel(g, fan)).toBe('src:ranges to wl:x: TCP 80, 7 source workloads (fan-in summary) — added by the manifests');
  });
});

describe('a node\'s lines', () => {
  it('a hull lists the lines of its workloads, naming which one', () => {
    const g = buildRenderGraph({ ns: tiersNamespaceGraph(), wl: tiersBackWorkloads(), expanded: ['back'] });
    const { out, in: inbound } = linesOf(g, 'grp:back');
    expect(out.map((e) => lineListLabel(g, e, 'grp:back', true))).toEqual(['db-service → 0.0.0.0/0', 'db-service → 10.20.0.0/16', 'ext-service → 0.0.0.0/0']);
    expect(inbound.map((e) => lineListLabel(g, e, 'grp:back', false))).toEqual(['front → db-service', 'front → ext-service']);
    const web = linesOf(g, 'ns:front');
    expect(web.out.map((e) => lineListLabel(g, e, 'ns:front', true))).toEqual(['→ 0.0.0.0/0', '→ db-service', '→ ext-service']);
    expect(web.in.map((e) => lineListLabel(g, e, 'ns:front', false))).toEqual(['203.0.113.0/24 →']);
  });
});
