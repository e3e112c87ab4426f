import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, clusterPath } from '../../api/http';
import type { ExplainAnswer } from '../../api/types';
import { MarkBadge } from '../../ui/marks';
import { BAD, GOOD } from '../../ui/palette';
import { ErrorState, Loading } from '../../ui/states';
import { useResource } from '../../ui/use-resource';
import { GRAPH_MSG } from './messages';
import { formatPortQuery, parsePortQuery, type PortQuery } from './ports';

export interface ExplainBoxProps {
  cluster: string;
  /** Both ends as `GET …/explain` takes them (workload key or an address). */
  from: string;
  to: string;
  /** Ports to offer (the line's), and the one chosen. */
  samples: PortQuery[];
  port: PortQuery;
  onPort(port: PortQuery): void;
}

/** "Why is this allowed?" for one pair on one port: a port picker and the engine's explanation. */
export function ExplainBox({ cluster, from, to, samples, port, onPort }: ExplainBoxProps) {
  return (
    <>
      <PortPicker samples={samples} value={port} onChange={onPort} />
      <Explain cluster={cluster} from={from} to={to} port={port} />
    </>
  );
}

function PortPicker({ samples, value, onChange }: { samples: PortQuery[]; value: PortQuery; onChange(p: PortQuery): void }) {
  const listId = useId();
  const [text, setText] = useState(formatPortQuery(value));
  useEffect(() => setText(formatPortQuery(value)), [value]);
  const parsed = parsePortQuery(text);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (parsed) onChange(parsed);
  };
  return (
    <form className="row" onSubmit={submit} aria-label={GRAPH_MSG.explain.portForm}>
      <label>
        {GRAPH_MSG.explain.port}
        <input list={listId} value={text} onChange={(e) => setText(e.target.value)} aria-invalid={!parsed} data-testid="pair-explain-port" size={10} />
        <datalist id={listId}>{samples.map((s) => <option key={formatPortQuery(s)} value={formatPortQuery(s)} />)}</datalist>
      </label>
      <button type="submit" disabled={!parsed} data-testid="pair-explain-run">{GRAPH_MSG.explain.run}</button>
      {!parsed ? <span className="form-error">{GRAPH_MSG.explain.badPort}</span> : null}
    </form>
  );
}

function Explain({ cluster, from, to, port }: { cluster: string; from: string; to: string; port: PortQuery }) {
  const p = formatPortQuery(port);
  const r = useResource(`${cluster}|${from}|${to}|${p}`, () => api.get<ExplainAnswer>(`${clusterPath(cluster)}/explain`, { from, to, port: p }));
  if (r.loading) return <Loading label={GRAPH_MSG.explain.loading} />;
  if (r.error) return <ErrorState error={r.error} onRetry={r.reload} />;
  const x = r.data!;
  return (
    <div className="rw-explain" data-testid="pair-explain" aria-live="polite">
      <p>
        <MarkBadge mark={x.allowed ? GOOD : BAD} text={x.allowed ? GRAPH_MSG.explain.allowed(x.port) : GRAPH_MSG.explain.denied(x.port)} />
      </p>
      <p>{x.summary}</p>
      <ul className="rw-explain-lines">
        {/* The engine writes sub-points of a line as "- …": indent them under it. */}
        {x.lines.map((l, i) => (l.startsWith('- ') ? <li key={i} className="sub">{l.slice(2)}</li> : <li key={i}>{l}</li>))}
      </ul>
      {x.notes.length ? <ul className="muted small">{x.notes.map((n, i) => <li key={i}>{n}</li>)}</ul> : null}
      {x.allowedPorts ? <p className="small">{GRAPH_MSG.explain.allowedPorts}: <span className="mono">{x.allowedPorts}</span></p> : null}
    </div>
  );
}
