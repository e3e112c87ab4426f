import { AnalysisResult } from './analysis';
import { ReachabilityEngine } from './engine';
import { ClusterState } from './model';
import { EngineOptions } from './peers';

/** Workload level groups pods by their owner (a workload's label set comes from its template); pod level lists each pod. */
export type AnalysisLevel = 'workload' | 'pod';

/**
 * Connectivity of one state: what the CLI and the API call. It runs the fast engine; naiveAnalyze is the
 * slow reference the property tests hold it to.
 */
export function analyze(state: ClusterState, opts: EngineOptions, level: AnalysisLevel = 'workload'): AnalysisResult {
  const engine = new ReachabilityEngine(opts);
  engine.load(level === 'pod' ? asPodLevel(state) : state);
  return engine.analysis();
}

/**
 * Each pod as its own workload (kind Pod): the engine unions ports over a workload's pods, so a
 * one-pod workload per pod gives exactly the pod-to-pod answer.
 */
export function asPodLevel(state: ClusterState): ClusterState {
  return { ...state, pods: state.pods.map((p) => ({ ...p, workload: { kind: 'Pod', name: p.name } })) };
}
