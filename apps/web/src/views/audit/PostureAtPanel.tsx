import { useMemo } from 'react';
import type { NamespacePosture, PostureAt } from '../../api/types';
import { dateTime, score as scoreText } from '../../ui/format';
import { Exposure, ScoreChip, YesNo } from '../../ui/marks';
import { comparePosture } from './audit';
import { AUDIT_MSG } from './messages';

/** Posture of every namespace at a past time, beside today's: which namespaces changed and how. */
export function PostureAtPanel({ at, now, onClose }: { at: PostureAt; now: NamespacePosture[] | undefined; onClose(): void }) {
  const rows = useMemo(() => comparePosture(at, now ?? []), [at, now]);
  const c = AUDIT_MSG.postureCols;
  const f = AUDIT_MSG.facts;
  return (
    <section className="panel" aria-labelledby="posture-at-title" data-testid="posture-at">
      <div className="row">
        <h2 id="posture-at-title" style={{ margin: 0 }}>
          {AUDIT_MSG.postureAt(dateTime(at.at))}
        </h2>
        <span className="spacer" />
        <button type="button" onClick={onClose}>
          {AUDIT_MSG.postureAtClose}
        </button>
      </div>
      <p className="small muted">{AUDIT_MSG.postureHint(at.seq)}</p>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{c.namespace}</th>
              <th scope="col">{c.then}</th>
              <th scope="col">{c.then2}</th>
              <th scope="col">{c.now}</th>
              <th scope="col" className="num">{c.delta}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.namespace} data-testid={`posture-at-${r.namespace}`}>
                <th scope="row">{r.namespace}</th>
                <td>{r.then ? <ScoreChip score={r.then.score} /> : <span className="muted">{AUDIT_MSG.postureNew}</span>}</td>
                <td className="small">
                  {r.then ? (
                    <span className="row">
                      <YesNo value={r.then.defaultDenyIngress} yes={f.denyIn} no={f.noDenyIn} />
                      <Exposure value={r.then.exposedToInternet} yes={f.internet} no={f.noInternet} />
                      <Exposure value={r.then.reachableFromOtherNamespaces} yes={f.otherNs} no={f.noOtherNs} />
                    </span>
                  ) : null}
                </td>
                <td>{r.now ? <ScoreChip score={r.now.score} /> : now ? <span className="muted">{AUDIT_MSG.postureGone}</span> : null}</td>
                <td className="num">{r.scoreDelta === undefined ? '' : r.scoreDelta === 0 ? <span className="muted">{AUDIT_MSG.postureSame}</span> : `${r.scoreDelta > 0 ? '+' : ''}${scoreText(r.scoreDelta)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
