import { useState, type FormEvent } from 'react';
import { api } from '../../api/http';
import type { Page, Role, UserView } from '../../api/types';
import { useClusters } from '../../app/clusters';
import { useAction } from '../../ui/actions';
import { dateTime } from '../../ui/format';
import { ErrorState, FormError, Loading } from '../../ui/states';
import { useResource } from '../../ui/use-resource';
import { GrantsPicker } from './GrantsPicker';
import { ADMIN_MSG } from './messages';

const ROLES: Role[] = ['admin', 'analyst', 'auditor'];
const M = ADMIN_MSG.users;

/** Accounts: create, role, disable, password, cluster grants, delete (every change audited by the API). */
export function UsersAdmin() {
  const [pages, setPages] = useState<string[]>(['']);
  const users = useResource(`users:${pages.join('|')}`, async () => {
    const out: UserView[] = [];
    let next: string | null = null;
    for (const cursor of pages) {
      const p: Page<UserView> = await api.get('/api/v1/users', { limit: 200, cursor: cursor || undefined });
      out.push(...p.items);
      next = p.nextCursor;
    }
    return { items: out, next };
  });
  const action = useAction();
  const [editing, setEditing] = useState<number | null>(null);

  const patch = (u: UserView, body: Record<string, unknown>) => action.run(() => api.patch(`/api/v1/users/${u.id}`, body)).then(users.reload);
  const remove = (u: UserView) => {
    if (window.confirm(M.confirmDelete(u.email))) void action.run(() => api.delete(`/api/v1/users/${u.id}`)).then(users.reload);
  };

  return (
    <div>
      <CreateUser onCreated={users.reload} />
      <FormError error={action.error} />
      {users.loading ? (
        <Loading />
      ) : users.error ? (
        <ErrorState error={users.error} onRetry={users.reload} />
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="users-table">
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
              {users.data!.items.map((u) => (
                <tr key={u.id} data-testid={`user-${u.email}`}>
                  <td>{u.email}</td>
                  <td>
                    <select value={u.role} onChange={(e) => patch(u, { role: e.target.value })} aria-label={`${M.role}: ${u.email}`} disabled={action.busy}>
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    {editing === u.id ? (
                      <GrantsEditor user={u} onDone={() => (setEditing(null), users.reload())} />
                    ) : (
                      <>
                        <span className="small">{u.role === 'admin' ? M.adminAll : u.clusters === 'all' ? M.allClusters : u.clusters.join(', ') || '—'}</span>{' '}
                        {u.role !== 'admin' ? (
                          <button type="button" className="link-button" onClick={() => setEditing(u.id)}>
                            {M.grants}
                          </button>
                        ) : null}
                      </>
                    )}
                  </td>
                  <td>{u.disabled ? M.disabled : M.active}</td>
                  <td className="small">{dateTime(u.lastLoginAt)}</td>
                  <td>
                    <span className="row">
                      <button type="button" onClick={() => patch(u, { disabled: !u.disabled })} disabled={action.busy}>
                        {u.disabled ? M.enable : M.disable}
                      </button>
                      <SetPassword onSet={(password) => patch(u, { password })} busy={action.busy} />
                      <button type="button" className="danger" onClick={() => remove(u)} disabled={action.busy}>
                        {M.delete}
                      </button>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {users.data?.next ? (
        <button type="button" onClick={() => setPages((p) => [...p, users.data!.next!])}>
          {M.more}
        </button>
      ) : null}
    </div>
  );
}

function CreateUser({ onCreated }: { onCreated(): void }) {
  const { list } = useClusters();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('analyst');
  const [grants, setGrants] = useState<'all' | string[]>([]);
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await action.run(() => api.post('/api/v1/users', { email, password, role, ...(role === 'admin' ? {} : { clusters: grants }) }));
    if (ok) {
      setEmail('');
      setPassword('');
      onCreated();
    }
  };
  return (
    <form className="panel stack" onSubmit={submit} aria-labelledby="create-user-title">
      <h2 id="create-user-title" style={{ margin: 0 }}>
        {M.createTitle}
      </h2>
      <div className="toolbar">
        <label>
          {M.email}
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required data-testid="new-user-email" />
        </label>
        <label>
          {M.password}
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={12} autoComplete="new-password" />
        </label>
        <label>
          {M.role}
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {M.roles[r]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {role !== 'admin' ? <GrantsPicker names={(list.data ?? []).map((c) => c.name)} value={grants} onChange={setGrants} /> : null}
      <FormError error={action.error} />
      <div>
        <button type="submit" className="primary" disabled={action.busy}>
          {M.create}
        </button>
      </div>
    </form>
  );
}

function GrantsEditor({ user, onDone }: { user: UserView; onDone(): void }) {
  const { list } = useClusters();
  const [grants, setGrants] = useState<'all' | string[]>(user.clusters);
  const action = useAction();
  const save = async () => {
    if ((await action.run(() => api.put(`/api/v1/users/${user.id}/grants`, { clusters: grants }))) !== undefined) onDone();
  };
  return (
    <div className="stack">
      <GrantsPicker names={(list.data ?? []).map((c) => c.name)} value={grants} onChange={setGrants} />
      <FormError error={action.error} />
      <button type="button" onClick={save} disabled={action.busy}>
        {M.saveGrants}
      </button>
    </div>
  );
}

function SetPassword({ onSet, busy }: { onSet(password: string): void; busy: boolean }) {
  const [open, setOpen] = useState(false);
  const [pw, setPw] = useState('');
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {M.setPassword}
      </button>
    );
  return (
    <form className="row" onSubmit={(e) => (e.preventDefault(), onSet(pw), setOpen(false), setPw(''))}>
      <input type="password" aria-label={M.newPassword} value={pw} onChange={(e) => setPw(e.target.value)} minLength={12} required autoComplete="new-password" />
      <button type="submit" disabled={busy}>
        {M.setPassword}
      </button>
    </form>
  );
}
