/**
 * A data-flow graph too tall for one page is drawn on several: the in-scope workloads are cut into
 * consecutive runs (whole namespaces when they fit, else workloads), each page showing one run with the
 * external ranges and out-of-scope workloads that have flows with it. Only flows between two in-scope
 * workloads on different pages are left out of the drawing; the page says how many (the evidence and
 * the JSON list every flow). Pure, like the layout.
 */
import type { FlowEdge, FlowNode } from '../../model';
import { fitsAt } from './diagram-layout';

/** The smallest scale a page is cut for; below it labels get hard to read. */
export const PAGE_SCALE = 0.8;

export interface DiagramPage {
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** Flows within the scope whose other end is on another page. */
  omittedEdges: number;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function paginateDiagram(nodes: FlowNode[], edges: FlowEdge[], height: number): DiagramPage[] {
  const inScope = nodes.filter((n) => n.zone === 'in-scope').sort((a, b) => cmp(a.namespace ?? '', b.namespace ?? '') || cmp(a.name, b.name) || cmp(a.id, b.id));
  if (inScope.length === 0) return [{ nodes, edges, omittedEdges: 0 }];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const page = (run: FlowNode[]): DiagramPage => {
    const ids = new Set(run.map((n) => n.id));
    const mine = edges.filter((e) => ids.has(e.from) || ids.has(e.to));
    const shown = mine.filter((e) => (ids.has(e.from) || byId.get(e.from)!.zone !== 'in-scope') && (ids.has(e.to) || byId.get(e.to)!.zone !== 'in-scope'));
    const others = new Set(shown.flatMap((e) => [e.from, e.to]).filter((id) => !ids.has(id)));
    return { nodes: [...run, ...nodes.filter((n) => others.has(n.id))], edges: shown, omittedEdges: mine.length - shown.length };
  };
  const fits = (run: FlowNode[]) => {
    const p = page(run);
    return fitsAt(p.nodes, p.edges, height, PAGE_SCALE);
  };
  if (fits(inScope)) return [page(inScope)];

  // Namespaces, in order; a namespace that does not fit alone is cut into runs of workloads.
  const units: FlowNode[][] = [];
  for (const n of inScope) {
    const last = units[units.length - 1];
    if (last && last[0].namespace === n.namespace) last.push(n);
    else units.push([n]);
  }
  const runs: FlowNode[][] = [];
  let run: FlowNode[] = [];
  const take = (add: FlowNode[]) => {
    if (run.length && !fits([...run, ...add])) {
      runs.push(run);
      run = [];
    }
    run = [...run, ...add];
  };
  for (const unit of units) {
    if (fits(unit)) take(unit);
    else for (const n of unit) take([n]);
  }
  if (run.length) runs.push(run);
  return runs.map(page);
}
