/**
 * The state of the one live connection, as the indicator shows it. A pure reducer over what the socket
 * and the browser report, so every transition is tested without a network.
 */
export type LiveState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface LiveStatus {
  state: LiveState;
  /** Reconnection attempts since the connection was lost (0 while connected). */
  attempt: number;
  /** Why the connection is not up (shown beside the indicator). */
  reason: 'none' | 'server-unreachable' | 'browser-offline' | 'session-ended' | 'refused';
}

export type LiveSignal =
  | { type: 'start' }
  | { type: 'connect' }
  | { type: 'disconnect'; reason: string }
  | { type: 'reconnect-attempt'; attempt: number }
  | { type: 'connect-error'; code: string }
  | { type: 'browser-offline' }
  | { type: 'browser-online' }
  | { type: 'stop' };

export const INITIAL_STATUS: LiveStatus = { state: 'idle', attempt: 0, reason: 'none' };

export function liveStatus(s: LiveStatus, sig: LiveSignal): LiveStatus {
  switch (sig.type) {
    case 'start':
      return { state: 'connecting', attempt: 0, reason: 'none' };
    case 'connect':
      return { state: 'connected', attempt: 0, reason: 'none' };
    case 'disconnect':
      // "io server disconnect": the server ended this connection on purpose (credential revoked or
      // expired); socket.io does not retry it, and neither should the indicator pretend it will.
      if (sig.reason === 'io server disconnect') return { state: 'offline', attempt: 0, reason: 'session-ended' };
      if (sig.reason === 'io client disconnect') return { state: 'idle', attempt: 0, reason: 'none' };
      return { state: 'reconnecting', attempt: s.attempt, reason: s.reason === 'browser-offline' ? s.reason : 'server-unreachable' };
    case 'reconnect-attempt':
      if (s.state === 'offline') return s;
      return { state: 'reconnecting', attempt: sig.attempt, reason: s.reason === 'none' ? 'server-unreachable' : s.reason };
    case 'connect-error':
      if (sig.code === 'unauthenticated') return { state: 'offline', attempt: s.attempt, reason: 'session-ended' };
      if (s.state === 'offline') return s;
      return { state: 'reconnecting', attempt: s.attempt, reason: sig.code === 'forbidden' ? 'refused' : 'server-unreachable' };
    case 'browser-offline':
      return s.state === 'idle' ? s : { state: 'offline', attempt: s.attempt, reason: 'browser-offline' };
    case 'browser-online':
      return s.reason === 'browser-offline' ? { state: 'reconnecting', attempt: s.attempt, reason: 'server-unreachable' } : s;
    case 'stop':
      return INITIAL_STATUS;
  }
}
