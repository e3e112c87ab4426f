import type { UserView } from '../api/types';
import { useClusters } from './clusters';
import { APP_MSG } from './messages';
import { Link, navigate } from './router';
import { ADMIN_SECTIONS, CLUSTER_VIEWS, routeHref, switchCluster, type Route } from './routes';

/** The navigation: fleet, the current cluster's views (with its picker), alerts, reports, admin. */
export function Nav({ route, user }: { route: Route; user: UserView }) {
  const { list, current } = useClusters();
  const names = (list.data ?? []).map((c) => c.name);
  const here = (r: Route) => routeHref({ ...r, params: {} }) === routeHref({ ...route, params: {} });
  const item = (r: Route, label: string, testId: string) => (
    <li key={testId}>
      <Link href={routeHref(r)} aria-current={here(r) ? 'page' : undefined} data-testid={`nav-${testId}`}>
        {label}
      </Link>
    </li>
  );
  return (
    <nav aria-label={APP_MSG.nav.label} className="nav">
      <ul>{item({ view: 'fleet', params: {} }, APP_MSG.nav.fleet, 'fleet')}</ul>
      <div className="nav-group">
        <label className="nav-heading" htmlFor="cluster-picker">
          {APP_MSG.clusterPicker}
        </label>
        <select
          id="cluster-picker"
          data-testid="cluster-picker"
          value={current ?? ''}
          disabled={names.length === 0}
          onChange={(e) => navigate(routeHref(switchCluster(route, e.target.value)))}
        >
          {names.length === 0 ? <option value="">{APP_MSG.noClusters}</option> : null}
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        {current ? <ul>{CLUSTER_VIEWS.map((v) => item({ view: v, cluster: current, params: {} }, APP_MSG.nav[v], v))}</ul> : null}
      </div>
      <ul>
        {item({ view: 'alerts', params: {} }, APP_MSG.nav.alerts, 'alerts')}
        {item({ view: 'reports', params: {} }, APP_MSG.nav.reports, 'reports')}
      </ul>
      {user.role === 'admin' ? (
        <div className="nav-group">
          <span className="nav-heading">{APP_MSG.nav.admin}</span>
          <ul>{ADMIN_SECTIONS.map((s) => item({ view: 'admin', section: s, params: {} }, APP_MSG.nav[s], `admin-${s}`))}</ul>
        </div>
      ) : null}
    </nav>
  );
}
