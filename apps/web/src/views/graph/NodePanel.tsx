import { api, clusterPath } from '../../api/http';
import type { NamespacePosture, Page } from '../../api/types';
import { count, percent } from '../../ui/format';
import { Exposure, ScoreChip, YesNo } from '../../ui/marks';
import { ErrorState, Loading } from '../../ui/states';
import { useResource } from '../../ui/use-resource';
import type { WorkloadInfo } from './api-types';
import { edgeLabel, lineListLabel, nodeAriaLabel } from './describe';
import { parseEndpointKey } from './keys';
import { GRAPH_MSG } from './messages';
import { linesOf, type RenderGraph, type RenderNode } from './model';

const LIST_MAX = 60;

/** The exact workload among `…/workloads?namespace=&search=` (search is a substring match). */
async function findWorkload(cluster: string, key: string): Promise<WorkloadInfo | null> {
  const e = parseEndpointKey(key);
  if (e?.type !== 'workload') return null;
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const r = await api.get<Page<WorkloadInfo>>(`${clusterPath(cluster)}/workloads`, { namespace: e.namespace, search: e.name, limit: 500, cursor });
    const hit = r.items.find((w) => w.key === key);
    if (hit || !r.nextCursor) return hit ?? null;
    cursor = r.nextCursor;
  }
  return null;
}

async function findNamespace(cluster: string, name: string): Promise<NamespacePosture | null> {
  const r = await api.get<Page<NamespacePosture>>(`${clusterPath(cluster)}/namespaces`, { search: name, limit: 500 });
  return r.items.find((n) => n.namespace === name) ?? null;
}

export interface NodePanelProps {
  cluster: string;
  node: RenderNode;
  graph: RenderGraph;
  onSelectNode(id: string): void;
  onSelectEdge(id: string): void;
  onExpand(namespace: string): void;
  onCollapse(namespace: string): void;
}

/** A node's policies and exposure (from …/workloads or …/namespaces) and its lines, each a way to explain it. */
export function NodePanel({ cluster, node, graph, onSelectNode, onSelectEdge, onExpand, onCollapse }: NodePanelProps) {
  const { out, in: inbound } = linesOf(graph, node.id);
  return (
    <section className="panel detail rw-graph-panel" aria-label={GRAPH_MSG.panel.node} data-testid="graph-node-panel">
      <h2>{node.label}</h2>
      <p className="muted">{nodeAriaLabel(node)}</p>
      {node.kind === 'workload' && node.key ? <WorkloadFacts cluster={cluster} wkey={node.key} /> : null}
      {(node.kind === 'namespace' || node.kind === 'group') && node.namespace ? (
        <>
          <NamespaceFacts cluster={cluster} name={node.namespace} />
          {node.kind === 'namespace' ? (
            <button type="button" className="primary" onClick={() => onExpand(node.namespace!)} data-testid="graph-expand">{GRAPH_MSG.panel.expand(node.namespace)}</button>
          ) : (
            <button type="button" onClick={() => onCollapse(node.namespace!)} data-testid="graph-collapse">{GRAPH_MSG.panel.collapse(node.namespace)}</button>
          )}
        </>
      ) : null}
      {node.kind === 'internet' || node.kind === 'cidr' ? <RangeFacts rkey={node.key!} /> : null}
      {node.kind === 'sources' ? <p>{GRAPH_MSG.panel.sources}</p> : null}
      {node.members ? (
        <>
          <h3>{GRAPH_MSG.panel.members(node.members.length)}</h3>
          <p className="muted small">{GRAPH_MSG.panel.membersHint}</p>
          <ul className="rw-graph-list">
            {node.members.slice(0, LIST_MAX).map((m) => (
              <li key={m}><button type="button" className="link-button" onClick={() => onSelectNode(m)}>{m.replace(/^[a-z]+:/, '')}</button></li>
            ))}
          </ul>
          {node.members.length > LIST_MAX ? <p className="muted small">{GRAPH_MSG.panel.andMore(node.members.length - LIST_MAX)}</p> : null}
        </>
      ) : null}
      {[{ title: GRAPH_MSG.panel.outbound, lines: out, outbound: true }, { title: GRAPH_MSG.panel.inbound, lines: inbound, outbound: false }].map(({ title, lines, outbound }) =>
        lines.length ? (
          <div key={title}>
            <h3>{title} ({count(lines.length)})</h3>
            <ul className="rw-graph-list" data-testid="graph-node-lines">
              {lines.slice(0, LIST_MAX).map((e) => (
                <li key={e.id}>
                  <button type="button" className="link-button" onClick={() => onSelectEdge(e.id)}>
                    {lineListLabel(graph, e, node.id, outbound)}
                  </button>{' '}
                  <span className="mono small">{edgeLabel(e)}</span>
                </li>
              ))}
            </ul>
            {lines.length > LIST_MAX ? <p className="muted small">{GRAPH_MSG.panel.andMore(lines.length - LIST_MAX)}</p> : null}
          </div>
        ) : null,
      )}
    </section>
  );
}

