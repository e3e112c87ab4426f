import type { AuditEntry } from '../../api/types';
import { ago, dateTime } from '../../ui/format';
import { MarkBadge } from '../../ui/marks';
import { RISK } from '../../ui/palette';
import { endpointText, parseDiff, whoText } from './audit';
import { AUDIT_MSG } from './messages';

// Glyphs every system font has (checked in the browser screenshots).
const ACTION_SHAPE: Record<string, string> = { created: '+', updated: '✎', deleted: '−', relabelled: '#' };

/** One change: what, who, when, its reachability impact (exposures highlighted) and the YAML diff. */
export function AuditEntryItem({ e, now, open, postureSeq, onPostureAt }: { e: AuditEntry & { annotations?: Record<string, string> }; now: number; open: boolean; postureSeq?: number; onPostureAt(at: string): void }) {
  const im = e.impact;
  const exposures = im.newExposures ?? [];
  const name = e.namespace ? `${e.namespace}/${e.name}` : e.name;
  return (
    <li className={exposures.length ? 'exposure' : undefined} data-testid={`audit-entry-${e.seq}`} data-policy={name} data-action={e.action}>
      <div className="row">
        <strong>
          <span aria-hidden="true">{ACTION_SHAPE[e.action] ?? '•'} </span>
          {e.kind} {name}
        </strong>
        <span>{AUDIT_MSG.actions[e.action] ?? e.action}</span>
        <span className="muted">
          {AUDIT_MSG.who} <span data-testid="audit-who">{whoText(e)}</span>
        </span>
        <time dateTime={e.occurredAt} className="muted" title={e.occurredAt}>
          {dateTime(e.occurredAt)} ({ago(e.occurredAt, now)})
        </time>
      </div>
      <div className="row small" data-testid="audit-impact">
        {im.connectionsAdded === 0 && im.connectionsRemoved === 0 ? (
          <span className="muted">{AUDIT_MSG.impact.none}</span>
        ) : (
          <>
            {im.connectionsAdded ? <span style={{ color: 'var(--rw-added)' }}>{AUDIT_MSG.impact.added(im.connectionsAdded)}</span> : null}
            {im.connectionsRemoved ? <span style={{ color: 'var(--rw-removed)' }}>{AUDIT_MSG.impact.removed(im.connectionsRemoved)}</span> : null}
          </>
        )}
        {exposures.length ? <MarkBadge mark={RISK} text={AUDIT_MSG.impact.exposures(exposures.length)} /> : null}
        {postureSeq !== undefined ? <span className="muted">{e.seq <= postureSeq ? AUDIT_MSG.inPosture : AUDIT_MSG.notInPosture}</span> : null}
        <button type="button" className="link-button" onClick={() => onPostureAt(e.occurredAt)} data-testid="audit-posture-at">
          {AUDIT_MSG.postureAtThis}
        </button>
      </div>
      {exposures.length ? (
        <ul className="small" data-testid="audit-exposures">
          {exposures.map((x, i) => (
            <li key={i}>
              <span style={{ color: 'var(--rw-bad)' }} aria-hidden="true">
                ⚠{' '}
              </span>
              {endpointText(x.dst)} {x.reason === 'internet' ? AUDIT_MSG.impact.internet : AUDIT_MSG.impact.otherNs} ({endpointText(x.src)}) on {x.portsText}
            </li>
          ))}
        </ul>
      ) : null}
      <details open={open}>
        <summary>{AUDIT_MSG.diff}</summary>
        <div className="diff" data-testid="audit-diff" role="region" aria-label={`${AUDIT_MSG.diff}: ${name}`}>
          {parseDiff(e.diff).map((l, i) => (
            <div key={i} className={l.kind === 'add' ? 'add' : l.kind === 'del' ? 'del' : l.kind === 'hunk' || l.kind === 'header' ? 'hunk' : undefined}>
              {l.text}
            </div>
          ))}
        </div>
      </details>
    </li>
  );
}
