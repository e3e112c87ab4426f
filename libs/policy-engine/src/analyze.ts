import { AnalysisResult } from './analysis';
import { ClusterState } from './model';
import { naiveAnalyze } from './naive';
import { EngineOptions } from './peers';

/** Workload-level connectivity of one state: what the CLI and the API call. */
export function analyze(state: ClusterState, opts: EngineOptions): AnalysisResult {
  return naiveAnalyze(state, opts);
}
