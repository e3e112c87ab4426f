import { useEffect, useState, type FormEvent } from 'react';
import { api, clusterPath } from '../../api/http';
import type { ExplainAnswer, Page, WorkloadView } from '../../api/types';
import { Link } from '../../app/router';
import { routeHref } from '../../app/routes';
import { MarkBadge } from '../../ui/marks';
import { BAD, GOOD } from '../../ui/palette';
import { Empty, ErrorState, Loading } from '../../ui/states';
import { useResource } from '../../ui/use-resource';
import type { ViewProps } from '../contract';
import { linkifyLine, normalisePort, policiesIn, readyToExplain, type PolicyRef } from './explain';
import { EXPLAIN_MSG } from './messages';

/** The audit timeline filtered to one policy: what the explanation's policy names link to. */
export function policyHref(cluster: string, p: PolicyRef): string {
  return routeHref({ view: 'audit', cluster, params: { namespace: p.namespace, kind: p.kind, policy: p.name } });
}

/** The flow graph of these namespaces, drawn as workloads (the graph view's `ns` and `expand`). */
function graphHref(cluster: string, namespaces: string[]): string {
  const list = [...new Set(namespaces)].sort().join(',');
  return routeHref({ view: 'graph', cluster, params: { ns: list, expand: list } });
}

/** "Can A reach B on port P?" — the form state is the URL (`from`, `to`, `port`), so an answer is a link. */
export function ExplainView({ cluster, params, setParams }: ViewProps) {
  const [from, setFrom] = useState(params.from ?? '');
  const [to, setTo] = useState(params.to ?? '');
  const [port, setPort] = useState(params.port ?? 'TCP/80');
  // The URL wins when it changes (back/forward, a link from another view).
  useEffect(() => {
    setFrom(params.from ?? '');
    setTo(params.to ?? '');
    setPort(params.port ?? 'TCP/80');
  }, [params.from, params.to, params.port]);

  const ready = readyToExplain(params.from, params.to, params.port);
  const key = ready ? `${cluster}|${params.from}|${params.to}|${params.port}` : null;
  const answer = useResource(key, () => api.get<ExplainAnswer>(`${clusterPath(cluster)}/explain`, { from: params.from, to: params.to, port: params.port }));
  const workloads = useResource(`workloads:${cluster}`, () => api.get<Page<WorkloadView>>(`${clusterPath(cluster)}/workloads`, { limit: 500 }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams({ from: from.trim(), to: to.trim(), port: normalisePort(port) });
  };

  return (
    <section aria-labelledby="explain-title">
      <div className="view-head">
        <h1 id="explain-title">
          {EXPLAIN_MSG.title} <span className="muted">· {cluster}</span>
        </h1>
      </div>
      <p className="muted">{EXPLAIN_MSG.subtitle}</p>
      <form className="toolbar panel" onSubmit={submit} aria-label={EXPLAIN_MSG.title}>
        <label>
          {EXPLAIN_MSG.from}
          <input list="explain-workloads" value={from} onChange={(e) => setFrom(e.target.value)} placeholder="yahoo/miao-yahoo" title={EXPLAIN_MSG.endpointHint} required size={28} data-testid="explain-from" />
        </label>
        <button type="button" onClick={() => (setFrom(to), setTo(from))} aria-label={EXPLAIN_MSG.swap} title={EXPLAIN_MSG.swap}>
          ⇄
        </button>
        <label>
          {EXPLAIN_MSG.to}
          <input list="explain-workloads" value={to} onChange={(e) => setTo(e.target.value)} placeholder="default/lol-default" title={EXPLAIN_MSG.endpointHint} required size={28} data-testid="explain-to" />
        </label>
        <label>
          {EXPLAIN_MSG.port}
          <input value={port} onChange={(e) => setPort(e.target.value)} placeholder="TCP/80" title={EXPLAIN_MSG.portHint} required size={10} data-testid="explain-port" />
        </label>
        <button type="submit" className="primary" data-testid="explain-submit">
          {EXPLAIN_MSG.submit}
        </button>
        <datalist id="explain-workloads">
          {(workloads.data?.items ?? []).map((w) => (
            <option key={w.key} value={`${w.namespace}/${w.name}`}>
              {w.kind}
            </option>
          ))}
        </datalist>
      </form>
      {!ready ? (
        <Empty title={EXPLAIN_MSG.startTitle}>
          <p>{EXPLAIN_MSG.startHint}</p>
        </Empty>
      ) : answer.loading ? (
        <Loading label={EXPLAIN_MSG.working} />
      ) : answer.error ? (
        <ErrorState error={answer.error} onRetry={answer.reload} />
      ) : answer.data ? (
        <Answer cluster={cluster} a={answer.data} />
      ) : null}
    </section>
  );
}

function Answer({ cluster, a }: { cluster: string; a: ExplainAnswer }) {
  const policies = policiesIn(a.lines);
  const workloadsOf = [a.from, a.to].flatMap((e) => ('namespace' in e ? [e.namespace] : []));
  return (
    <article className="panel verdict-box" data-testid="explain-answer" data-verdict={a.verdict} aria-live="polite">
      <p className="verdict" style={{ fontSize: '1.3rem', fontWeight: 700, margin: '0 0 0.3rem' }}>
        <MarkBadge mark={a.allowed ? GOOD : BAD} text={a.allowed ? EXPLAIN_MSG.allowed : EXPLAIN_MSG.denied} />
      </p>
      <p data-testid="explain-summary">{a.summary}</p>
      <p className="muted">{EXPLAIN_MSG.allowedPorts(a.allowedPorts)}</p>
      {a.notes.length ? (
        <div className="notice">
          <strong>{EXPLAIN_MSG.notes}: </strong>
          {a.notes.join(' ')}
        </div>
      ) : null}
      <h2>{EXPLAIN_MSG.why}</h2>
      <ul className="stack" data-testid="explain-lines" style={{ listStyle: 'none', paddingLeft: 0 }}>
        {a.lines.map((line, i) => (
          <li key={i} style={{ whiteSpace: 'pre-wrap' }}>
            {linkifyLine(line).map((s, j) =>
              s.policy ? (
                <Link key={j} href={policyHref(cluster, s.policy)} title={EXPLAIN_MSG.policyLink(s.policy.kind, s.policy.namespace, s.policy.name)}>
                  {s.text}
                </Link>
              ) : (
                <span key={j}>{s.text}</span>
              ),
            )}
          </li>
        ))}
      </ul>
      {policies.length ? (
        <>
          <h2>{EXPLAIN_MSG.policies}</h2>
          <ul data-testid="explain-policies">
            {policies.map((p) => (
              <li key={`${p.kind}|${p.namespace}|${p.name}`}>
                <Link href={policyHref(cluster, p)}>
                  {p.kind} {p.namespace ? `${p.namespace}/` : ''}
                  {p.name}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p className="small muted">
        {EXPLAIN_MSG.asOf(a.seq)}{' '}
        {workloadsOf.length ? <Link href={graphHref(cluster, workloadsOf)}>{EXPLAIN_MSG.graphLink}</Link> : null}
      </p>
    </article>
  );
}
