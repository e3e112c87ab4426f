import { useState, type FormEvent } from 'react';
import { api } from '../../api/http';
import type { Page } from '../../api/types';
import { useAction } from '../../ui/actions';
import { dateTime } from '../../ui/format';
import { ErrorState, FormError, Loading } from '../../ui/states';
import { useResource } from '../../ui/use-resource';
import { REPORTS_MSG as M } from './messages';
import { clusterList, frameworkLabel, FRAMEWORKS } from './reports';

interface Schedule {
  id: number;
  name: string;
  framework: string;
  scope: string;
  clusters?: string[];
  cron: string;
  periodDays?: number;
  nextRunAt?: string | null;
  lastRunAt?: string | null;
}

/** Report schedules (cron, UTC): list, add, delete. */
export function Schedules({ canEdit }: { canEdit: boolean }) {
  const list = useResource('report-schedules', () => api.get<Page<Schedule>>('/api/v1/report-schedules', { limit: 500 }));
  const action = useAction();
  const [f, setF] = useState({ name: '', framework: FRAMEWORKS[0].id as string, scope: '', clusters: '', cron: '0 6 * * 1', periodDays: '30' });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { name: f.name, framework: f.framework, scope: f.scope, clusters: clusterList(f.clusters), cron: f.cron, periodDays: Number(f.periodDays) };
    if ((await action.run(() => api.post('/api/v1/report-schedules', body))) !== undefined) {
      setF({ ...f, name: '' });
      list.reload();
    }
  };
  const remove = (s: Schedule) => {
    if (window.confirm(M.confirmDeleteSchedule(s.name))) void action.run(() => api.delete(`/api/v1/report-schedules/${s.id}`)).then(list.reload);
  };
  const c = M.scheduleCols;
  return (
    <section aria-labelledby="schedules-title">
      <h2 id="schedules-title">{M.schedules}</h2>
      <p className="muted small">{M.schedulesHelp}</p>
      {canEdit ? (
        <form className="toolbar panel" onSubmit={submit} aria-label={M.addSchedule}>
          <label>
            {M.scheduleName}
            <input value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} required maxLength={100} />
          </label>
          <label>
            {M.framework}
            <select value={f.framework} onChange={(e) => setF({ ...f, framework: e.target.value })}>
              {FRAMEWORKS.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            {M.scope}
            <input value={f.scope} onChange={(e) => setF({ ...f, scope: e.target.value })} className="mono" />
          </label>
          <label>
            {M.clusters}
            <input value={f.clusters} onChange={(e) => setF({ ...f, clusters: e.target.value })} />
          </label>
          <label>
            {M.cron}
            <input value={f.cron} onChange={(e) => setF({ ...f, cron: e.target.value })} required className="mono" />
          </label>
          <label>
            {M.periodDays}
            <input type="number" min={1} max={400} value={f.periodDays} onChange={(e) => setF({ ...f, periodDays: e.target.value })} style={{ width: '6rem' }} />
          </label>
          <button type="submit" disabled={action.busy}>
            {M.addSchedule}
          </button>
        </form>
      ) : null}
      <FormError error={action.error} />
      {list.loading ? (
        <Loading />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.data?.items.length ? (
        <p className="muted">{M.noSchedules}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                {[c.name, c.framework, c.scope, c.cron, c.next, c.last, c.actions].map((h, i) => (
                  <th key={i} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((s) => (
                <tr key={s.id}>
                  <td>{s.name}</td>
                  <td>{frameworkLabel(s.framework)}</td>
                  <td className="mono small">{s.scope || '*'}</td>
                  <td className="mono">{s.cron}</td>
                  <td className="small">{dateTime(s.nextRunAt)}</td>
                  <td className="small">{dateTime(s.lastRunAt)}</td>
                  <td>
                    {canEdit ? (
                      <button type="button" className="danger" onClick={() => remove(s)} disabled={action.busy}>
                        {M.deleteSchedule}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
