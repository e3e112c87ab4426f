import { GRAPH_MSG } from './messages';

const NODE_ITEMS = [
  { kind: 'namespace', d: 'M2,9a7,7 0 1,0 14,0a7,7 0 1,0 -14,0', text: GRAPH_MSG.legend.namespace },
  { kind: 'workload', d: 'M5,9a4,4 0 1,0 8,0a4,4 0 1,0 -8,0', text: GRAPH_MSG.legend.workload },
  { kind: 'internet', d: 'M9,1L17,9L9,17L1,9z', text: GRAPH_MSG.legend.internet },
  { kind: 'cidr', d: 'M3,3h12v12h-12z', text: GRAPH_MSG.legend.cidr },
  { kind: 'sources', d: 'M9,2L16,15H2z', text: GRAPH_MSG.legend.sources },
  { kind: 'more', d: 'M2,9a7,7 0 1,0 14,0a7,7 0 1,0 -14,0', text: GRAPH_MSG.legend.more },
] as const;

const LINE_ITEMS = [
  { kind: 'edge', text: GRAPH_MSG.legend.edge },
  { kind: 'aggregate', text: GRAPH_MSG.legend.aggregate },
  { kind: 'fanin', text: GRAPH_MSG.legend.fanin },
] as const;

/**
 * What every shape, line style and badge means, in words beside a sample drawn with the same CSS classes
 * as the canvas (so the legend cannot drift from the drawing). `overlay`: the what-if line styles too.
 */
export function Legend({ overlay = false }: { overlay?: boolean }) {
  const lines = overlay ? [...LINE_ITEMS, { kind: 'added', text: GRAPH_MSG.legend.added }, { kind: 'removed', text: GRAPH_MSG.legend.removed }] : LINE_ITEMS;
  return (
    <div className="rw-graph-legend legend" data-testid="graph-legend">
      <ul aria-label={GRAPH_MSG.legend.nodes}>
        {NODE_ITEMS.map((i) => (
          <li key={i.kind}>
            <svg width="18" height="18" aria-hidden="true" className={`rw-node rw-node--${i.kind}`}>
              <path className="rw-node-shape" d={i.d} />
            </svg>
            {i.text}
          </li>
        ))}
      </ul>
      <ul aria-label={GRAPH_MSG.legend.lines}>
        {lines.map((i) => (
          <li key={i.kind}>
            <svg width="34" height="12" aria-hidden="true" className={`rw-edge rw-edge--${i.kind === 'added' || i.kind === 'removed' ? `edge rw-edge--${i.kind}` : i.kind}`}>
              <path className="rw-edge-line" d="M1,6H33" strokeWidth={i.kind === 'aggregate' ? 4 : i.kind === 'fanin' ? 3 : 1.5} />
            </svg>
            {i.text}
          </li>
        ))}
      </ul>
      <ul aria-label={GRAPH_MSG.legend.badges}>
        <li><span aria-hidden="true" className="rw-legend-badge">⚠</span> {GRAPH_MSG.legend.exposed}</li>
        <li><span aria-hidden="true" className="rw-legend-badge">◎</span> {GRAPH_MSG.legend.open}</li>
      </ul>
    </div>
  );
}
