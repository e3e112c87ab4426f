import type { ReactNode } from 'react';
import type { Diagnostic, KeyedConnection, WhatIfResult } from '../graph/api-types';
import { parsePorts, portText } from '../graph/ports';
import { groupConnections, groupExposures } from './group';
import { WHATIF_MSG } from './messages';

/** Groups with more rows than this start closed. */
const OPEN_MAX = 25;

const ports = (text: string) => {
  try {
    return portText(parsePorts(text));
  } catch {
    return text;
  }
};

function ConnectionTable({ rows }: { rows: KeyedConnection[] }) {
  return (
    <div className="table-wrap">
      <table className="data">
        <thead><tr><th>{WHATIF_MSG.col.from}</th><th>{WHATIF_MSG.col.to}</th><th>{WHATIF_MSG.col.ports}</th></tr></thead>
        <tbody>
          {rows.map((c) => (
            <tr key={`${c.src}|${c.dst}`}>
              <td className="mono">{c.src}</td>
              <td className="mono">{c.dst}</td>
              <td className="mono">{ports(c.ports)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Section({ title, count, testId, mark, children }: { title: string; count: number; testId: string; mark: string; children: ReactNode }) {
  return (
    <section data-testid={testId} className={`rw-wi-section rw-wi-section--${mark}`}>
      <h3><span aria-hidden="true" className="rw-wi-mark">{mark === 'added' ? '+' : mark === 'removed' ? '−' : '⚠'}</span> {title} ({count.toLocaleString('en-US')})</h3>
      {children}
    </section>
  );
}

/** Added and removed connections grouped by namespace pair, and new exposures by reason. */
export function ResultTables({ result }: { result: WhatIfResult }) {
  const groups = (list: KeyedConnection[]) => groupConnections(list).map((g) => (
    <details key={g.key} open={g.rows.length <= OPEN_MAX}>
      <summary>{WHATIF_MSG.group(g.key, g.rows.length)}</summary>
      <ConnectionTable rows={g.rows} />
    </details>
  ));
  return (
    <div className="stack">
      {result.counts.added ? <Section title={WHATIF_MSG.added} count={result.counts.added} testId="whatif-added" mark="added">{groups(result.added)}</Section> : null}
      {result.counts.removed ? <Section title={WHATIF_MSG.removed} count={result.counts.removed} testId="whatif-removed" mark="removed">{groups(result.removed)}</Section> : null}
      {result.counts.newExposures ? (
        <Section title={WHATIF_MSG.exposures} count={result.counts.newExposures} testId="whatif-exposures" mark="exposure">
          {groupExposures(result.newExposures).map((g) => (
            <details key={g.reason} open>
              <summary>{WHATIF_MSG.group(WHATIF_MSG.reason[g.reason], g.rows.length)}</summary>
              <ConnectionTable rows={g.rows} />
            </details>
          ))}
        </Section>
      ) : null}
    </div>
  );
}

/** What the manifests hold (created or replacing a live object), and the parser's warnings. */
export function AppliedObjects({ result }: { result: WhatIfResult }) {
  const warnings = result.warnings.filter((w) => w.severity !== 'error');
  return (
    <>
      <details data-testid="whatif-applied">
        <summary>{WHATIF_MSG.applied} ({result.applied.length})</summary>
        <ul>
          {result.applied.map((a) => <li key={`${a.kind}|${a.name}`}><span className="mono">{a.kind} {a.name}</span> <span className="muted">({WHATIF_MSG.change[a.change]})</span></li>)}
        </ul>
      </details>
      {warnings.length ? (
        <details open data-testid="whatif-warnings">
          <summary>{WHATIF_MSG.warnings} ({warnings.length})</summary>
          <Diagnostics list={warnings} />
        </details>
      ) : null}
    </>
  );
}

export function Diagnostics({ list }: { list: Diagnostic[] }) {
  return (
    <div className="table-wrap" data-testid="whatif-diagnostics">
      <table className="data">
        <thead>
          <tr><th>{WHATIF_MSG.diagnostic.document}</th><th>{WHATIF_MSG.diagnostic.kind}</th><th>{WHATIF_MSG.diagnostic.name}</th><th>{WHATIF_MSG.diagnostic.problem}</th></tr>
        </thead>
        <tbody>
          {list.map((d, i) => (
            <tr key={i}>
              <td className="num">{d.document ?? '—'}</td>
              <td>{d.kind ?? '—'}</td>
              <td className="mono">{d.name ?? '—'}</td>
              <td><span aria-hidden="true">{d.severity === 'error' ? '✗ ' : '⚠ '}</span>{d.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
