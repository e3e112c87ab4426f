/** @reachwatch/agent — watches one cluster and pushes ordered, batched changes to Reachwatch ingest. */
export { startAgent } from './agent';
export type { Agent, AgentExit, AgentState, AgentStatus } from './agent';
export { AgentOptionError } from './options';
export type { AgentOptions } from './options';
export type { Logger } from './logger';
export type { KindStatus } from './kind-watcher';
export type { SenderStatus } from './sender';
export { parseArgs } from './args';
