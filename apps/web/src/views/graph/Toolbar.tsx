import { useEffect, useState, type FormEvent } from 'react';
import { GRAPH_MSG } from './messages';
import { DEFAULT_GRAPH_PARAMS, readNamespaces, type GraphParams, type Peer } from './params';
import { formatPortQuery, parsePortQuery } from './ports';

export interface ToolbarProps {
  params: GraphParams;
  /** Namespaces drawn as workloads right now (for the "workloads" control). */
  expanded: string[];
  onChange(patch: Partial<GraphParams>): void;
}

/** Filters (namespace, port, peer type) and the workload-level control; applied on submit, kept in the URL. */
export function Toolbar({ params, expanded, onChange }: ToolbarProps) {
  const [ns, setNs] = useState(params.namespaces.join(', '));
  const [port, setPort] = useState(params.port ? formatPortQuery(params.port) : '');
  useEffect(() => setNs(params.namespaces.join(', ')), [params.namespaces]);
  useEffect(() => setPort(params.port ? formatPortQuery(params.port) : ''), [params.port]);
  const nsParsed = readNamespaces(ns);
  const portParsed = port.trim() ? parsePortQuery(port) : null;
  const portBad = port.trim() !== '' && !portParsed;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (portBad || nsParsed.invalid.length) return;
    onChange({ namespaces: nsParsed.names, port: portParsed, node: null, edge: null });
  };
  const filtered = params.namespaces.length > 0 || params.port !== null || params.peer !== 'all';
  return (
    <form className="toolbar rw-graph-toolbar" onSubmit={submit} aria-label={GRAPH_MSG.toolbar.label} data-testid="graph-filters">
      <label>
        {GRAPH_MSG.toolbar.namespaces}
        <input type="search" value={ns} onChange={(e) => setNs(e.target.value)} placeholder={GRAPH_MSG.toolbar.namespacesHint} aria-invalid={nsParsed.invalid.length > 0} data-testid="graph-filter-ns" />
      </label>
      <label>
        {GRAPH_MSG.toolbar.port}
        <input value={port} onChange={(e) => setPort(e.target.value)} placeholder="TCP/443" size={9} aria-invalid={portBad} data-testid="graph-filter-port" />
      </label>
      <label>
        {GRAPH_MSG.toolbar.peer}
        <select value={params.peer} onChange={(e) => onChange({ peer: e.target.value as Peer, node: null, edge: null })} data-testid="graph-filter-peer">
          <option value="all">{GRAPH_MSG.toolbar.peerAll}</option>
          <option value="workload">{GRAPH_MSG.toolbar.peerWorkload}</option>
          <option value="external">{GRAPH_MSG.toolbar.peerExternal}</option>
        </select>
      </label>
      <button type="submit" className="primary" disabled={portBad || nsParsed.invalid.length > 0} data-testid="graph-filter-apply">{GRAPH_MSG.toolbar.apply}</button>
      {filtered ? (
        <button type="button" onClick={() => onChange({ namespaces: [], port: null, peer: 'all', node: null, edge: null })} data-testid="graph-filter-clear">{GRAPH_MSG.toolbar.clear}</button>
      ) : null}
      <label>
        {GRAPH_MSG.toolbar.workloads}
        <select
          value={params.expand === 'auto' ? 'auto' : params.expand.length ? 'some' : 'none'}
          onChange={(e) => onChange({ expand: e.target.value === 'auto' ? DEFAULT_GRAPH_PARAMS.expand : e.target.value === 'none' ? [] : expanded })}
          data-testid="graph-expand-mode"
        >
          <option value="auto">{GRAPH_MSG.toolbar.expandAuto}</option>
          <option value="none">{GRAPH_MSG.toolbar.expandNone}</option>
          {params.expand !== 'auto' && params.expand.length ? <option value="some">{GRAPH_MSG.toolbar.expandSome(params.expand)}</option> : null}
        </select>
      </label>
      {portBad ? <span className="form-error" role="alert">{GRAPH_MSG.explain.badPort}</span> : null}
      {nsParsed.invalid.length ? <span className="form-error" role="alert">{GRAPH_MSG.toolbar.badNamespaces(nsParsed.invalid)}</span> : null}
    </form>
  );
}
