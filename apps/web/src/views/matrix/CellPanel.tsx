import { ExplainBox } from '../graph/ExplainBox';
import { explainEndpoint, parseEndpointKey } from '../graph/keys';
import { portText, samplePorts, type PortQuery } from '../graph/ports';
import { count } from '../../ui/format';
import { MATRIX_MSG } from './messages';
import { cellKey, suggestPort, type Grid } from './model';

export interface CellPanelProps {
  cluster: string;
  grid: Grid;
  src: string;
  dst: string;
  port: PortQuery | null;
  onPort(p: PortQuery): void;
}

const name = (key: string) => {
  const e = parseEndpointKey(key);
  return e?.type === 'workload' ? `${e.namespace}/${e.name}` : key;
};

/** A workload cell: what is allowed, and why (or why not) on a port — allowed and empty cells alike. */
export function CellPanel({ cluster, grid, src, dst, port, onPort }: CellPanelProps) {
  const cell = grid.cells.get(cellKey(src, dst));
  const from = explainEndpoint(src);
  const to = explainEndpoint(dst);
  const chosen = port ?? suggestPort(grid, src, dst) ?? { protocol: 'TCP' as const, port: 80 };
  return (
    <section className="panel detail" aria-label={MATRIX_MSG.cell.title} data-testid="matrix-cell-panel">
      <h2>{name(src)} → {name(dst)}</h2>
      {cell ? (
        <dl>
          <dt>{MATRIX_MSG.cell.ports}</dt><dd className="mono">{portText(cell.ports)}</dd>
          {cell.pairs !== undefined ? <><dt>{MATRIX_MSG.cell.pairs}</dt><dd>{count(cell.pairs)}</dd></> : null}
        </dl>
      ) : <p>{MATRIX_MSG.cell.nothing}</p>}
      {from && to ? <ExplainBox cluster={cluster} from={from} to={to} samples={cell ? samplePorts(cell.ports) : [chosen]} port={chosen} onPort={onPort} /> : null}
    </section>
  );
}
