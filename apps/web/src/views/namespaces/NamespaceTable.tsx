import { memo } from 'react';
import type { NamespacePosture } from '../../api/types';
import { count, percent, ratio } from '../../ui/format';
import { Exposure, MarkBadge, ScoreChip, YesNo } from '../../ui/marks';
import { BAD, GOOD, OKABE_ITO, type Mark } from '../../ui/palette';
import { DEFAULT_ORDER, isolationLevel, type Isolation, type NsSort, type Order } from './grid';
import { NS_MSG } from './messages';

const ISOLATION_MARK: Record<Isolation, Mark> = {
  all: GOOD,
  partial: { color: OKABE_ITO.orange, shape: '▲', label: '' },
  none: BAD,
  'no-pods': { color: 'var(--rw-muted)', shape: '○', label: '' },
};

function Isolated({ isolated, pods }: { isolated: number; pods: number }) {
  const level = isolationLevel(isolated, pods);
  const text = level === 'no-pods' ? NS_MSG.isolation[level] : `${NS_MSG.isolation[level]} (${percent(ratio(isolated, pods))})`;
  return <MarkBadge mark={ISOLATION_MARK[level]} text={text} />;
}

interface Props {
  rows: NamespacePosture[];
  sort: NsSort;
  order: Order;
  selected?: string;
  changed: ReadonlyMap<string, number>;
  onSort(sort: NsSort, order: Order): void;
  onSelect(ns: string): void;
}

/** The grid as a table: one row per namespace, sortable headers (aria-sort), click or Enter to select. */
export const NamespaceTable = memo(function NamespaceTable({ rows, sort, order, selected, changed, onSort, onSelect }: Props) {
  const c = NS_MSG.cols;
  const head = (key: NsSort | null, label: string, num = false, title?: string) => {
    if (!key) return <th scope="col" className={num ? 'num' : undefined} title={title}>{label}</th>;
    const active = sort === key;
    const next: Order = active ? (order === 'asc' ? 'desc' : 'asc') : DEFAULT_ORDER[key];
    return (
      <th scope="col" className={num ? 'num' : undefined} aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
        <button type="button" className="sort" onClick={() => onSort(key, next)} data-testid={`sort-${key}`}>
          {label} <span aria-hidden="true">{active ? (order === 'asc' ? '▲' : '▼') : '↕'}</span>
        </button>
      </th>
    );
  };
  return (
    <div className="table-wrap">
      <table className="data" data-testid="ns-table">
        <thead>
          <tr>
            {head('namespace', c.namespace)}
            {head('score', c.score)}
            {head('pods', c.pods, true)}
            {head('ingress', c.ingress)}
            {head('egress', c.egress)}
            {head(null, c.denyIn, false, NS_MSG.colTitle.denyIn)}
            {head(null, c.denyOut, false, NS_MSG.colTitle.denyOut)}
            {head('exposure', c.internet)}
            {head(null, c.crossNs, false, NS_MSG.colTitle.crossNs)}
            {head('policies', c.policies, true)}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.namespace}
              aria-selected={selected === r.namespace}
              className={changed.has(r.namespace) ? 'flash' : undefined}
              data-testid={`ns-row-${r.namespace}`}
              onClick={() => onSelect(r.namespace)}
            >
              <th scope="row">
                <button type="button" className="link-button" onClick={(e) => (e.stopPropagation(), onSelect(r.namespace))}>
                  {r.namespace}
                </button>
              </th>
              <td data-col="score">
                <ScoreChip score={r.score} />
              </td>
              <td className="num" data-col="pods">{count(r.pods)}</td>
              <td data-col="ingress">
                <Isolated isolated={r.ingressIsolatedPods} pods={r.pods} />
              </td>
              <td data-col="egress">
                <Isolated isolated={r.egressIsolatedPods} pods={r.pods} />
              </td>
              <td data-col="deny-in">
                <YesNo value={r.defaultDenyIngress} />
              </td>
              <td data-col="deny-out">
                <YesNo value={r.defaultDenyEgress} />
              </td>
              <td data-col="internet">
                <Exposure value={r.exposedToInternet} />
              </td>
              <td data-col="cross-ns">
                <Exposure value={r.reachableFromOtherNamespaces} yes={NS_MSG.fromNs(r.details.reachableFromNamespaces?.length ?? 0)} />
              </td>
              <td className="num" data-col="policies">{count(r.policies)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});
