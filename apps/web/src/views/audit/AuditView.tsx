import { useEffect, useState } from 'react';
import { fromLocalInput, toLocalInput } from '../../ui/format';
import { Empty, ErrorState, Loading } from '../../ui/states';
import { useResource } from '../../ui/use-resource';
import type { ViewProps } from '../contract';
import { loadAllNamespaces } from '../namespaces/use-grid';
import { filterByPolicy } from './audit';
import { AuditEntryItem } from './AuditEntryItem';
import { AUDIT_MSG } from './messages';
import { PostureAtPanel } from './PostureAtPanel';
import { useAudit } from './use-audit';

const KINDS = ['NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'Namespace'];

/**
 * The policy audit timeline, newest first, live. URL: `namespace`, `kind`, `policy`, `since`, `until`,
 * `at` (posture at that time) and `seq` (the entry to open).
 */
export function AuditView({ cluster, params, setParams }: ViewProps) {
  const audit = useAudit(cluster, { namespace: params.namespace, kind: params.kind, since: params.since, until: params.until, at: params.at });
  const current = useResource(params.at ? `ns-now:${cluster}` : null, () => loadAllNamespaces(cluster).then((r) => r.rows));
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 10_000);
    return () => clearInterval(t);
  }, []);
  const [atInput, setAtInput] = useState(params.at ? toLocalInput(params.at) : '');
  useEffect(() => setAtInput(params.at ? toLocalInput(params.at) : ''), [params.at]);

  const entries = filterByPolicy(audit.entries, params.policy);
  const f = AUDIT_MSG.filters;
  const filtered = !!(params.namespace || params.kind || params.policy || params.since || params.until);
  const openSeq = params.seq ? Number(params.seq) : undefined;

  return (
    <section aria-labelledby="audit-title">
      <div className="view-head">
        <h1 id="audit-title">
          {AUDIT_MSG.title} <span className="muted">· {cluster}</span>
        </h1>
        {audit.liveCount > 0 ? (
          <span className="muted small" role="status" data-testid="audit-live">
            {AUDIT_MSG.live(audit.liveCount)}
          </span>
        ) : null}
      </div>
      <p className="muted">{AUDIT_MSG.subtitle}</p>
      <div className="toolbar">
        <label>
          {f.namespace}
          <input type="search" value={params.namespace ?? ''} onChange={(e) => setParams({ namespace: e.target.value }, { replace: true })} size={16} data-testid="audit-namespace" />
        </label>
        <label>
          {f.kind}
          <select value={params.kind ?? ''} onChange={(e) => setParams({ kind: e.target.value })}>
            <option value="">{f.anyKind}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label>
          {f.policy}
          <input value={params.policy ?? ''} onChange={(e) => setParams({ policy: e.target.value }, { replace: true })} size={20} data-testid="audit-policy" />
        </label>
        <label>
          {f.since}
          <input type="datetime-local" step={1} value={params.since ? toLocalInput(params.since) : ''} onChange={(e) => setParams({ since: fromLocalInput(e.target.value) })} />
        </label>
        <label>
          {f.until}
          <input type="datetime-local" step={1} value={params.until ? toLocalInput(params.until) : ''} onChange={(e) => setParams({ until: fromLocalInput(e.target.value) })} />
        </label>
        {filtered ? (
          <button type="button" className="link-button" onClick={() => setParams({ namespace: undefined, kind: undefined, policy: undefined, since: undefined, until: undefined })}>
            {f.clear}
          </button>
        ) : null}
      </div>
      <div className="toolbar">
        <form className="row" onSubmit={(e) => (e.preventDefault(), setParams({ at: fromLocalInput(atInput) }))}>
          <label>
            {AUDIT_MSG.postureAtPick}
            <input type="datetime-local" step={1} value={atInput} onChange={(e) => setAtInput(e.target.value)} data-testid="audit-at" />
          </label>
          <button type="submit">{AUDIT_MSG.postureAtShow}</button>
        </form>
        <span className="small muted">{AUDIT_MSG.postureAtHint}</span>
      </div>
      {audit.postureAt ? <PostureAtPanel at={audit.postureAt} now={current.data} onClose={() => setParams({ at: undefined })} /> : null}
      {audit.loading ? (
        <Loading />
      ) : audit.error && entries.length === 0 ? (
        <ErrorState error={audit.error} onRetry={audit.reload} />
      ) : entries.length === 0 ? (
        <Empty title={AUDIT_MSG.emptyTitle}>
          <p>{params.policy ? AUDIT_MSG.emptyPolicy(params.policy) : AUDIT_MSG.empty}</p>
        </Empty>
      ) : (
        <>
          {audit.error ? <ErrorState error={audit.error} onRetry={audit.reload} /> : null}
          <ol className="timeline" data-testid="audit-timeline" aria-label={AUDIT_MSG.title}>
            {entries.map((e) => (
              <AuditEntryItem key={e.seq} e={e} now={now} open={openSeq === e.seq || !!params.policy} postureSeq={audit.postureAt?.seq} onPostureAt={(at) => setParams({ at })} />
            ))}
          </ol>
          {audit.next ? (
            <button type="button" onClick={audit.more} disabled={audit.loadingMore}>
              {AUDIT_MSG.older}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
