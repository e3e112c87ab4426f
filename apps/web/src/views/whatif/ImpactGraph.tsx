import { useMemo } from 'react';
import { ErrorState, Loading } from '../../ui/states';
import { useResource } from '../../ui/use-resource';
import { buildRenderGraph } from '../graph/aggregate';
import type { WhatIfResult } from '../graph/api-types';
import { GraphWorkspace } from '../graph/GraphWorkspace';
import { DEFAULT_BUDGET, edgeEnds } from '../graph/model';
import { DEFAULT_GRAPH_PARAMS, decodeGraphParams, encodeGraphParams } from '../graph/params';
import { loadGraph } from '../graph/use-graph-data';
import { touchedNamespaces } from './group';
import { WHATIF_MSG } from './messages';

/** Namespaces opened into workloads by default: the most touched, few enough to stay readable. */
const AUTO_OPEN = 3;

export interface ImpactGraphProps {
  cluster: string;
  result: WhatIfResult;
  params: Readonly<Record<string, string>>;
  setParams(next: Record<string, string | undefined>): void;
}

/**
 * The live graph with the what-if delta drawn over it: added lines dashed, removed lines dotted, each in
 * its own colour (legend). The namespaces the change touches most are opened into workloads; `expand`,
 * `node`, `edge` and `eport` in the URL work as on the flow graph.
 */
export function ImpactGraph({ cluster, result, params, setParams }: ImpactGraphProps) {
  const p = useMemo(() => decodeGraphParams(params).value, [params]);
  const touched = useMemo(() => touchedNamespaces(result), [result]);
  const expand = p.expand === 'auto' ? touched.slice(0, AUTO_OPEN) : p.expand;
  const res = useResource(`${cluster}|${expand.join(',')}`, () => loadGraph(cluster, { ...DEFAULT_GRAPH_PARAMS, expand }, DEFAULT_BUDGET));
  const rendered = useMemo(() => res.data && buildRenderGraph({
    ns: res.data.data.ns,
    wl: res.data.data.wl,
    expanded: res.data.expanded,
    overlay: { added: result.added, removed: result.removed },
    pinned: [p.node, ...(p.edge ? edgeEnds(p.edge) ?? [] : [])].filter((x): x is string => !!x),
    budget: DEFAULT_BUDGET,
  }), [res.data, result, p.node, p.edge]);
  const set = (patch: Partial<typeof p>) => setParams(encodeGraphParams({ ...p, ...patch }));

  if (res.loading && !rendered) return <Loading label={WHATIF_MSG.graphLoading} />;
  if (res.error && !rendered) return <ErrorState error={res.error} onRetry={res.reload} />;
  if (!rendered) return null;
  const opened = res.data?.expanded ?? [];
  return (
    <div data-testid="whatif-graph">
      <p className="muted small">{WHATIF_MSG.graphNote}</p>
      <GraphWorkspace
        cluster={cluster}
        graph={rendered}
        selection={{ node: p.node, edge: p.edge, explainPort: p.explainPort }}
        onSelect={(s) => set(s)}
        onExpand={(ns) => set({ expand: [...new Set([...opened, ns])], node: `grp:${ns}`, edge: null })}
        onCollapse={(ns) => set({ expand: opened.filter((x) => x !== ns), node: `ns:${ns}`, edge: null })}
        overlay
      />
    </div>
  );
}
