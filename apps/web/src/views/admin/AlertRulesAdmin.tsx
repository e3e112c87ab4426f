import { useEffect, useState } from 'react';
import { api, clusterPath } from '../../api/http';
import type { Severity } from '../../api/types';
import { useClusters } from '../../app/clusters';
import { useAction } from '../../ui/actions';
import { dateTime } from '../../ui/format';
import { SeverityBadge } from '../../ui/marks';
import { Empty, ErrorState, FormError, Loading } from '../../ui/states';
import { useResource } from '../../ui/use-resource';
import type { ViewProps } from '../contract';
import { ADMIN_MSG } from './messages';
import { buildConfig, formOf, type RulesAnswer, type RulesForm } from './rules-form';

const M = ADMIN_MSG.rules;

/** Per cluster (URL `cluster`): each rule on/off and its severity, compliance scopes, ignore entries. */
export function AlertRulesAdmin({ params, setParams }: Pick<ViewProps, 'params' | 'setParams'>) {
  const { list, current } = useClusters();
  const cluster = params.cluster ?? current;
  const answer = useResource(cluster ? `rules:${cluster}` : null, () => api.get<RulesAnswer>(`${clusterPath(cluster!)}/alert-rules`));
  const [form, setForm] = useState<RulesForm | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const action = useAction();
  useEffect(() => setForm(answer.data ? formOf(answer.data) : null), [answer.data]);

  const save = async () => {
    if (!form || !cluster) return;
    setSaved(false);
    const built = buildConfig(form);
    if (!built.ok) return setProblem(M.badJson(built.rule, built.message));
    setProblem(null);
    const r = await action.run(() => api.put<RulesAnswer>(`${clusterPath(cluster)}/alert-rules`, built.config));
    if (r) {
      answer.update(() => r);
      setSaved(true);
    }
  };
  const setRule = (id: string, change: Partial<RulesForm['rules'][number]>) => setForm((f) => f && { ...f, rules: f.rules.map((r) => (r.id === id ? { ...r, ...change } : r)) });
  const setScope = (i: number, change: Partial<RulesForm['scopes'][number]>) => setForm((f) => f && { ...f, scopes: f.scopes.map((s, j) => (j === i ? { ...s, ...change } : s)) });

  return (
    <div>
      <div className="toolbar">
        <label>
          {M.cluster}
          <select value={cluster ?? ''} onChange={(e) => setParams({ cluster: e.target.value })}>
            {(list.data ?? []).map((c) => (
              <option key={c.name}>{c.name}</option>
            ))}
          </select>
        </label>
        {answer.data ? <span className="muted small">{M.version(answer.data.version, answer.data.updatedBy, answer.data.updatedAt ? dateTime(answer.data.updatedAt) : '')}</span> : null}
      </div>
      {!cluster ? (
        <Empty title={M.pick} />
      ) : answer.loading ? (
        <Loading />
      ) : answer.error ? (
        <ErrorState error={answer.error} onRetry={answer.reload} />
      ) : form && answer.data ? (
        <div className="stack">
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{M.cols.rule}</th>
                  <th scope="col">{M.cols.enabled}</th>
                  <th scope="col">{M.cols.severity}</th>
                  <th scope="col">{M.cols.def}</th>
                </tr>
              </thead>
              <tbody>
                {form.rules.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <strong className="mono">{r.id}</strong>
                      <div className="small muted">{r.description}</div>
                      <details>
                        <summary className="small">{M.advanced}</summary>
                        <textarea rows={5} value={r.extra} onChange={(e) => setRule(r.id, { extra: e.target.value })} aria-label={`${M.advanced}: ${r.id}`} />
                      </details>
                    </td>
                    <td>
                      <input type="checkbox" checked={r.enabled} onChange={(e) => setRule(r.id, { enabled: e.target.checked })} aria-label={`${M.cols.enabled}: ${r.id}`} />
                    </td>
                    <td>
                      <select value={r.severity} onChange={(e) => setRule(r.id, { severity: e.target.value as Severity | 'default' })} aria-label={`${M.cols.severity}: ${r.id}`}>
                        <option value="default">default</option>
                        {answer.data!.severities.map((s) => (
                          <option key={s} value={s}>
                            {s}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <SeverityBadge severity={r.defaultSeverity} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <fieldset className="panel stack">
            <legend>{M.scopes}</legend>
            <p className="small muted">{M.scopesHelp}</p>
            {form.scopes.map((s, i) => (
              <div key={i} className="row">
                <label>
                  {M.scopeName}
                  <input value={s.name} onChange={(e) => setScope(i, { name: e.target.value })} />
                </label>
                <label>
                  {M.scopeSelector}
                  <input value={s.selector} onChange={(e) => setScope(i, { selector: e.target.value })} placeholder="pci=cde" className="mono" />
                </label>
                <button type="button" onClick={() => setForm((f) => f && { ...f, scopes: f.scopes.filter((_, j) => j !== i) })}>
                  {M.remove}
                </button>
              </div>
            ))}
            <div>
              <button type="button" onClick={() => setForm((f) => f && { ...f, scopes: [...f.scopes, { name: '', selector: '' }] })}>
                {M.addScope}
              </button>
            </div>
          </fieldset>
          {problem ? <p className="form-error" role="alert">{problem}</p> : null}
          <FormError error={action.error} />
          {saved ? <p className="notice" role="status">{M.saved}</p> : null}
          <div>
            <button type="button" className="primary" onClick={save} disabled={action.busy}>
              {M.save}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
