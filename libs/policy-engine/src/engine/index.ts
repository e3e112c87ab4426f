/** The fast, incremental reachability engine. See engine.ts for the pipeline and its invariants. */
export { ReachabilityEngine } from './engine';
export type { EngineOptions, PeerRef } from '../peers';
