import { useMemo } from 'react';
import { dateTime } from '../../ui/format';
import { Empty, ErrorState, Loading } from '../../ui/states';
import type { ViewProps } from '../contract';
import { buildRenderGraph } from './aggregate';
import { GraphWorkspace } from './GraphWorkspace';
import { GRAPH_MSG } from './messages';
import { DEFAULT_BUDGET, edgeEnds } from './model';
import { decodeGraphParams, encodeGraphParams, type GraphParams } from './params';
import { Toolbar } from './Toolbar';
import { useGraphData } from './use-graph-data';

/**
 * The flow graph: who reaches whom, drawn with d3. Namespaces are nodes (or hulls of their workloads once
 * opened), address ranges sit outside the cluster, lines carry ports. Filters and selection live in the
 * URL; live deltas update it in place; the budget rule folds it to stay readable at any cluster size.
 */
export function GraphView({ cluster, params, setParams }: ViewProps) {
  const { value: p, problems } = useMemo(() => decodeGraphParams(params), [params]);
  const { graph: loaded, loading, error, reload, live } = useGraphData(cluster, p, DEFAULT_BUDGET);
  const rendered = useMemo(
    () => loaded && buildRenderGraph({
      ns: loaded.data.ns,
      wl: loaded.data.wl,
      expanded: loaded.expanded,
      nsFilter: p.namespaces,
      // The selection never folds away (an edge keeps both its ends).
      pinned: [p.node, ...(p.edge ? edgeEnds(p.edge) ?? [] : [])].filter((x): x is string => !!x),
      budget: DEFAULT_BUDGET,
    }),
    [loaded, p.namespaces, p.node, p.edge],
  );
  const set = (patch: Partial<GraphParams>) => setParams(encodeGraphParams({ ...p, ...patch }));
  const expanded = loaded?.expanded ?? [];
  const expand = (ns: string) => set({ expand: [...new Set([...expanded, ns])], node: `grp:${ns}`, edge: null });
  const collapse = (ns: string) => set({ expand: expanded.filter((x) => x !== ns), node: `ns:${ns}`, edge: null });

  let body;
  if (loading && !rendered) body = <Loading label={GRAPH_MSG.loading} />;
  else if (error && !rendered) body = <ErrorState error={error} onRetry={reload} />;
  else if (rendered && rendered.nodes.length === 0) {
    body = (
      <Empty title={GRAPH_MSG.empty}>
        {p.namespaces.length || p.port || p.peer !== 'all' ? GRAPH_MSG.emptyFiltered : GRAPH_MSG.emptyCluster}
      </Empty>
    );
  } else if (rendered) {
    body = (
      <GraphWorkspace
        cluster={cluster}
        graph={rendered}
        selection={{ node: p.node, edge: p.edge, explainPort: p.explainPort }}
        onSelect={(s) => set(s)}
        onExpand={expand}
        onCollapse={collapse}
      />
    );
  }

  return (
    <div className="rw-graph" data-testid="graph-view">
      <div className="view-head">
        <h1>{GRAPH_MSG.title}</h1>
        {rendered ? <span className="muted small" data-testid="graph-size">{GRAPH_MSG.size(rendered.nodes.length, rendered.edges.length, rendered.total)}</span> : null}
        {live.at ? <span className="muted small" role="status" data-testid="graph-live">{GRAPH_MSG.liveApplied(live.applied, dateTime(new Date(live.at).toISOString()))}</span> : null}
        {error && rendered ? <span className="form-error" role="alert">{GRAPH_MSG.refreshFailed}</span> : null}
      </div>
      <Toolbar params={p} expanded={expanded} onChange={set} />
      {problems.map((m) => <p key={m} className="notice warn" role="status">{m}</p>)}
      {loaded?.autoTooLarge ? <p className="notice" role="status" data-testid="graph-auto-too-large">{GRAPH_MSG.autoTooLarge}</p> : null}
      {body}
    </div>
  );
}