function WorkloadFacts({ cluster, wkey }: { cluster: string; wkey: string }) {
  const r = useResource(`${cluster}|${wkey}`, () => findWorkload(cluster, wkey));
  if (r.loading) return <Loading />;
  if (r.error) return <ErrorState error={r.error} onRetry={r.reload} />;
  const w = r.data;
  if (!w) return <p className="muted">{GRAPH_MSG.panel.workloadGone}</p>;
  return (
    <>
      <dl>
        <dt>{GRAPH_MSG.panel.kind}</dt><dd>{w.kind}</dd>
        <dt>{GRAPH_MSG.panel.pods}</dt><dd>{count(w.pods)}</dd>
        <dt>{GRAPH_MSG.panel.ingressIsolated}</dt><dd>{count(w.ingressIsolatedPods)} / {count(w.pods)}</dd>
        <dt>{GRAPH_MSG.panel.egressIsolated}</dt><dd>{count(w.egressIsolatedPods)} / {count(w.pods)}</dd>
        <dt>{GRAPH_MSG.panel.internet}</dt><dd><Exposure value={w.exposure.internet} /></dd>
        <dt>{GRAPH_MSG.panel.fromNamespaces}</dt><dd>{w.exposure.fromNamespaces.length ? w.exposure.fromNamespaces.join(', ') : GRAPH_MSG.panel.none}</dd>
      </dl>
      {w.exposure.internetSources.length ? <p className="small">{GRAPH_MSG.panel.internetSources}: <span className="mono">{w.exposure.internetSources.join(', ')}</span></p> : null}
      <h3>{GRAPH_MSG.panel.policies}</h3>
      {w.networkPolicies.length || w.adminPolicies.length ? (
        <ul className="rw-graph-list" data-testid="graph-node-policies">
          {w.networkPolicies.map((p) => <li key={p.name}><span className="mono">{p.name}</span> <span className="muted small">({p.policyTypes.join(', ')})</span></li>)}
          {w.adminPolicies.map((p) => <li key={`admin:${p}`}><span className="mono">{p}</span> <span className="muted small">({GRAPH_MSG.panel.admin})</span></li>)}
        </ul>
      ) : <p className="muted">{GRAPH_MSG.panel.noPolicies}</p>}
    </>
  );
}

function NamespaceFacts({ cluster, name }: { cluster: string; name: string }) {
  const r = useResource(`${cluster}|ns|${name}`, () => findNamespace(cluster, name));
  if (r.loading) return <Loading />;
  if (r.error) return <ErrorState error={r.error} onRetry={r.reload} />;
  const n = r.data;
  if (!n) return <p className="muted">{GRAPH_MSG.panel.namespaceGone}</p>;
  return (
    <dl>
      <dt>{GRAPH_MSG.panel.score}</dt><dd><ScoreChip score={n.score} /></dd>
      <dt>{GRAPH_MSG.panel.pods}</dt><dd>{count(n.pods)}</dd>
      <dt>{GRAPH_MSG.panel.policyCount}</dt><dd>{count(n.policies)}</dd>
      <dt>{GRAPH_MSG.panel.defaultDenyIngress}</dt><dd><YesNo value={n.defaultDenyIngress} /></dd>
      <dt>{GRAPH_MSG.panel.defaultDenyEgress}</dt><dd><YesNo value={n.defaultDenyEgress} /></dd>
      <dt>{GRAPH_MSG.panel.ingressIsolated}</dt><dd>{percent(n.pods ? (100 * n.ingressIsolatedPods) / n.pods : null)}</dd>
      <dt>{GRAPH_MSG.panel.egressIsolated}</dt><dd>{percent(n.pods ? (100 * n.egressIsolatedPods) / n.pods : null)}</dd>
      <dt>{GRAPH_MSG.panel.internet}</dt><dd><Exposure value={n.exposedToInternet} /></dd>
      <dt>{GRAPH_MSG.panel.otherNamespaces}</dt><dd><Exposure value={n.reachableFromOtherNamespaces} /></dd>
    </dl>
  );
}

function RangeFacts({ rkey }: { rkey: string }) {
  const e = parseEndpointKey(rkey);
  if (e?.type !== 'external') return null;
  return (
    <dl>
      <dt>{GRAPH_MSG.panel.cidr}</dt><dd className="mono">{e.cidr}</dd>
      <dt>{GRAPH_MSG.panel.except}</dt><dd className="mono">{e.except.length ? e.except.join(', ') : GRAPH_MSG.panel.none}</dd>
    </dl>
  );
}
