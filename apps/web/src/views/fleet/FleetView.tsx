import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, ApiError, clusterPath } from '../../api/http';
import type { ClusterView, FleetSummary } from '../../api/types';
import { useClusters } from '../../app/clusters';
import { getPrefetched } from '../../app/prefetch';
import { Link } from '../../app/router';
import { useUser } from '../../app/session';
import { messageCluster, useLiveMany, type LiveMessage } from '../../live';
import { count, percent, score } from '../../ui/format';
import { ScoreChip, SeverityBadge } from '../../ui/marks';
import { SEVERITIES } from '../../ui/palette';
import { Empty, ErrorState, Loading } from '../../ui/states';
import { useResource } from '../../ui/use-resource';
import type { ViewProps } from '../contract';
import { applyAgentStatus, filterFleet, fleetRow, FLEET_SORTS, readFleetSort, replaceCluster, sortFleet } from './fleet';
import { FleetTable } from './FleetTable';
import { FLEET_MSG } from './messages';

/** Re-reads after posture/alert events wait this long, so a burst costs one request per cluster. */
const REFRESH_MS = 400;

/** Every cluster with its posture, coverage, alerts, agent and trend; worst first unless asked otherwise. */
export function FleetView({ params, setParams }: ViewProps) {
  const user = useUser();
  // The shell's cluster list (one request for the nav and this page); live events update it in place.
  const clusters = useClusters().list;
  const summary = useResource('fleet-summary', () => getPrefetched<FleetSummary>('/api/v1/clusters/summary'));
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(t);
  }, []);

  // Posture and alert events say "this cluster changed"; its totals are re-read (one GET) in place.
  const dirty = useRef(new Set<string>());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const flush = useCallback(() => {
    const names = [...dirty.current].sort();
    dirty.current.clear();
    for (const name of names) {
      api.get<ClusterView>(clusterPath(name)).then((fresh) => clusters.update((list) => replaceCluster(list, fresh)), () => undefined);
    }
    summary.reload();
  }, [clusters, summary]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const names = useMemo(() => (clusters.data ?? []).map((c) => c.name), [clusters.data]);
  useLiveMany(names, (m: LiveMessage) => {
    if (m.type === 'agent.status') clusters.update((list) => applyAgentStatus(list, m.data));
    else if (m.type === 'posture.updated' || m.type === 'alert.raised' || m.type === 'alert.updated' || (m.type === 'subscribed' && m.again) || m.type === 'resync') {
      dirty.current.add(messageCluster(m));
      clearTimeout(timer.current);
      timer.current = setTimeout(flush, REFRESH_MS);
    } else if (m.type === 'subscribed') {
      clusters.update((list) => applyAgentStatus(list, m.status));
    }
  });

  const sort = readFleetSort(params.sort);
  const rows = useMemo(() => sortFleet(filterFleet((clusters.data ?? []).map(fleetRow), params.q), sort), [clusters.data, params.q, sort]);

  if (clusters.loading) return <Loading />;
  if (clusters.error) return <ErrorState error={clusters.error} onRetry={clusters.reload} />;
  const all = clusters.data ?? [];
  return (
    <section aria-labelledby="fleet-title">
      <div className="view-head">
        <h1 id="fleet-title">{FLEET_MSG.title}</h1>
        <span className="muted">{FLEET_MSG.subtitle(all.length)}</span>
      </div>
      {summary.data ? <SummaryCards s={summary.data} /> : summary.error && !(summary.error instanceof ApiError && summary.error.status === 404) ? <ErrorState error={summary.error} onRetry={summary.reload} /> : null}
      {all.length === 0 ? (
        <Empty title={FLEET_MSG.emptyTitle}>
          <p>{user.role === 'admin' ? FLEET_MSG.emptyAdmin : FLEET_MSG.emptyOther}</p>
          {user.role === 'admin' ? <Link href="/admin/clusters">{FLEET_MSG.registerLink}</Link> : null}
        </Empty>
      ) : (
        <>
          <div className="toolbar">
            <label>
              {FLEET_MSG.search}
              <input type="search" value={params.q ?? ''} onChange={(e) => setParams({ q: e.target.value }, { replace: true })} data-testid="fleet-search" />
            </label>
            <label>
              {FLEET_MSG.sort}
              <select value={sort} onChange={(e) => setParams({ sort: e.target.value === 'worst' ? undefined : e.target.value })} data-testid="fleet-sort">
                {FLEET_SORTS.map((s) => (
                  <option key={s} value={s}>
                    {FLEET_MSG.sorts[s]}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {rows.length === 0 ? <Empty title={FLEET_MSG.noMatch(params.q ?? '')} /> : <FleetTable rows={rows} now={now} />}
        </>
      )}
    </section>
  );
}

function SummaryCards({ s }: { s: FleetSummary }) {
  const card = (label: string, value: ReactNode, extra?: ReactNode, testId?: string) => (
    <div className="card" data-testid={testId}>
      <div className="label">{label}</div>
      <div className="value">{value}</div>
      {extra ? <div className="small muted">{extra}</div> : null}
    </div>
  );
  return (
    <div className="cards" data-testid="fleet-summary">
      {card(FLEET_MSG.cards.clusters, count(s.clusters), [s.syncing ? FLEET_MSG.cards.syncing(s.syncing) : '', s.lagging ? FLEET_MSG.cards.lagging(s.lagging) : ''].filter(Boolean).join(' · ') || FLEET_MSG.podsNs(count(s.pods), count(s.namespaces)), 'card-clusters')}
      {card(FLEET_MSG.cards.score, <ScoreChip score={s.averageScore} />, s.averageScore === null ? undefined : `${score(s.averageScore)} / 100`, 'card-score')}
      {card(FLEET_MSG.cards.ingress, percent(s.ingressIsolatedPercent), undefined, 'card-ingress')}
      {card(FLEET_MSG.cards.egress, percent(s.egressIsolatedPercent), undefined, 'card-egress')}
      {card(FLEET_MSG.cards.internet, count(s.internetExposedNamespaces), undefined, 'card-internet')}
      {card(FLEET_MSG.cards.crossNs, count(s.crossNamespaceReachableNamespaces), undefined, 'card-crossns')}
      {card(
        FLEET_MSG.cards.alerts,
        count(SEVERITIES.reduce((a, k) => a + s.openAlerts[k], 0)),
        <span className="row">{SEVERITIES.map((k) => <SeverityBadge key={k} severity={k} count={s.openAlerts[k]} />)}</span>,
        'card-alerts',
      )}
    </div>
  );
}
