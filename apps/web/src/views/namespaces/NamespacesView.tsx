import { useCallback, useEffect, useMemo, useState } from 'react';
import { readList, writeList } from '../../app/routes';
import { ago } from '../../ui/format';
import { Empty, ErrorState, Loading } from '../../ui/states';
import type { ViewProps } from '../contract';
import { filterRows, NS_FILTERS, readFilters, readSort, sortRows, totals, type NsFilter, type NsSort, type Order } from './grid';
import { Heatmap } from './Heatmap';
import { NS_MSG } from './messages';
import { NamespaceDetail } from './NamespaceDetail';
import { NamespaceTable } from './NamespaceTable';
import { useNamespaceGrid } from './use-grid';

/** Rows in the table before "show all": the heatmap always shows every namespace, the table a page. */
const TABLE_PAGE = 200;

/**
 * Cluster → namespaces: the heatmap and the table of every namespace (worst first), filters and
 * selection in the URL (`q`, `f`, `sort`, `order`, `ns`, `all`), live through `posture.updated`.
 */
export function NamespacesView({ cluster, params, setParams }: ViewProps) {
  const grid = useNamespaceGrid(cluster);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(t);
  }, []);

  const filtersKey = params.f ?? '';
  const filters = useMemo(() => readFilters(readList({ f: filtersKey }, 'f')), [filtersKey]);
  const { sort, order } = readSort(params.sort, params.order);
  const all = useMemo(() => [...grid.state.rows.values()], [grid.state.rows]);
  const rows = useMemo(() => sortRows(filterRows(all, filters, params.q), sort, order), [all, filters, params.q, sort, order]);
  const t = useMemo(() => totals(all), [all]);
  const tableRows = useMemo(() => (params.all === '1' ? rows : rows.slice(0, TABLE_PAGE)), [rows, params.all]);
  const selected = params.ns ? grid.state.rows.get(params.ns) : undefined;
  // Stable callbacks: the heatmap and the table (thousands of elements) re-render only when their data does.
  const select = useCallback((ns: string) => setParams({ ns: params.ns === ns ? undefined : ns }), [setParams, params.ns]);
  const sortBy = useCallback((s: NsSort, o: Order) => setParams({ sort: s === 'score' ? undefined : s, order: o === readSort(s, undefined).order ? undefined : o }), [setParams]);

  if (grid.loading && all.length === 0) return <Loading />;
  if (grid.error && all.length === 0) return <ErrorState error={grid.error} onRetry={grid.reload} />;

  const toggle = (f: NsFilter, on: boolean) => setParams({ f: writeList(on ? [...filters, f] : filters.filter((x) => x !== f)) });

  return (
    <section aria-labelledby="ns-title">
      <div className="view-head">
        <h1 id="ns-title">
          {NS_MSG.title} <span className="muted">· {cluster}</span>
        </h1>
        <span className="muted" data-testid="ns-count">
          {NS_MSG.shown(rows.length, all.length)}
        </span>
        {grid.partial ? (
          <span className="muted small" role="status" data-testid="ns-loading-more">
            <span className="spinner" aria-hidden="true" /> {NS_MSG.loadingMore(all.length)}
          </span>
        ) : null}
        {grid.lastLive ? <span className="muted small">{NS_MSG.updated(ago(new Date(grid.lastLive).toISOString(), now))}</span> : null}
      </div>
      <p className="muted small" title={grid.scoreFormula}>
        {NS_MSG.subtitle(cluster)}. {NS_MSG.totals({ dIn: t.defaultDenyIngress, dOut: t.defaultDenyEgress, internet: t.internet, crossNs: t.crossNs, n: t.namespaces })}
      </p>
      {grid.error ? <ErrorState error={grid.error} onRetry={grid.reload} /> : null}
      {all.length === 0 ? (
        <Empty title={NS_MSG.emptyTitle}>
          <p>{NS_MSG.empty}</p>
        </Empty>
      ) : (
        <>
          <div className="toolbar" role="search">
            <label>
              {NS_MSG.search}
              <input type="search" value={params.q ?? ''} onChange={(e) => setParams({ q: e.target.value }, { replace: true })} data-testid="ns-search" />
            </label>
            <fieldset className="row" style={{ border: 'none', padding: 0, margin: 0 }}>
              <legend className="small muted">{NS_MSG.filters}</legend>
              {NS_FILTERS.map((f) => (
                <label key={f} className="check">
                  <input type="checkbox" checked={filters.includes(f)} onChange={(e) => toggle(f, e.target.checked)} data-testid={`ns-filter-${f}`} />
                  {NS_MSG.filter[f]}
                </label>
              ))}
            </fieldset>
            {filters.length || params.q ? (
              <button type="button" className="link-button" onClick={() => setParams({ f: undefined, q: undefined })}>
                {NS_MSG.clearFilters}
              </button>
            ) : null}
          </div>
          {rows.length === 0 ? (
            <Empty title={NS_MSG.noMatch} />
          ) : (
            <>
              <Heatmap rows={rows} selected={params.ns} changed={grid.state.changed} onSelect={select} />
              {/* Under the heatmap and full width: the table keeps all its columns beside nothing. */}
              {selected ? <NamespaceDetail cluster={cluster} row={selected} onClose={() => setParams({ ns: undefined })} /> : null}
              <NamespaceTable
                rows={tableRows}
                sort={sort}
                order={order}
                selected={params.ns}
                changed={grid.state.changed}
                onSort={sortBy}
                onSelect={select}
              />
              {tableRows.length < rows.length ? (
                <p className="row">
                  <span className="muted">{NS_MSG.showing(tableRows.length, rows.length)}</span>
                  <button type="button" onClick={() => setParams({ all: '1' })}>
                    {NS_MSG.showAll(rows.length)}
                  </button>
                </p>
              ) : null}
            </>
          )}
        </>
      )}
    </section>
  );
}
