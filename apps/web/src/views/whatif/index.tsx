import { useRef, useState } from 'react';
import { api, ApiError, clusterPath } from '../../api/http';
import { ErrorState, Loading } from '../../ui/states';
import type { ViewProps } from '../contract';
import type { Diagnostic, WhatIfResult } from '../graph/api-types';
import { Editor } from './Editor';
import { combineManifests, manifestProblem, type ManifestFile } from './files';
import { ImpactGraph } from './ImpactGraph';
import { WHATIF_MSG } from './messages';
import { AppliedObjects, Diagnostics, ResultTables } from './Results';
import { useStoredText } from './stored-text';
import './whatif.css';

type Run = { state: 'idle' } | { state: 'running' } | { state: 'done'; result: WhatIfResult } | { state: 'error'; error: unknown };

/** The manifests' parse errors, when the API refused them for that reason. */
function diagnosticsOf(error: unknown): Diagnostic[] | null {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed') return null;
  const list = (error.details as { diagnostics?: Diagnostic[] } | undefined)?.diagnostics;
  return list?.length ? list : null;
}

/**
 * What-if: manifests laid over the live cluster by the API (libs/policy-engine analyses both and diffs),
 * shown as tables and over the graph. The text is kept for the browser tab's session, never sent anywhere
 * but the what-if endpoint; `tab` (table | graph) and the graph's selection live in the URL.
 */
export function WhatIfView({ cluster, params, setParams }: ViewProps) {
  const [typed, setTyped] = useStoredText(`reachwatch.whatif.${cluster}`);
  const [files, setFiles] = useState<ManifestFile[]>([]);
  const [run, setRun] = useState<Run>({ state: 'idle' });
  const gen = useRef(0);
  const body = combineManifests(typed, files);
  const problem = manifestProblem(body);
  const tab = params.tab === 'graph' ? 'graph' : 'table';

  const start = () => {
    const mine = ++gen.current;
    setRun({ state: 'running' });
    api.post<WhatIfResult>(`${clusterPath(cluster)}/what-if`, { manifests: body }).then(
      (result) => mine === gen.current && setRun({ state: 'done', result }),
      (error: unknown) => mine === gen.current && setRun({ state: 'error', error }),
    );
  };
  const clear = () => {
    gen.current++;
    setTyped('');
    setFiles([]);
    setRun({ state: 'idle' });
  };

  let out = null;
  if (run.state === 'running') out = <Loading label={WHATIF_MSG.running} />;
  else if (run.state === 'error') {
    const diags = diagnosticsOf(run.error);
    out = diags ? (
      <div className="state state-error" role="alert">
        <p className="state-title">✗ {WHATIF_MSG.invalidTitle}</p>
        <p>{run.error instanceof Error ? run.error.message : ''}</p>
        <Diagnostics list={diags} />
      </div>
    ) : <ErrorState error={run.error} onRetry={start} />;
  } else if (run.state === 'done') {
    const r = run.result;
    const changed = r.counts.added + r.counts.removed > 0;
    out = (
      <section className="stack" aria-live="polite" data-testid="whatif-result">
        <p className="rw-wi-summary" data-testid="whatif-summary">
          <strong>{changed ? WHATIF_MSG.summary(r.counts.added, r.counts.removed, r.counts.newExposures) : WHATIF_MSG.nothing}</strong>{' '}
          <span className="muted small">{WHATIF_MSG.asOf(r.seq)}</span>
        </p>
        {r.truncated ? <p className="notice warn" role="status">{WHATIF_MSG.truncated(Math.max(r.added.length, r.removed.length, r.newExposures.length))}</p> : null}
        <AppliedObjects result={r} />
        {changed ? (
          <>
            <div className="tabs" role="tablist" aria-label={WHATIF_MSG.tabsLabel}>
              {(['table', 'graph'] as const).map((t) => (
                <button key={t} type="button" role="tab" aria-selected={tab === t} className={tab === t ? 'rw-wi-tab is-active' : 'rw-wi-tab'}
                  onClick={() => setParams({ tab: t === 'table' ? undefined : t })} data-testid={`whatif-tab-${t}`}>
                  {WHATIF_MSG.tabs[t]}
                </button>
              ))}
            </div>
            <div role="tabpanel">
              {tab === 'table' ? <ResultTables result={r} /> : <ImpactGraph cluster={cluster} result={r} params={params} setParams={setParams} />}
            </div>
          </>
        ) : null}
      </section>
    );
  }

  return (
    <div className="rw-wi" data-testid="whatif-view">
      <div className="view-head"><h1>{WHATIF_MSG.title}</h1></div>
      <p className="muted">{WHATIF_MSG.intro}</p>
      <Editor typed={typed} onTyped={setTyped} files={files} onFiles={setFiles} problem={problem} running={run.state === 'running'} onRun={start} onClear={clear} />
      {out}
    </div>
  );
}
