import { count } from '../../ui/format';
import { edgeAriaLabel } from './describe';
import { ExplainBox } from './ExplainBox';
import { explainEndpoint } from './keys';
import { GRAPH_MSG } from './messages';
import type { RenderEdge, RenderGraph } from './model';
import { portText, samplePorts, type PortQuery } from './ports';

export interface EdgePanelProps {
  cluster: string;
  edge: RenderEdge;
  graph: RenderGraph;
  /** The port to explain on (URL `eport`); null: the line's first port. */
  port: PortQuery | null;
  onPort(port: PortQuery): void;
  onExpand(namespace: string): void;
}

/**
 * A line: its ports and what it stands for, and — when it is exactly one pair — why it is allowed, from
 * `GET …/explain` (libs/policy-engine explainConnection on the live state). An aggregated line offers to
 * open the namespaces at its ends so that one pair can be chosen.
 */
export function EdgePanel({ cluster, edge, graph, port, onPort, onExpand }: EdgePanelProps) {
  const ends = [edge.src, edge.dst].map((id) => graph.nodes.find((n) => n.id === id));
  const from = edge.srcKey ? explainEndpoint(edge.srcKey) : null;
  const to = edge.dstKey ? explainEndpoint(edge.dstKey) : null;
  const samples = samplePorts(edge.ports);
  const chosen = port ?? samples[0] ?? null;
  return (
    <section className="panel detail rw-graph-panel" aria-label={GRAPH_MSG.panel.edge} data-testid="graph-edge-panel">
      <h2>{ends.map((n, i) => n?.label ?? [edge.src, edge.dst][i]).join(' → ')}</h2>
      <p className="muted">{edgeAriaLabel(graph, edge)}</p>
      <dl>
        <dt>{GRAPH_MSG.explain.ports}</dt><dd className="mono">{portText(edge.ports)}</dd>
        <dt>{edge.kind === 'fanin' ? GRAPH_MSG.explain.sources : GRAPH_MSG.explain.pairs}</dt><dd>{count(edge.pairs)}</dd>
      </dl>
      {edge.overlay ? <p className="notice">{GRAPH_MSG.explain.overlay(edge.overlay)}</p> : null}
      {from && to && chosen ? (
        <>
          <ExplainBox cluster={cluster} from={from} to={to} samples={samples} port={chosen} onPort={onPort} />
        </>
      ) : (
        <div>
          <p>{edge.srcKey && edge.dstKey ? GRAPH_MSG.explain.noAddress : GRAPH_MSG.explain.aggregated(edge.pairs)}</p>
          {ends.filter((n) => n?.kind === 'namespace' && n.namespace).map((n) => (
            <button key={n!.id} type="button" onClick={() => onExpand(n!.namespace!)} data-testid="graph-edge-expand">{GRAPH_MSG.panel.expand(n!.namespace!)}</button>
          ))}
        </div>
      )}
    </section>
  );
}
