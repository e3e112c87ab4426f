import { useState, type FormEvent } from 'react';
import { api, clusterPath } from '../../api/http';
import type { Page, Severity } from '../../api/types';
import { useClusters } from '../../app/clusters';
import { useAction } from '../../ui/actions';
import { dateTime } from '../../ui/format';
import { SEVERITIES } from '../../ui/palette';
import { Empty, ErrorState, FormError, Loading } from '../../ui/states';
import { useResource } from '../../ui/use-resource';
import { ADMIN_MSG } from './messages';
import type { RulesAnswer } from './rules-form';

const M = ADMIN_MSG.webhooks;

interface Webhook {
  id: number;
  name: string;
  url: string;
  format: 'json' | 'slack';
  hasSecret: boolean;
  minSeverity: Severity;
  clusters: string[];
  rules: string[];
  enabled: boolean;
  createdAt: string;
}

interface Delivery {
  id: number;
  event: string;
  state: 'pending' | 'delivered' | 'dead';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
}

/** Where alerts are posted: create, enable/disable, send a test, read the delivery log, delete. */
export function WebhooksAdmin() {
  const hooks = useResource('webhooks', () => api.get<Page<Webhook>>('/api/v1/webhooks', { limit: 500 }));
  const action = useAction();
  const [open, setOpen] = useState<number | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const patch = (w: Webhook) => action.run(() => api.patch(`/api/v1/webhooks/${w.id}`, { enabled: !w.enabled })).then(hooks.reload);
  const test = (w: Webhook) => action.run(() => api.post(`/api/v1/webhooks/${w.id}/test`)).then((r) => r !== undefined && setNote(M.testQueued));
  const remove = (w: Webhook) => {
    if (window.confirm(M.confirmDelete(w.name))) void action.run(() => api.delete(`/api/v1/webhooks/${w.id}`)).then(hooks.reload);
  };

  return (
    <div>
      <CreateWebhook onCreated={hooks.reload} />
      <FormError error={action.error} />
      {note ? <p className="notice" role="status">{note}</p> : null}
      {hooks.loading ? (
        <Loading />
      ) : hooks.error ? (
        <ErrorState error={hooks.error} onRetry={hooks.reload} />
      ) : !hooks.data?.items.length ? (
        <Empty title={M.empty} />
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                {Object.values(M.cols).map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {hooks.data.items.map((w) => (
                <tr key={w.id}>
                  <td>
                    {w.name}
                    {w.hasSecret ? <div className="small muted">🔏 {M.signed}</div> : null}
                  </td>
                  <td className="mono small">{w.url}</td>
                  <td>{w.format}</td>
                  <td className="small">
                    ≥ {w.minSeverity} · {w.clusters.length ? w.clusters.join(', ') : M.any} · {w.rules.length ? w.rules.join(', ') : M.any}
                  </td>
                  <td>{w.enabled ? M.enabled : M.disabled}</td>
                  <td>
                    <span className="row">
                      <button type="button" onClick={() => patch(w)} disabled={action.busy}>
                        {w.enabled ? M.disable : M.enable}
                      </button>
                      <button type="button" onClick={() => test(w)} disabled={action.busy}>
                        {M.test}
                      </button>
                      <button type="button" onClick={() => setOpen(open === w.id ? null : w.id)} aria-expanded={open === w.id}>
                        {open === w.id ? M.hideDeliveries : M.deliveries}
                      </button>
                      <button type="button" className="danger" onClick={() => remove(w)} disabled={action.busy}>
                        {M.delete}
                      </button>
                    </span>
                    {open === w.id ? <Deliveries id={w.id} /> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function Deliveries({ id }: { id: number }) {
  const d = useResource(`deliveries:${id}`, () => api.get<Page<Delivery>>(`/api/v1/webhooks/${id}/deliveries`, { limit: 50 }));
  if (d.loading) return <Loading />;
  if (d.error) return <ErrorState error={d.error} onRetry={d.reload} />;
  if (!d.data?.items.length) return <p className="muted small">{M.noDeliveries}</p>;
  const c = M.deliveryCols;
  return (
    <table className="data small">
      <thead>
        <tr>
          {[c.id, c.event, c.state, c.attempts, c.status, c.error, c.at].map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {d.data.items.map((x) => (
          <tr key={x.id}>
            <td>{x.id}</td>
            <td>{x.event}</td>
            <td>{x.state}</td>
            <td className="num">{x.attempts}</td>
            <td>{x.lastStatus ?? '—'}</td>
            <td>{x.lastError ?? ''}</td>
            <td>{dateTime(x.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CreateWebhook({ onCreated }: { onCreated(): void }) {
  const { list, current } = useClusters();
  // The rule catalogue (ids and descriptions) as the API describes it, read from any visible cluster.
  const catalogue = useResource(current ? `rule-catalogue:${current}` : null, () => api.get<RulesAnswer>(`${clusterPath(current!)}/alert-rules`));
  const [f, setF] = useState({ name: '', url: '', format: 'json', secret: '', minSeverity: 'low' as Severity, clusters: [] as string[], rules: [] as string[] });
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { name: f.name, url: f.url, format: f.format, minSeverity: f.minSeverity, clusters: f.clusters, rules: f.rules, ...(f.secret ? { secret: f.secret } : {}) };
    if ((await action.run(() => api.post('/api/v1/webhooks', body))) !== undefined) {
      setF({ ...f, name: '', url: '', secret: '' });
      onCreated();
    }
  };
  return (
    <form className="panel stack" onSubmit={submit} aria-label={M.create}>
      <div className="toolbar">
        <label>
          {M.name}
          <input value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} required maxLength={100} />
        </label>
        <label>
          {M.url}
          <input type="url" value={f.url} onChange={(e) => setF({ ...f, url: e.target.value })} required size={40} />
        </label>
        <label>
          {M.format}
          <select value={f.format} onChange={(e) => setF({ ...f, format: e.target.value })}>
            <option value="json">json</option>
            <option value="slack">slack</option>
          </select>
        </label>
        <label>
          {M.minSeverity}
          <select value={f.minSeverity} onChange={(e) => setF({ ...f, minSeverity: e.target.value as Severity })}>
            {[...SEVERITIES].reverse().map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          {M.secret}
          <input type="password" value={f.secret} onChange={(e) => setF({ ...f, secret: e.target.value })} minLength={16} autoComplete="off" />
        </label>
      </div>
      <fieldset className="row" style={{ border: 'none', padding: 0, margin: 0 }}>
        <legend className="small muted">{M.clusters}</legend>
        {(list.data ?? []).map((c) => (
          <label key={c.name} className="check">
            <input
              type="checkbox"
              checked={f.clusters.includes(c.name)}
              onChange={(e) => setF({ ...f, clusters: e.target.checked ? [...f.clusters, c.name].sort() : f.clusters.filter((x) => x !== c.name) })}
            />
            {c.name}
          </label>
        ))}
      </fieldset>
      <fieldset className="row" style={{ border: 'none', padding: 0, margin: 0 }}>
        <legend className="small muted">{M.rules}</legend>
        {(catalogue.data?.rules ?? []).map(({ id: r, description }) => (
          <label key={r} className="check" title={description}>
            <input type="checkbox" checked={f.rules.includes(r)} onChange={(e) => setF({ ...f, rules: e.target.checked ? [...f.rules, r].sort() : f.rules.filter((x) => x !== r) })} />
            <span className="mono small">{r}</span>
          </label>
        ))}
      </fieldset>
      <FormError error={action.error} />
      <div>
        <button type="submit" className="primary" disabled={action.busy}>
          {M.create}
        </button>
      </div>
    </form>
  );
}
