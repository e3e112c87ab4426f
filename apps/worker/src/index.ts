/** @reachwatch/worker — the recompute worker (DESIGN §1, §4): leases, per-cluster engines, one transaction per step. */
export { startWorker } from './worker';
export type { WorkerOptions, WorkerHandle, WorkerStatus, ClusterStatus } from './worker';
export { ClusterRuntime } from './cluster-runtime';
export type { ProblemNote } from './cluster-runtime';
export { ClusterCore } from './cluster-core';
export { ClusterModel } from './cluster-model';
export { readObject } from './objects';
export { ALERT_RULES, AlertSettings } from './alerts';
