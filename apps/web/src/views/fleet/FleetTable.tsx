import { api, ApiError, clusterPath } from '../../api/http';
import type { TrendPoint } from '../../api/types';
import { Link } from '../../app/router';
import { ago, count, percent, score } from '../../ui/format';
import { MarkBadge, ScoreChip, SeverityBadge } from '../../ui/marks';
import { GOOD, OKABE_ITO, SAFE, SEVERITIES, type Mark } from '../../ui/palette';
import { Sparkline } from '../../ui/Sparkline';
import { useResource } from '../../ui/use-resource';
import { agentHealth, type AgentHealth, type FleetRow } from './fleet';
import { FLEET_MSG } from './messages';

const AGENT_MARK: Record<AgentHealth, Mark> = {
  ok: GOOD,
  syncing: { color: OKABE_ITO.orange, shape: '◐', label: '' },
  pending: { color: OKABE_ITO.orange, shape: '◌', label: '' },
  lagging: { color: OKABE_ITO.orange, shape: '▲', label: '' },
};

export function FleetTable({ rows, now }: { rows: FleetRow[]; now: number }) {
  const c = FLEET_MSG.cols;
  return (
    <div className="table-wrap">
      <table className="data" data-testid="fleet-table">
        <thead>
          <tr>
            <th scope="col">{c.cluster}</th>
            <th scope="col">{c.score}</th>
            <th scope="col" className="num">{c.ingress}</th>
            <th scope="col" className="num">{c.egress}</th>
            <th scope="col">{c.trend}</th>
            <th scope="col">{c.alerts}</th>
            <th scope="col">{c.agent}</th>
            <th scope="col" className="num">{c.lag}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const health = agentHealth(r);
            return (
              <tr key={r.name} data-testid={`fleet-row-${r.name}`}>
                <th scope="row">
                  <Link href={`/clusters/${encodeURIComponent(r.name)}/namespaces`}>{r.name}</Link>
                  <div className="small muted">
                    {FLEET_MSG.podsNs(count(r.pods), count(r.namespaces))} · {r.cni}
                  </div>
                </th>
                <td>
                  <ScoreChip score={r.score} /> <span className="muted small">/ {score(r.minScore)}</span>
                </td>
                <td className="num" data-testid="ingress-coverage">{percent(r.ingressCoverage)}</td>
                <td className="num" data-testid="egress-coverage">{percent(r.egressCoverage)}</td>
                <td>
                  <ClusterTrend cluster={r.name} />
                </td>
                <td data-testid="open-alerts">
                  <AlertCounts counts={r.alerts} />
                </td>
                <td>
                  <MarkBadge mark={AGENT_MARK[health]} text={FLEET_MSG.agent[health]} />
                  <div className="small muted">{FLEET_MSG.lastSeen(ago(r.lastSeenAt, now))}</div>
                </td>
                <td className="num">{count(r.lag)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Only the severities that have open alerts (most urgent first); "none" when there are none. */
function AlertCounts({ counts }: { counts: FleetRow['alerts'] }) {
  const open = SEVERITIES.filter((k) => counts[k] > 0);
  if (open.length === 0) return <MarkBadge mark={SAFE} text={FLEET_MSG.noAlerts} />;
  return <span className="row">{open.map((k) => <SeverityBadge key={k} severity={k} count={counts[k]} />)}</span>;
}

/** The last 30 coverage samples of one cluster (GET …/trend). */
function ClusterTrend({ cluster }: { cluster: string }) {
  const trend = useResource(`trend:${cluster}`, () => api.get<{ points: TrendPoint[] }>(`${clusterPath(cluster)}/trend`, { points: 30 }));
  if (trend.loading) return <span className="muted small">…</span>;
  if (trend.error) {
    const missing = trend.error instanceof ApiError && trend.error.status === 404;
    return <span className="muted small">{missing ? FLEET_MSG.trendUnavailable : '—'}</span>;
  }
  const pts = trend.data?.points ?? [];
  if (pts.length === 0) return <span className="muted small">{FLEET_MSG.trendNone}</span>;
  return (
    <Sparkline
      label={FLEET_MSG.trendLabel(cluster)}
      ingress={pts.map((p) => ({ at: p.at, value: p.ingressCoverage }))}
      egress={pts.map((p) => ({ at: p.at, value: p.egressCoverage }))}
    />
  );
}
