import { useState, type FormEvent } from 'react';
import { api, clusterPath } from '../../api/http';
import type { AgentSetup, RegisterAnswer, RotateAnswer } from '../../api/types';
import { useClusters } from '../../app/clusters';
import { CopyButton, ShownOnce, useAction } from '../../ui/actions';
import { dateTime } from '../../ui/format';
import { Empty, ErrorState, FormError, Loading } from '../../ui/states';
import { agentPatch, ingestUrlOf } from './agent-setup';
import { ADMIN_MSG } from './messages';

const M = ADMIN_MSG.clusters;

/** Register (token shown once + how to run the agent), rotate a token, delete a cluster. */
export function ClustersAdmin() {
  const { list } = useClusters();
  const [name, setName] = useState('');
  const [cni, setCni] = useState<'generic' | 'calico'>('generic');
  const [setup, setSetup] = useState<{ title: string; cluster: string; token: string; agent: AgentSetup } | null>(null);
  const action = useAction();

  const register = async (e: FormEvent) => {
    e.preventDefault();
    const r = await action.run(() => api.post<RegisterAnswer>('/api/v1/clusters', { name, cni }));
    if (!r) return;
    setSetup({ title: M.registered(r.cluster.name), cluster: r.cluster.name, token: r.token, agent: r.agent });
    setName('');
    list.reload();
  };
  const rotate = async (cluster: string) => {
    if (!window.confirm(M.confirmRotate(cluster))) return;
    const r = await action.run(() => api.post<RotateAnswer>(`${clusterPath(cluster)}/token`));
    if (r) setSetup({ title: M.rotated(cluster), cluster, token: r.token, agent: r.agent });
    list.reload();
  };
  const remove = async (cluster: string) => {
    if (!window.confirm(M.confirmDelete(cluster))) return;
    await action.run(() => api.delete(clusterPath(cluster)));
    if (setup?.cluster === cluster) setSetup(null);
    list.reload();
  };

  return (
    <div>
      <p className="muted">{M.subtitle}</p>
      <form className="toolbar panel" onSubmit={register}>
        <label>
          {M.name}
          <input value={name} onChange={(e) => setName(e.target.value)} required pattern="[a-z0-9]([a-z0-9\-]{0,61}[a-z0-9])?" data-testid="register-name" />
        </label>
        <label title={M.cniHelp}>
          {M.cni}
          <select value={cni} onChange={(e) => setCni(e.target.value as 'generic' | 'calico')}>
            <option value="generic">generic</option>
            <option value="calico">calico</option>
          </select>
        </label>
        <button type="submit" className="primary" disabled={action.busy} data-testid="register-submit">
          {M.register}
        </button>
        <span className="small muted">{M.cniHelp}</span>
      </form>
      <FormError error={action.error} />
      {setup ? <AgentSetupPanel {...setup} /> : null}
      {list.loading ? (
        <Loading />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.data?.length ? (
        <Empty title={M.empty} />
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="clusters-table">
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
              {list.data.map((c) => (
                <tr key={c.name}>
                  <td>{c.name}</td>
                  <td>{c.cni}</td>
                  <td>{dateTime(c.createdAt)}</td>
                  <td>{dateTime(c.tokenRotatedAt)}</td>
                  <td>
                    <span className="row">
                      <button type="button" onClick={() => rotate(c.name)} disabled={action.busy}>
                        {M.rotate}
                      </button>
                      <button type="button" className="danger" onClick={() => remove(c.name)} disabled={action.busy}>
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
    </div>
  );
}

function AgentSetupPanel({ title, cluster, token, agent }: { title: string; cluster: string; token: string; agent: AgentSetup }) {
  const patch = agentPatch(cluster, ingestUrlOf(agent.command, window.location.origin));
  const steps = agent.kubernetes.join('\n');
  return (
    <section className="panel" aria-label={title} data-testid="agent-setup">
      <h2>{title}</h2>
      <ShownOnce value={token} warning={M.tokenOnce} testId="agent-token" />
      <h3>{M.runLocal}</h3>
      <pre className="block">{agent.command}</pre>
      <CopyButton text={agent.command} />
      <h3>{M.runK8s}</h3>
      <pre className="block">{steps}</pre>
      <CopyButton text={steps} />
      <h3>{M.patch}</h3>
      <pre className="block">{patch}</pre>
      <CopyButton text={patch} />
    </section>
  );
}
