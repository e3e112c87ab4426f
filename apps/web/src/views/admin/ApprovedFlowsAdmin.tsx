import { useState, type FormEvent } from 'react';
import { api } from '../../api/http';
import type { Page } from '../../api/types';
import { useClusters } from '../../app/clusters';
import { useAction } from '../../ui/actions';
import { dateTime, fromLocalInput } from '../../ui/format';
import { Empty, ErrorState, FormError, Loading } from '../../ui/states';
import { useResource } from '../../ui/use-resource';
import { flowBody, peerText, type FlowForm } from './flows-form';
import { ADMIN_MSG } from './messages';

const M = ADMIN_MSG.flows;

interface ApprovedFlow {
  id: number;
  cluster: string | null;
  source: unknown;
  destination: unknown;
  ports: string[];
  justification: string;
  owner: string;
  approver: string;
  approvedAt: string;
  expiresAt: string | null;
}

/** The approved-flows register (PCI DSS 1.2.5): list, approve a flow, withdraw an approval. */
export function ApprovedFlowsAdmin() {
  const flows = useResource('approved-flows', () => api.get<Page<ApprovedFlow>>('/api/v1/approved-flows', { limit: 500 }));
  const action = useAction();
  const withdraw = (f: ApprovedFlow) => {
    if (window.confirm(M.confirmWithdraw)) void action.run(() => api.delete(`/api/v1/approved-flows/${f.id}`)).then(flows.reload);
  };
  return (
    <div>
      <p className="muted">{M.subtitle}</p>
      <CreateFlow onCreated={flows.reload} />
      <FormError error={action.error} />
      {flows.loading ? (
        <Loading />
      ) : flows.error ? (
        <ErrorState error={flows.error} onRetry={flows.reload} />
      ) : !flows.data?.items.length ? (
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
              {flows.data.items.map((f) => (
                <tr key={f.id}>
                  <td>{f.cluster ?? M.everyCluster}</td>
                  <td className="mono small">{peerText(f.source, M.internet)}</td>
                  <td className="mono small">{peerText(f.destination, M.internet)}</td>
                  <td className="mono small">{f.ports.join(', ')}</td>
                  <td className="small">{f.justification}</td>
                  <td className="small">
                    {f.owner} / {f.approver}
                  </td>
                  <td className="small">
                    {dateTime(f.approvedAt)}
                    <br />
                    {f.expiresAt ? dateTime(f.expiresAt) : '—'}
                  </td>
                  <td>
                    <button type="button" className="danger" onClick={() => withdraw(f)} disabled={action.busy}>
                      {M.withdraw}
                    </button>
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

const EMPTY: FlowForm = {
  cluster: '', sourceType: 'namespace', sourceNamespace: '', sourceWorkload: '', sourceCidr: '', destNamespace: '', destWorkload: '',
  ports: '', justification: '', owner: '', approver: '', approvedAt: '', expiresAt: '',
};

function CreateFlow({ onCreated }: { onCreated(): void }) {
  const { list } = useClusters();
  const [f, setF] = useState<FlowForm>(EMPTY);
  const [approvedLocal, setApprovedLocal] = useState('');
  const [expiresLocal, setExpiresLocal] = useState('');
  const action = useAction();
  const set = (k: keyof FlowForm) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = flowBody({ ...f, approvedAt: fromLocalInput(approvedLocal) ?? '', expiresAt: fromLocalInput(expiresLocal) ?? '' });
    if ((await action.run(() => api.post('/api/v1/approved-flows', body))) !== undefined) {
      setF(EMPTY);
      setApprovedLocal('');
      setExpiresLocal('');
      onCreated();
    }
  };
  return (
    <form className="panel stack" onSubmit={submit} aria-label={M.create}>
      <div className="toolbar">
        <label>
          {M.cluster}
          <select value={f.cluster} onChange={set('cluster')}>
            <option value="">{M.everyCluster}</option>
            {(list.data ?? []).map((c) => (
              <option key={c.name}>{c.name}</option>
            ))}
          </select>
        </label>
        <label>
          {M.sourceType}
          <select value={f.sourceType} onChange={set('sourceType')}>
            <option value="namespace">{M.sourceNs}</option>
            <option value="internet">{M.sourceInternet}</option>
            <option value="cidr">{M.sourceCidr}</option>
          </select>
        </label>
        {f.sourceType === 'namespace' ? (
          <>
            <label>
              {M.namespace}
              <input value={f.sourceNamespace} onChange={set('sourceNamespace')} required />
            </label>
            <label>
              {M.workload}
              <input value={f.sourceWorkload} onChange={set('sourceWorkload')} />
            </label>
          </>
        ) : f.sourceType === 'cidr' ? (
          <label>
            {M.cidr}
            <input value={f.sourceCidr} onChange={set('sourceCidr')} required placeholder="10.20.0.0/16" />
          </label>
        ) : null}
        <label>
          {M.destNs}
          <input value={f.destNamespace} onChange={set('destNamespace')} required />
        </label>
        <label>
          {M.destWorkload}
          <input value={f.destWorkload} onChange={set('destWorkload')} />
        </label>
      </div>
      <div className="toolbar">
        <label>
          {M.ports}
          <input value={f.ports} onChange={set('ports')} required size={30} placeholder="TCP/5432" />
        </label>
        <label>
          {M.owner}
          <input value={f.owner} onChange={set('owner')} required />
        </label>
        <label>
          {M.approver}
          <input value={f.approver} onChange={set('approver')} required />
        </label>
        <label>
          {M.approvedAt}
          <input type="datetime-local" step={1} value={approvedLocal} onChange={(e) => setApprovedLocal(e.target.value)} required />
        </label>
        <label>
          {M.expiresAt}
          <input type="datetime-local" step={1} value={expiresLocal} onChange={(e) => setExpiresLocal(e.target.value)} />
        </label>
      </div>
      <label>
        {M.justification}
        <textarea rows={2} value={f.justification} onChange={set('justification')} required style={{ fontFamily: 'inherit' }} />
      </label>
      <FormError error={action.error} />
      <div>
        <button type="submit" className="primary" disabled={action.busy}>
          {M.create}
        </button>
      </div>
    </form>
  );
}
