import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api/http';
import type { AlertView, Page } from '../../api/types';
import { useClusters } from '../../app/clusters';
import { Link } from '../../app/router';
import { writeList } from '../../app/routes';
import { canWrite, useUser } from '../../app/session';
import { useLiveMany } from '../../live';
import { ago, dateTime } from '../../ui/format';
import { SeverityBadge } from '../../ui/marks';
import { SEVERITIES } from '../../ui/palette';
import { Empty, ErrorState, FormError, Loading } from '../../ui/states';
import { useResource } from '../../ui/use-resource';
import type { ViewProps } from '../contract';
import { applyAlertsEvent, countBySeverity, readAlertFilters, replaceAlert, STATES, subjectText, type AlertFilters } from './alerts';
import { ALERTS_MSG } from './messages';

/** Alerts of every visible cluster (or one), newest first, updated live; acknowledge and resolve in place. */
export function AlertsView({ params, setParams }: ViewProps) {
  const user = useUser();
  const { list: clusters } = useClusters();
  const filters: AlertFilters = useMemo(() => readAlertFilters(params), [params]);
  const { states, severities } = filters;
  const query = { cluster: params.cluster, state: writeList(states), severity: writeList(severities), rule: params.rule, limit: 100 };
  const key = JSON.stringify(query);
  const page = useResource(key, () => api.get<Page<AlertView>>('/api/v1/alerts', query));
  const [older, setOlder] = useState<{ items: AlertView[]; next: string | null | undefined }>({ items: [], next: undefined });
  useEffect(() => setOlder({ items: [], next: undefined }), [key]);
  const [actionError, setActionError] = useState<unknown>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 10_000);
    return () => clearInterval(t);
  }, []);

  const watched = params.cluster ? [params.cluster] : (clusters.data ?? []).map((c) => c.name);
  useLiveMany(watched, (m) => {
    if (m.type === 'alert.raised' || m.type === 'alert.updated') {
      if (m.data.truncated) page.reload();
      else page.update((p) => ({ ...p, items: applyAlertsEvent(p.items, m.data, filters) }));
    } else if ((m.type === 'subscribed' && m.again) || m.type === 'resync') page.reload();
  });

  const act = (a: AlertView, what: 'acknowledge' | 'resolve') => {
    setActionError(null);
    api.post<AlertView>(`/api/v1/alerts/${a.id}/${what}`).then(
      (fresh) => page.update((p) => ({ ...p, items: replaceAlert(p.items, fresh, filters) })),
      setActionError,
    );
  };
  const loadOlder = () => {
    const cursor = older.next === undefined ? page.data?.nextCursor : older.next;
    if (!cursor) return;
    api.get<Page<AlertView>>('/api/v1/alerts', { ...query, cursor }).then((p) => setOlder((o) => ({ items: [...o.items, ...p.items], next: p.nextCursor })), setActionError);
  };

  const items = [...(page.data?.items ?? []), ...older.items.filter((o) => !page.data?.items.some((i) => i.id === o.id))];
  const counts = countBySeverity(items);
  const hasMore = older.next === undefined ? !!page.data?.nextCursor : !!older.next;
  const toggle = (key: 'state' | 'severity', list: readonly string[], v: string, on: boolean) => setParams({ [key]: writeList(on ? [...list, v] : list.filter((x) => x !== v)) ?? (key === 'state' ? 'any' : undefined) });

  return (
    <section aria-labelledby="alerts-title">
      <div className="view-head">
        <h1 id="alerts-title">{ALERTS_MSG.title}</h1>
        <span className="row">{SEVERITIES.map((s) => <SeverityBadge key={s} severity={s} count={counts[s]} />)}</span>
      </div>
      <p className="muted">{ALERTS_MSG.subtitle}</p>
      {!canWrite(user) ? <p className="notice">{ALERTS_MSG.readOnly}</p> : null}
      <div className="toolbar">
        <label>
          {ALERTS_MSG.cluster}
          <select value={params.cluster ?? ''} onChange={(e) => setParams({ cluster: e.target.value })} data-testid="alerts-cluster">
            <option value="">{ALERTS_MSG.anyCluster}</option>
            {(clusters.data ?? []).map((c) => (
              <option key={c.name}>{c.name}</option>
            ))}
          </select>
        </label>
        <fieldset className="row" style={{ border: 'none', padding: 0, margin: 0 }}>
          <legend className="small muted">{ALERTS_MSG.state}</legend>
          {STATES.map((s) => (
            <label key={s} className="check">
              <input type="checkbox" checked={states.includes(s)} onChange={(e) => toggle('state', states, s, e.target.checked)} />
              {ALERTS_MSG.states[s]}
            </label>
          ))}
        </fieldset>
        <fieldset className="row" style={{ border: 'none', padding: 0, margin: 0 }}>
          <legend className="small muted">{ALERTS_MSG.severity}</legend>
          {SEVERITIES.map((s) => (
            <label key={s} className="check">
              <input type="checkbox" checked={severities.includes(s)} onChange={(e) => toggle('severity', severities, s, e.target.checked)} />
              <SeverityBadge severity={s} />
            </label>
          ))}
        </fieldset>
      </div>
      <FormError error={actionError} />
      {page.loading ? (
        <Loading />
      ) : page.error ? (
        <ErrorState error={page.error} onRetry={page.reload} />
      ) : items.length === 0 ? (
        <Empty title={ALERTS_MSG.emptyTitle}>
          <p>{ALERTS_MSG.empty}</p>
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="alerts-table">
            <thead>
              <tr>
                {Object.values(ALERTS_MSG.cols).map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id} data-testid={`alert-${a.id}`} data-state={a.state}>
                  <td>
                    <SeverityBadge severity={a.severity} />
                  </td>
                  <td>
                    <strong>{a.rule}</strong>
                    <div>{a.message}</div>
                  </td>
                  <td className="nowrap">
                    <Link href={`/clusters/${encodeURIComponent(a.cluster)}/namespaces`}>{a.cluster}</Link>
                  </td>
                  <td className="mono small">{subjectText(a)}</td>
                  <td className="small">
                    <time dateTime={a.firstSeen} title={dateTime(a.firstSeen)}>{ago(a.firstSeen, now)}</time> / <time dateTime={a.lastSeen} title={dateTime(a.lastSeen)}>{ago(a.lastSeen, now)}</time>
                  </td>
                  <td className="small">
                    {ALERTS_MSG.states[a.state]}
                    {a.state === 'acknowledged' && a.acknowledgedAt ? <div className="muted">{ALERTS_MSG.byAt(a.acknowledgedBy, ago(a.acknowledgedAt, now))}</div> : null}
                    {a.state === 'resolved' && a.resolvedAt ? <div className="muted">{ALERTS_MSG.byAt(a.resolvedBy, ago(a.resolvedAt, now))}</div> : null}
                  </td>
                  <td className="actions">
                    {canWrite(user) ? (
                      <span className="row">
                        {a.state === 'open' ? (
                          <button type="button" onClick={() => act(a, 'acknowledge')} data-testid="alert-ack">
                            {ALERTS_MSG.acknowledge}
                          </button>
                        ) : null}
                        {a.state !== 'resolved' ? (
                          <button type="button" onClick={() => act(a, 'resolve')} data-testid="alert-resolve">
                            {ALERTS_MSG.resolve}
                          </button>
                        ) : null}
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {hasMore ? (
        <button type="button" onClick={loadOlder}>
          {ALERTS_MSG.older}
        </button>
      ) : null}
    </section>
  );
}
