import type { NamespaceGraph, WorkloadGraph } from './api-types';
import type { Budget } from './model';

/** A destination reached by more workloads than this is summarised per source namespace by the API. */
export const FAN_IN = 20;

export interface ExpansionPlan {
  /** `namespaces=` of the workload-level read; null: the user's namespace filter (every namespace when none). */
  wlNamespaces: string[] | null;
  /** Whether this is the automatic "everything, if it fits" attempt. */
  auto: boolean;
}

/**
 * Which workload-level page to read. Asked for namespaces: those. Automatic: every namespace when the
 * namespace level says the whole workload graph could fit the line budget (each namespace-level line
 * counts the workload pairs it folds), else none — the user expands one namespace at a time.
 */
export function planExpansion(ns: NamespaceGraph, expand: string[] | 'auto', budget: Budget): ExpansionPlan | null {
  if (expand !== 'auto') return expand.length ? { wlNamespaces: expand, auto: false } : null;
  const pairs = ns.edges.reduce((s, e) => s + e.workloadPairs, 0);
  return pairs > 0 && pairs <= budget.edges ? { wlNamespaces: null, auto: true } : null;
}

/**
 * The automatic attempt is kept only when the page is complete and its nodes fit; otherwise the graph
 * stays at namespace level (fan-in summaries can make a page smaller than the pair count, never larger).
 */
export function autoFits(wl: WorkloadGraph, budget: Budget): boolean {
  return !wl.truncated && wl.nodes.length <= budget.nodes && wl.edges.length + wl.summaries.length <= budget.edges;
}

/** The namespaces an automatic expansion opens: every namespace of the namespace level. */
export function allNamespaces(ns: NamespaceGraph): string[] {
  return ns.nodes.filter((n) => n.type === 'namespace').map((n) => n.id).sort();
}
