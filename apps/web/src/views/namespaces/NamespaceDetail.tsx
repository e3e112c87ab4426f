import type { ReactNode } from 'react';
import type { NamespacePosture } from '../../api/types';
import { Link } from '../../app/router';
import { routeHref } from '../../app/routes';
import { count, percent, ratio, score as scoreText } from '../../ui/format';
import { Exposure, ScoreChip, YesNo } from '../../ui/marks';
import { NS_MSG } from './messages';

/** Names as tags; `none` only where no yes/no mark already says it. */
function List({ items, quiet = false }: { items: string[] | undefined; quiet?: boolean }) {
  if (!items?.length) return quiet ? null : <span className="muted">{NS_MSG.detail.none}</span>;
  return (
    <ul className="taglist">
      {items.map((i) => (
        <li key={i}>{i}</li>
      ))}
    </ul>
  );
}

/** Everything known about one namespace, with one-click links to the views that explain it further. */
export function NamespaceDetail({ cluster, row, onClose }: { cluster: string; row: NamespacePosture; onClose(): void }) {
  const d = NS_MSG.detail;
  const det = row.details;
  const link = (view: 'graph' | 'audit' | 'explain', params: Record<string, string>, label: string) => (
    <li>
      <Link href={routeHref({ view, cluster, params })}>{label}</Link>
    </li>
  );
  const item = (label: string, value: ReactNode) => (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
  const parts = Object.entries(det.scoreParts ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  return (
    <aside className="panel detail" aria-labelledby="ns-detail-title" data-testid="ns-detail">
      <div className="row">
        <h2 id="ns-detail-title" style={{ margin: 0 }}>
          {d.title(row.namespace)}
        </h2>
        <span className="spacer" />
        <button type="button" onClick={onClose} aria-label={d.close}>
          ✕
        </button>
      </div>
      <p className="small muted">{d.asOf(row.asOfSeq)}</p>
      <div className="detail-cols">
      <dl>
        {item(d.score, <ScoreChip score={row.score} />)}
        {item(d.pods, count(row.pods))}
        {det.hostNetworkPods ? item(d.hostNetwork, count(det.hostNetworkPods)) : null}
        {item(d.ingress, `${count(row.ingressIsolatedPods)} / ${count(row.pods)} (${percent(ratio(row.ingressIsolatedPods, row.pods))})`)}
        {item(d.egress, `${count(row.egressIsolatedPods)} / ${count(row.pods)} (${percent(ratio(row.egressIsolatedPods, row.pods))})`)}
        {item(d.denyIn, <><YesNo value={row.defaultDenyIngress} /> <List items={det.defaultDenyIngressPolicies} quiet /></>)}
        {item(d.denyOut, <><YesNo value={row.defaultDenyEgress} /> <List items={det.defaultDenyEgressPolicies} quiet /></>)}
        {item(d.policies, count(row.policies))}
        {item(d.adminPolicies, <List items={det.adminPolicies} />)}
        {item(d.exposedWorkloads, <><Exposure value={row.exposedToInternet} /> <List items={det.internetExposedWorkloads} quiet /></>)}
        {item(d.fromNamespaces, <><Exposure value={row.reachableFromOtherNamespaces} /> <List items={det.reachableFromNamespaces} quiet /></>)}
      </dl>
      <div>
      {parts.length ? (
        <>
          <h3>{d.scoreParts}</h3>
          <table className="data small">
            <tbody>
              {parts.map(([k, v]) => (
                <tr key={k}>
                  <td>{NS_MSG.scorePart[k] ?? k}</td>
                  <td className="num">{scoreText(v)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <h3>{d.links}</h3>
      <ul>
        {link('graph', { ns: row.namespace, expand: row.namespace }, d.graph)}
        {link('audit', { namespace: row.namespace }, d.audit)}
        {link('explain', { to: `${row.namespace}/` }, d.explain)}
      </ul>
      </div>
      </div>
    </aside>
  );
}
