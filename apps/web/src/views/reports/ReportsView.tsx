import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/http';
import type { Page } from '../../api/types';
import { useUser } from '../../app/session';
import { useAction } from '../../ui/actions';
import { dateTime } from '../../ui/format';
import { UI_MSG } from '../../ui/messages';
import { Empty, ErrorState, FormError, Loading } from '../../ui/states';
import { useResource } from '../../ui/use-resource';
import type { ViewProps } from '../contract';
import { REPORTS_MSG as M } from './messages';
import { clusterList, downloadHref, FORMATS, frameworkLabel, FRAMEWORKS, reportCounts, shortHash, verificationText, type ReportItem, type Verification } from './reports';
import { Schedules } from './Schedules';

/** Generate, list, verify and download compliance reports; manage report schedules. */
export function ReportsView(_: ViewProps) {
  const user = useUser();
  const canGenerate = user.role === 'admin' || user.role === 'auditor';
  const reports = useResource('reports', () => api.get<Page<ReportItem>>('/api/v1/reports', { limit: 100 }));
  const [more, setMore] = useState<{ items: ReportItem[]; next?: string | null }>({ items: [] });
  const [verified, setVerified] = useState<Record<number, string>>({});
  const action = useAction();

  const verify = async (r: ReportItem) => {
    const v = await action.run(() => api.post<Verification>(`/api/v1/reports/${r.id}/verify`));
    if (!v) return;
    const t = verificationText(v);
    setVerified((m) => ({ ...m, [r.id]: M.verified(t.ok, t.detail) }));
  };
  const loadMore = () => {
    const cursor = more.next === undefined ? reports.data?.nextCursor : more.next;
    if (cursor) void action.run(() => api.get<Page<ReportItem>>('/api/v1/reports', { limit: 100, cursor })).then((p) => p && setMore((m) => ({ items: [...m.items, ...p.items], next: p.nextCursor })));
  };

  const missing = reports.error instanceof ApiError && reports.error.status === 404;
  const items = [...(reports.data?.items ?? []), ...more.items];
  const hasMore = more.next === undefined ? !!reports.data?.nextCursor : !!more.next;
  return (
    <section aria-labelledby="reports-title">
      <h1 id="reports-title">{M.title}</h1>
      <p className="muted">{M.subtitle}</p>
      {canGenerate && !missing ? <Generate onDone={() => (setMore({ items: [] }), reports.reload())} /> : null}
      <FormError error={action.error} />
      {reports.loading ? (
        <Loading />
      ) : missing ? (
        <Empty title={UI_MSG.endpointMissing(M.unavailable)} />
      ) : reports.error ? (
        <ErrorState error={reports.error} onRetry={reports.reload} />
      ) : items.length === 0 ? (
        <Empty title={M.empty} />
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="reports-table">
            <thead>
              <tr>
                {Object.values(M.cols).map((c, i) => (
                  <th key={i} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.map((r) => {
                const c = reportCounts(r.summary);
                return (
                  <tr key={r.id} data-testid={`report-${r.id}`}>
                    <td>{r.id}</td>
                    <td>{r.frameworkTitle ?? frameworkLabel(r.framework)}</td>
                    <td className="mono small">{r.scope || '*'}</td>
                    <td className="small">{r.clusters?.length ? r.clusters.join(', ') : M.allClusters}</td>
                    <td className="small" data-testid="report-result">{c ? M.counts(c.pass, c.fail, c.notApplicable) : '—'}</td>
                    <td className="small">{dateTime(r.snapshotAt)}</td>
                    <td className="mono small" title={r.stateHash}>
                      {shortHash(r.stateHash)}
                    </td>
                    <td>
                      <span className="row">
                        {FORMATS.map((f) => (
                          <a key={f} href={downloadHref(r.id, f)} download data-testid={`report-download-${f}`}>
                            {f.toUpperCase()}
                          </a>
                        ))}
                      </span>
                    </td>
                    <td>
                      <button type="button" onClick={() => verify(r)} disabled={action.busy} data-testid="report-verify">
                        {M.verify}
                      </button>
                      {verified[r.id] ? <div className="small" data-testid="report-verified">{verified[r.id]}</div> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {hasMore ? (
        <button type="button" onClick={loadMore}>
          {M.more}
        </button>
      ) : null}
      {!missing ? <Schedules canEdit={canGenerate} /> : null}
    </section>
  );
}

function Generate({ onDone }: { onDone(): void }) {
  const [framework, setFramework] = useState<string>(FRAMEWORKS[0].id);
  const [scope, setScope] = useState('');
  const [clusters, setClusters] = useState('');
  const [periodDays, setPeriodDays] = useState('30');
  const [done, setDone] = useState<number | null>(null);
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const r = await action.run(() => api.post<ReportItem>('/api/v1/reports', { framework, scope, clusters: clusterList(clusters), periodDays: Number(periodDays) }));
    if (r) {
      setDone(r.id);
      onDone();
    }
  };
  return (
    <form className="panel stack" onSubmit={submit} aria-label={M.generate}>
      <h2 style={{ margin: 0 }}>{M.generate}</h2>
      <div className="toolbar">
        <label>
          {M.framework}
          <select value={framework} onChange={(e) => setFramework(e.target.value)} data-testid="report-framework">
            {FRAMEWORKS.map((f) => (
              <option key={f.id} value={f.id}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {M.scope}
          <input value={scope} onChange={(e) => setScope(e.target.value)} placeholder="pci=cde" className="mono" data-testid="report-scope" />
        </label>
        <label>
          {M.clusters}
          <input value={clusters} onChange={(e) => setClusters(e.target.value)} placeholder="demo-east, demo-west" />
        </label>
        <label>
          {M.periodDays}
          <input type="number" min={1} max={400} value={periodDays} onChange={(e) => setPeriodDays(e.target.value)} style={{ width: '6rem' }} />
        </label>
        <button type="submit" className="primary" disabled={action.busy} data-testid="report-generate">
          {action.busy ? M.working : M.submit}
        </button>
      </div>
      <FormError error={action.error} />
      {done !== null ? <p className="notice" role="status">{M.generated(done)}</p> : null}
    </form>
  );
}
