import { GRAPH_MSG } from './messages';
import { formatPortQuery, parsePortQuery, type PortQuery } from './ports';

/**
 * The graph's filters and selection as URL query parameters, so any view of it is a link:
 *   ns=a,b          namespace filter (lines with an end in one of them)
 *   port=TCP/443    only lines that allow this port
 *   peer=workload   workload | external (absent: all)
 *   expand=a,b      namespaces drawn as workloads; `-` none; absent: automatic (all when it fits)
 *   node=<id>       selected node (render id, e.g. `wl:shop/cart[Deployment]`)
 *   edge=<id>       selected line (render id `src→dst`)
 *   eport=TCP/80    the port the selected line is explained on
 * Decoding never throws: a value that is not valid is dropped and reported, so an edited link still opens.
 */
export type Peer = 'all' | 'workload' | 'external';

export interface GraphParams {
  namespaces: string[];
  port: PortQuery | null;
  peer: Peer;
  expand: string[] | 'auto';
  node: string | null;
  edge: string | null;
  explainPort: PortQuery | null;
}

export const DEFAULT_GRAPH_PARAMS: GraphParams = { namespaces: [], port: null, peer: 'all', expand: 'auto', node: null, edge: null, explainPort: null };

const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const NO_EXPAND = '-';

/** A comma list of namespace names: valid ones sorted and deduplicated, the others returned apart. */
export function readNamespaces(text: string | undefined): { names: string[]; invalid: string[] } {
  const items = (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const names = [...new Set(items.filter((s) => NAMESPACE.test(s)))].sort();
  return { names, invalid: items.filter((s) => !NAMESPACE.test(s)) };
}

export function decodeGraphParams(params: Readonly<Record<string, string>>): { value: GraphParams; problems: string[] } {
  const problems: string[] = [];
  const ns = readNamespaces(params.ns);
  if (ns.invalid.length) problems.push(GRAPH_MSG.badParam('ns', ns.invalid.join(',')));
  const port = params.port ? parsePortQuery(params.port) : null;
  if (params.port && !port) problems.push(GRAPH_MSG.badParam('port', params.port));
  const peer: Peer = params.peer === 'workload' || params.peer === 'external' ? params.peer : 'all';
  if (params.peer && params.peer !== peer) problems.push(GRAPH_MSG.badParam('peer', params.peer));
  let expand: GraphParams['expand'] = 'auto';
  if (params.expand === NO_EXPAND) expand = [];
  else if (params.expand) {
    const ex = readNamespaces(params.expand);
    if (ex.invalid.length) problems.push(GRAPH_MSG.badParam('expand', ex.invalid.join(',')));
    expand = ex.names;
  }
  const explainPort = params.eport ? parsePortQuery(params.eport) : null;
  if (params.eport && !explainPort) problems.push(GRAPH_MSG.badParam('eport', params.eport));
  return {
    value: { namespaces: ns.names, port, peer, expand, node: params.node || null, edge: params.edge || null, explainPort },
    problems,
  };
}

/** Every key, with undefined for defaults (setParams removes those, so one state has one URL). */
export function encodeGraphParams(p: GraphParams): Record<string, string | undefined> {
  const list = (xs: string[]) => (xs.length ? [...new Set(xs)].sort().join(',') : undefined);
  return {
    ns: list(p.namespaces),
    port: p.port ? formatPortQuery(p.port) : undefined,
    peer: p.peer === 'all' ? undefined : p.peer,
    expand: p.expand === 'auto' ? undefined : p.expand.length ? list(p.expand) : NO_EXPAND,
    node: p.node ?? undefined,
    edge: p.edge ?? undefined,
    eport: p.explainPort ? formatPortQuery(p.explainPort) : undefined,
  };
}

/** The query of `GET …/graph` for these filters (level and paging are the caller's). */
export function graphQuery(p: GraphParams): Record<string, string | undefined> {
  return {
    namespaces: p.namespaces.length ? p.namespaces.join(',') : undefined,
    port: p.port ? formatPortQuery(p.port) : undefined,
    peer: p.peer === 'all' ? undefined : p.peer,
  };
}
