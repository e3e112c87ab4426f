import { EdgePanel } from './EdgePanel';
import { GraphCanvas } from './GraphCanvas';
import { Legend } from './Legend';
import { GRAPH_MSG } from './messages';
import type { RenderGraph } from './model';
import { NodePanel } from './NodePanel';
import './graph.css';
import type { PortQuery } from './ports';

export interface Selection {
  node: string | null;
  edge: string | null;
  explainPort: PortQuery | null;
}

export interface GraphWorkspaceProps {
  cluster: string;
  graph: RenderGraph;
  selection: Selection;
  onSelect(next: Selection): void;
  onExpand(namespace: string): void;
  onCollapse(namespace: string): void;
  /** What-if: the legend explains the added / removed line styles. */
  overlay?: boolean;
}

/** Canvas, legend and the side panel of the selected node or line: the flow graph and the what-if view share it. */
export function GraphWorkspace({ cluster, graph, selection, onSelect, onExpand, onCollapse, overlay }: GraphWorkspaceProps) {
  const node = selection.node ? graph.nodes.find((n) => n.id === selection.node) : undefined;
  const edge = selection.edge ? graph.edges.find((e) => e.id === selection.edge) : undefined;
  const selectNode = (id: string | null) => onSelect({ node: id, edge: null, explainPort: null });
  const selectEdge = (id: string | null) => onSelect({ node: null, edge: id, explainPort: null });
  return (
    <>
      {graph.notices.map((n) => <p key={n} className="notice warn" role="status" data-testid="graph-notice">{n}</p>)}
      <div className="split rw-graph-split">
        <div>
          <GraphCanvas
            graph={graph}
            selectedNode={node ? node.id : null}
            selectedEdge={edge ? edge.id : null}
            onSelectNode={selectNode}
            onSelectEdge={selectEdge}
            onExpand={onExpand}
            label={GRAPH_MSG.canvasLabel(graph.nodes.length, graph.edges.length)}
          />
          <Legend overlay={overlay} />
        </div>
        <aside>
          {node ? (
            <NodePanel cluster={cluster} node={node} graph={graph} onSelectNode={selectNode} onSelectEdge={selectEdge} onExpand={onExpand} onCollapse={onCollapse} />
          ) : edge ? (
            <EdgePanel cluster={cluster} edge={edge} graph={graph} port={selection.explainPort} onPort={(p) => onSelect({ ...selection, explainPort: p })} onExpand={onExpand} />
          ) : (
            <section className="panel detail" data-testid="graph-panel-hint">
              <p className="muted">{selection.node || selection.edge ? GRAPH_MSG.panel.gone : GRAPH_MSG.panel.hint}</p>
            </section>
          )}
        </aside>
      </div>
    </>
  );
}
