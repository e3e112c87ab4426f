import { endpointKey, type AnalysisLevel, type ClusterState } from '@reachwatch/policy-engine';
import { COMMON_OPTIONS, oneOf, parseCni, parseCommand, parseEndpointSpec } from '../args';
import { runAnalysis } from '../analysis-run';
import { EXIT, usageError } from '../errors';
import { involvesExternal } from '../format/common';
import { FORMATTERS } from '../format';
import type { Io } from '../io';
import { loadInputs } from '../load';
import { ANALYZE_HELP, FORMATS, LEVELS, msg, profileDescription } from '../messages';
import { writeResult } from '../output';
import { createProgress } from '../progress';
import { listWorkloads, resolveWorkload, usesIpBlocks, type Workload } from '../workloads';

const OPTIONS = {
  ...COMMON_OPTIONS,
  format: { type: 'string', short: 'f', default: 'txt' },
  focus: { type: 'string' },
  level: { type: 'string', default: 'workload' },
  output: { type: 'string', short: 'o' },
} as const;

/** `reachwatch analyze <paths…>`: the connectivity list, in one of five formats. */
export function analyzeCommand(argv: string[], io: Io): number {
  const { values, positionals } = parseCommand('analyze', argv, OPTIONS);
  if (values.help) {
    io.stdout.write(ANALYZE_HELP);
    return EXIT.OK;
  }
  if (positionals.length === 0) throw usageError(msg.noPaths('analyze'), msg.helpHint('analyze'));
  const format = oneOf('format', values.format, FORMATS);
  const level = oneOf('level', values.level, LEVELS);
  const cni = parseCni(values.cni);
  const focusSpec = values.focus === undefined ? undefined : parseEndpointSpec('focus', values.focus);
  if (focusSpec?.type === 'ip') throw usageError(msg.focusNeedsWorkload(values.focus!));

  const progress = createProgress(io, { jsonOnStdout: format === 'json' && values.output === undefined });
  const loaded = loadInputs(io, positionals, progress);
  const focus = focusSpec ? resolveWorkload('focus', focusSpec, listWorkloads(loaded.state)) : undefined;

  const result = runAnalysis(io, loaded.state, cni.profile, progress, level);
  const focusEnds = focus ? focusEndpoints(loaded.state, focus, level) : undefined;
  const connections = focusEnds ? result.connections.filter((c) => focusEnds.has(endpointKey(c.src)) || focusEnds.has(endpointKey(c.dst))) : result.connections;
  const profileMatters = usesIpBlocks(loaded.state);
  // json and csv have no place for the profile: say it on stderr when it matters.
  if ((format === 'json' || format === 'csv') && (profileMatters || involvesExternal(connections))) {
    io.stderr.write(msg.profileNote(profileDescription(cni.profile, cni.name)) + '\n');
  }
  if (connections.length === 0) io.stderr.write(`note: ${msg.noConnections()}\n`);
  writeResult(io, FORMATTERS[format]({ ...result, connections }, { cniName: cni.name, profileMatters }), values.output);
  return loaded.hadErrors ? EXIT.INPUT_ERRORS : EXIT.OK;
}

/** The endpoint keys that stand for the focused workload: itself, or at pod level each of its pods. */
function focusEndpoints(state: ClusterState, w: Workload, level: AnalysisLevel): Set<string> {
  if (level === 'workload') return new Set([endpointKey({ type: 'workload', namespace: w.namespace, name: w.name, kind: w.kind })]);
  const pods = state.pods.filter((p) => p.namespace === w.namespace && p.workload.name === w.name && p.workload.kind === w.kind);
  return new Set(pods.map((p) => endpointKey({ type: 'workload', namespace: p.namespace, name: p.name, kind: 'Pod' })));
}
