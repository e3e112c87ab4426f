/** Tuning of the live feed (socket.io). createApi takes overrides as `live`. */
export interface LiveConfig {
  /** Worker notices of one cluster arriving within this window are read and sent as one event of each type. */
  coalesceMs: number;
  /** How often agent status (last seen, sync state, lag) is read for the clusters someone watches here. */
  statusIntervalMs: number;
  /** How often every connection's credential and grants are re-checked (revoked/expired sessions are cut). */
  sweepIntervalMs: number;
  /**
   * Packets a client may have waiting on the server before its events are dropped (it then gets
   * `resync` once it catches up). Bounds the memory one slow client can hold.
   */
  maxBufferedPackets: number;
  /** Connections (added + removed) one `edges.changed` carries; above it: `truncated`. */
  maxConnectionsPerEvent: number;
  /** Audit entries / alerts one event carries; above it: `truncated`. */
  maxRowsPerEvent: number;
  /** Clusters one connection may subscribe to. */
  maxSubscriptionsPerSocket: number;
  /**
   * Browser origins allowed besides the API's own (e.g. a UI dev server, "http://localhost:5173").
   * Requests without an Origin header (scripts, not browsers) are not origin-checked.
   */
  allowedOrigins: string[];
  /** After a failed read of a cluster's range, retry after this long. */
  retryMs: number;
}

export const DEFAULT_LIVE_CONFIG: LiveConfig = {
  coalesceMs: 50,
  statusIntervalMs: 2000,
  sweepIntervalMs: 10_000,
  maxBufferedPackets: 256,
  maxConnectionsPerEvent: 2000,
  maxRowsPerEvent: 200,
  maxSubscriptionsPerSocket: 100,
  allowedOrigins: [],
  retryMs: 1000,
};
