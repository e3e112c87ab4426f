import { scaleBand } from 'd3';
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { portText } from '../graph/ports';
import { MATRIX_MSG } from './messages';
import { cellKey, countText, moveCell, type Grid, type Position } from './model';

export interface MatrixGridProps {
  grid: Grid;
  level: 'namespace' | 'workload';
  selected: { src: string; dst: string } | null;
  /** Click or Enter on a cell (empty cells too: "nothing allowed" is an answer). */
  onActivate(src: string, dst: string): void;
}

const LABEL_CHAR = 6.6;
/** One id for the page: the legend's sample and the grid share the pattern (identical definitions). */
export const HATCH_ID = 'rw-mx-hatch-all';

/** Diagonal hatching: the "every port" cells' second signal besides their colour and the word "all". */
export function HatchPattern() {
  return (
    <defs>
      <pattern id={HATCH_ID} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <line x1="0" y1="0" x2="0" y2="6" className="rw-mx-hatch" />
      </pattern>
    </defs>
  );
}
const MAX_LABEL = 28;
const short = (s: string) => (s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1)}…` : s);

/**
 * The heatmap: sources down, destinations across, laid out with d3 band scales. Each cell is coloured by
 * its bucket (CSS), prints its port count, and "every port" is hatched as well. One Tab stop; arrows move.
 */
export function MatrixGrid({ grid, level, selected, onActivate }: MatrixGridProps) {
  const keysId = useId();
  const size = level === 'namespace' ? 30 : 24;
  const left = Math.ceil(Math.min(MAX_LABEL, Math.max(4, ...grid.rowLabels.map((l) => l.length))) * LABEL_CHAR) + 12;
  const top = Math.ceil(Math.min(MAX_LABEL, Math.max(4, ...grid.colLabels.map((l) => l.length))) * LABEL_CHAR * 0.72) + 16;
  const x = useMemo(() => scaleBand<string>().domain(grid.cols).range([0, grid.cols.length * size]).paddingInner(0.08), [grid.cols, size]);
  const y = useMemo(() => scaleBand<string>().domain(grid.rows).range([0, grid.rows.length * size]).paddingInner(0.08), [grid.rows, size]);
  const selPos = selected ? { row: grid.rows.indexOf(selected.src), col: grid.cols.indexOf(selected.dst) } : null;
  const [focus, setFocus] = useState<Position>(selPos && selPos.row >= 0 && selPos.col >= 0 ? selPos : { row: 0, col: 0 });
  const box = useRef<SVGSVGElement>(null);
  // Column names lean right (rotated −50°): leave room past the last column for the longest.
  const width = left + grid.cols.length * size + top;
  const height = top + grid.rows.length * size + 8;

  const focusAt = (p: Position) => {
    setFocus(p);
    box.current?.querySelector<SVGGElement>(`[data-row="${p.row}"][data-col="${p.col}"]`)?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<SVGSVGElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      onActivate(grid.rows[focus.row], grid.cols[focus.col]);
      e.preventDefault();
      return;
    }
    const next = moveCell(focus, e.key, grid.rows.length, grid.cols.length);
    if (!next) return;
    e.preventDefault();
    focusAt(next);
  };

  return (
    <div className="rw-mx-scroll">
      <svg ref={box} className="rw-mx" width={width} height={height} role="grid" aria-label={MATRIX_MSG.gridLabel(level)} aria-describedby={keysId}
        aria-rowcount={grid.rows.length} aria-colcount={grid.cols.length} onKeyDown={onKeyDown} data-testid="matrix-grid">
        <HatchPattern />
        <g transform={`translate(${left},${top - 6})`} aria-hidden="true">
          {grid.cols.map((c, i) => (
            <text key={c} className="rw-mx-label" transform={`translate(${x(c)! + x.bandwidth() / 2},0) rotate(-50)`}>
              <title>{c}</title>
              {short(grid.colLabels[i])}
            </text>
          ))}
        </g>
        <g transform={`translate(0,${top})`} aria-hidden="true">
          {grid.rows.map((r, i) => (
            <text key={r} className="rw-mx-label" x={left - 8} y={y(r)! + y.bandwidth() / 2} textAnchor="end" dominantBaseline="central">
              <title>{r}</title>
              {short(grid.rowLabels[i])}
            </text>
          ))}
        </g>
        <g transform={`translate(${left},${top})`}>
          {grid.rows.map((r, ri) => (
            <g key={r} role="row" aria-rowindex={ri + 1}>
              {grid.cols.map((c, ci) => {
                const cell = grid.cells.get(cellKey(r, c));
                const label = MATRIX_MSG.cellAria(grid.rowLabels[ri], grid.colLabels[ci], cell ? portText(cell.ports) : MATRIX_MSG.none, cell?.pairs);
                const isSel = selected?.src === r && selected?.dst === c;
                return (
                  <g
                    key={c}
                    role="gridcell"
                    aria-colindex={ci + 1}
                    aria-label={label}
                    aria-selected={isSel}
                    tabIndex={focus.row === ri && focus.col === ci ? 0 : -1}
                    data-row={ri}
                    data-col={ci}
                    data-testid="matrix-cell"
                    data-src={r}
                    data-dst={c}
                    className={`rw-mx-cell rw-mx-cell--${cell?.bucket ?? 'none'}${isSel ? ' is-selected' : ''}`}
                    transform={`translate(${x(c)},${y(r)})`}
                    onClick={() => {
                      setFocus({ row: ri, col: ci });
                      onActivate(r, c);
                    }}
                  >
                    <title>{label}</title>
                    <rect width={x.bandwidth()} height={y.bandwidth()} rx={3} />
                    {cell?.bucket === 'all' ? <rect width={x.bandwidth()} height={y.bandwidth()} rx={3} fill={`url(#${HATCH_ID})`} className="rw-mx-hatched" /> : null}
                    {cell ? (
                      <text x={x.bandwidth() / 2} y={y.bandwidth() / 2} textAnchor="middle" dominantBaseline="central" aria-hidden="true">{countText(cell.count)}</text>
                    ) : null}
                  </g>
                );
              })}
            </g>
          ))}
        </g>
      </svg>
      <p id={keysId} className="muted small">{MATRIX_MSG.keys}</p>
    </div>
  );
}
