/** Running the engine over a loaded state, with a status line for large inputs and warnings on stderr. */
import { analyze, type AnalysisLevel, type AnalysisResult, type ClusterState, type CniProfile } from '@reachwatch/policy-engine';
import type { Io } from './io';
import { msg } from './messages';
import { ANALYSIS_NOTE_MIN_PODS, type Progress } from './progress';

export function runAnalysis(io: Io, state: ClusterState, cni: CniProfile, progress: Progress, level: AnalysisLevel = 'workload'): AnalysisResult {
  const policies = state.networkPolicies.length + state.adminNetworkPolicies.length + (state.baselineAdminNetworkPolicy ? 1 : 0);
  if (state.pods.length > ANALYSIS_NOTE_MIN_PODS) progress.status(msg.analysing(state.pods.length, policies));
  let result: AnalysisResult;
  try {
    result = analyze(state, { cni }, level);
  } finally {
    progress.clear();
  }
  for (const w of result.warnings) io.stderr.write(`warning: ${w.message} [${w.code}]\n`);
  return result;
}
