import { AnalysisResult } from './analysis';
import { ReachabilityEngine } from './engine';
import { ClusterState } from './model';
import { EngineOptions } from './peers';

/**
 * Workload-level connectivity of one state: what the CLI and the API call. It runs the fast engine;
 * naiveAnalyze is the slow reference the property tests hold it to.
 */
export function analyze(state: ClusterState, opts: EngineOptions): AnalysisResult {
  const engine = new ReachabilityEngine(opts);
  engine.load(state);
  return engine.analysis();
}
