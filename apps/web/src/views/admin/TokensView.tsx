import { useState, type FormEvent } from 'react';
import { api } from '../../api/http';
import type { TokenView } from '../../api/types';
import { ShownOnce, useAction } from '../../ui/actions';
import { dateTime } from '../../ui/format';
import { Empty, ErrorState, FormError, Loading } from '../../ui/states';
import { useResource } from '../../ui/use-resource';
import type { ViewProps } from '../contract';
import { ADMIN_MSG } from './messages';

/** The user's own personal API tokens: create (shown once), list with state, revoke. Any role. */
export function TokensView(_: ViewProps) {
  const M = ADMIN_MSG.tokens;
  const tokens = useResource('tokens', () => api.get<{ items: TokenView[] }>('/api/v1/tokens'));
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const [created, setCreated] = useState<string | null>(null);
  const action = useAction();

  const create = async (e: FormEvent) => {
    e.preventDefault();
    const r = await action.run(() => api.post<TokenView & { token: string }>('/api/v1/tokens', { name, expiresInDays: Number(days) }));
    if (r) {
      setCreated(r.token);
      setName('');
      tokens.reload();
    }
  };
  const revoke = (t: TokenView) => action.run(() => api.delete(`/api/v1/tokens/${t.id}`)).then(tokens.reload);

  return (
    <section aria-labelledby="tokens-title">
      <h1 id="tokens-title">{M.title}</h1>
      <p className="muted">{M.subtitle}</p>
      <form className="toolbar panel" onSubmit={create}>
        <label>
          {M.name}
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} data-testid="token-name" />
        </label>
        <label>
          {M.days}
          <input type="number" min={1} value={days} onChange={(e) => setDays(e.target.value)} required style={{ width: '7rem' }} />
        </label>
        <button type="submit" className="primary" disabled={action.busy}>
          {M.create}
        </button>
      </form>
      <FormError error={action.error} />
      {created ? <ShownOnce value={created} warning={M.shownOnce} testId="token-value" /> : null}
      {tokens.loading ? (
        <Loading />
      ) : tokens.error ? (
        <ErrorState error={tokens.error} onRetry={tokens.reload} />
      ) : !tokens.data?.items.length ? (
        <Empty title={M.empty} />
      ) : (
        <div className="table-wrap">
          <table className="data">
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
              {tokens.data.items.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td className="mono">{t.prefix}…</td>
                  <td>{t.state}</td>
                  <td>{dateTime(t.createdAt)}</td>
                  <td>{dateTime(t.expiresAt)}</td>
                  <td>{t.lastUsedAt ? dateTime(t.lastUsedAt) : M.never}</td>
                  <td>
                    {t.state === 'active' ? (
                      <button type="button" className="danger" onClick={() => revoke(t)} disabled={action.busy}>
                        {M.revoke}
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
