import { useLiveStatus } from './context';
import { LIVE_MSG } from './messages';

const SHAPE = { connected: '●', connecting: '◌', reconnecting: '◐', offline: '✕', idle: '○' } as const;

/** "● Live" / "◐ Reconnecting (attempt 3)" / "✕ Offline": colour, shape and word together. */
export function LiveIndicator() {
  const { status, reconnectNow } = useLiveStatus();
  const label = LIVE_MSG.label(status);
  return (
    <div className={`live live-${status.state}`} data-testid="live-indicator" data-state={status.state}>
      <span role="status" aria-live="polite" title={LIVE_MSG.detail(status)}>
        <span className="live-dot" aria-hidden="true">
          {SHAPE[status.state]}
        </span>{' '}
        {label}
      </span>
      {status.state === 'reconnecting' || (status.state === 'offline' && status.reason !== 'session-ended') ? (
        <button type="button" className="link-button" onClick={reconnectNow}>
          {LIVE_MSG.reconnect}
        </button>
      ) : null}
    </div>
  );
}
