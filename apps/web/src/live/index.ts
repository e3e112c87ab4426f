/**
 * Live updates for every view: `useLive(cluster, handler)` delivers the cluster's socket.io events (see
 * libs/contracts/src/live.ts) as `LiveMessage`s; `needsReload(m)` says when what a view holds may be
 * incomplete (reconnected, resync, truncated delta) and it should re-read through REST.
 */
export { useLive, useLiveMany, useLiveStatus, LiveProvider } from './context';
export { messageCluster, needsReload } from './client';
export type { LiveMessage, LiveEventMessage, LiveHandler } from './client';
export type { LiveStatus, LiveState } from './status';
export { LiveIndicator } from './LiveIndicator';
