import { useMemo } from 'react';
import { Empty, ErrorState, Loading } from '../../ui/states';
import type { ViewProps } from '../contract';
import { CellPanel } from './CellPanel';
import { MatrixGrid } from './MatrixGrid';
import { MatrixLegend } from './MatrixLegend';
import { MATRIX_MSG } from './messages';
import { namespaceGrid, workloadGrid } from './model';
import { NamespacePicker } from './NamespacePicker';
import { decodeMatrixParams, encodeMatrixParams, MAX_NAMESPACES, type MatrixParams } from './params';
import { DRILL_LIMIT, useMatrixData } from './use-matrix-data';
import './matrix.css';

/**
 * Reachability matrix: namespace × namespace coloured by how many ports are allowed; a cell opens the
 * workload × workload matrix of that pair, where a cell explains why it is (or is not) allowed.
 */
export function MatrixView({ cluster, params, setParams }: ViewProps) {
  const p = useMemo(() => decodeMatrixParams(params), [params]);
  const set = (patch: Partial<MatrixParams>) => setParams(encodeMatrixParams({ ...p, ...patch }));
  const { names, shown, matrix, drill } = useMatrixData(cluster, p);
  const nsGrid = useMemo(() => (matrix.data ? namespaceGrid(matrix.data) : null), [matrix.data]);
  const wlGrid = useMemo(() => (drill.data && p.drill ? workloadGrid(drill.data, p.drill.src, p.drill.dst) : null), [drill.data, p.drill]);

  let body;
  if (names.loading && !names.data) body = <Loading label={MATRIX_MSG.loading} />;
  else if (names.error && !names.data) body = <ErrorState error={names.error} onRetry={names.reload} />;
  else if (shown.length === 0) body = <Empty title={MATRIX_MSG.empty}>{MATRIX_MSG.emptyHint}</Empty>;
  else if (p.drill) {
    const back = <button type="button" className="link-button" onClick={() => set({ drill: null, cell: null, explainPort: null })} data-testid="matrix-back">← {MATRIX_MSG.back}</button>;
    let inner;
    if (drill.loading && !wlGrid) inner = <Loading label={MATRIX_MSG.loading} />;
    else if (drill.error && !wlGrid) inner = <ErrorState error={drill.error} onRetry={drill.reload} />;
    else if (wlGrid && (wlGrid.rows.length === 0 || wlGrid.cols.length === 0)) inner = <Empty title={MATRIX_MSG.drillEmpty} />;
    else if (wlGrid) {
      inner = (
        <div className="split">
          <div>
            {wlGrid.truncated ? <p className="notice warn" role="status">{MATRIX_MSG.truncated(DRILL_LIMIT)}</p> : null}
            <MatrixLegend grid={wlGrid} />
            <MatrixGrid grid={wlGrid} level="workload" selected={p.cell} onActivate={(src, dst) => set({ cell: { src, dst }, explainPort: null })} />
          </div>
          <aside>
            {p.cell && wlGrid.rows.includes(p.cell.src) && wlGrid.cols.includes(p.cell.dst) ? (
              <CellPanel cluster={cluster} grid={wlGrid} src={p.cell.src} dst={p.cell.dst} port={p.explainPort} onPort={(explainPort) => set({ explainPort })} />
            ) : <section className="panel detail"><p className="muted">{MATRIX_MSG.drillHint}</p></section>}
          </aside>
        </div>
      );
    }
    body = (
      <>
        {back}
        <h2 data-testid="matrix-drill-title">{MATRIX_MSG.drillTitle(p.drill.src, p.drill.dst)}</h2>
        {inner}
      </>
    );
  } else if (matrix.loading && !nsGrid) body = <Loading label={MATRIX_MSG.loading} />;
  else if (matrix.error && !nsGrid) body = <ErrorState error={matrix.error} onRetry={matrix.reload} />;
  else if (nsGrid) {
    body = (
      <>
        <MatrixLegend grid={nsGrid} />
        <MatrixGrid grid={nsGrid} level="namespace" selected={null} onActivate={(src, dst) => set({ drill: { src, dst }, cell: null, explainPort: null })} />
      </>
    );
  }

  const all = names.data?.names ?? [];
  return (
    <div className="rw-mx-view" data-testid="matrix-view">
      <div className="view-head">
        <h1>{MATRIX_MSG.title}</h1>
        {(matrix.error && nsGrid) || (drill.error && wlGrid) ? <span className="form-error" role="alert">{MATRIX_MSG.refreshFailed}</span> : null}
      </div>
      {all.length > 0 ? (
        <>
          {!p.namespaces.length && all.length > MAX_NAMESPACES ? <p className="notice" role="status">{MATRIX_MSG.defaulted(MAX_NAMESPACES, all.length)}</p> : null}
          <NamespacePicker all={all} shown={shown} onApply={(namespaces) => set({ namespaces, drill: null, cell: null, explainPort: null })} />
        </>
      ) : null}
      {body}
    </div>
  );
}
