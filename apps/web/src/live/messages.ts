import type { LiveStatus } from './status';

/** Words of the live indicator. */
export const LIVE_MSG = {
  label: (s: LiveStatus): string => {
    switch (s.state) {
      case 'connected':
        return 'Live';
      case 'connecting':
        return 'Connecting…';
      case 'reconnecting':
        return s.attempt > 0 ? `Reconnecting (attempt ${s.attempt})` : 'Reconnecting…';
      case 'offline':
        return 'Offline';
      case 'idle':
        return 'Not live';
    }
  },
  detail: (s: LiveStatus): string => {
    switch (s.reason) {
      case 'browser-offline':
        return 'This browser is offline. Views show the last data they received.';
      case 'session-ended':
        return 'The server ended the live connection: your session is no longer valid.';
      case 'refused':
        return 'The server refused the live connection.';
      case 'server-unreachable':
        return 'The live connection to the server was lost; views keep their data and catch up when it is back.';
      case 'none':
        return s.state === 'connected' ? 'Changes in the clusters appear here as they happen.' : '';
    }
  },
  reconnect: 'Reconnect now',
};
