import { lazy, Suspense, type ComponentType } from 'react';
import type { ViewProps } from '../views/contract';
import type { Route } from './routes';
import { Loading } from '../ui/states';

/**
 * Route → view. Each view is its own chunk, loaded when first opened, so the first screen downloads
 * only the shell and that one view.
 */
// One loader per view: lazy() and preloadView share it, so a preloaded chunk is not fetched twice.
const LOADERS = {
  fleet: () => import('../views/fleet/FleetView').then((m) => ({ default: m.FleetView })),
  namespaces: () => import('../views/namespaces/NamespacesView').then((m) => ({ default: m.NamespacesView })),
  explain: () => import('../views/explain/ExplainView').then((m) => ({ default: m.ExplainView })),
  audit: () => import('../views/audit/AuditView').then((m) => ({ default: m.AuditView })),
  alerts: () => import('../views/alerts/AlertsView').then((m) => ({ default: m.AlertsView })),
  reports: () => import('../views/reports/ReportsView').then((m) => ({ default: m.ReportsView })),
  tokens: () => import('../views/admin/TokensView').then((m) => ({ default: m.TokensView })),
  admin: () => import('../views/admin/AdminView').then((m) => ({ default: m.AdminView })),
  graph: () => import('../views/graph').then((m) => ({ default: m.GraphView })),
  matrix: () => import('../views/matrix').then((m) => ({ default: m.MatrixView })),
  whatif: () => import('../views/whatif').then((m) => ({ default: m.WhatIfView })),
};

/** Starts downloading a view's code (before the session check answers, for the first page). */
export function preloadView(route: Route): void {
  const load = (LOADERS as Record<string, (() => Promise<unknown>) | undefined>)[route.view];
  load?.().catch(() => undefined);
}

const FleetView = lazy(LOADERS.fleet);
const NamespacesView = lazy(LOADERS.namespaces);
const ExplainView = lazy(LOADERS.explain);
const AuditView = lazy(LOADERS.audit);
const AlertsView = lazy(LOADERS.alerts);
const ReportsView = lazy(LOADERS.reports);
const TokensView = lazy(LOADERS.tokens);
const AdminView = lazy(LOADERS.admin);
const GraphView = lazy(LOADERS.graph);
const MatrixView = lazy(LOADERS.matrix);
const WhatIfView = lazy(LOADERS.whatif);

const CLUSTER_VIEW: Record<string, ComponentType<ViewProps>> = {
  namespaces: NamespacesView,
  graph: GraphView,
  matrix: MatrixView,
  explain: ExplainView,
  audit: AuditView,
  whatif: WhatIfView,
};

/** Views without a cluster still receive ViewProps; their `cluster` is '' (they pick clusters themselves). */
const TOP_VIEW: Record<string, ComponentType<ViewProps>> = {
  fleet: FleetView,
  alerts: AlertsView,
  reports: ReportsView,
  tokens: TokensView,
};

export function RoutedView({ route, setParams }: { route: Route; setParams: ViewProps['setParams'] }) {
  let content;
  if ('cluster' in route) {
    const View = CLUSTER_VIEW[route.view];
    // key: a view starts fresh for another cluster (no state of the previous one leaks in).
    content = <View key={route.cluster} cluster={route.cluster} params={route.params} setParams={setParams} />;
  } else if (route.view === 'admin') {
    content = <AdminView section={route.section} cluster="" params={route.params} setParams={setParams} />;
  } else {
    const View = TOP_VIEW[route.view];
    content = View ? <View cluster="" params={route.params} setParams={setParams} /> : null;
  }
  return <Suspense fallback={<Loading />}>{content}</Suspense>;
}
