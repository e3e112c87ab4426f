import type { Connection, Endpoint } from '@reachwatch/policy-engine';
import { COMMON_OPTIONS, oneOf, parseCni, parseCommand, parseEndpointSpec } from '../args';
import { runAnalysis } from '../analysis-run';
import { EXIT, usageError } from '../errors';
import { involvesExternal } from '../format/common';
import { FORMATTERS } from '../format';
import type { Io } from '../io';
import { loadInputs } from '../load';
import { ANALYZE_HELP, FORMATS, msg, profileDescription } from '../messages';
import { writeResult } from '../output';
import { createProgress } from '../progress';
import { listWorkloads, resolveWorkload, usesIpBlocks, type Workload } from '../workloads';

const OPTIONS = {
  ...COMMON_OPTIONS,
  format: { type: 'string', short: 'f', default: 'txt' },
  focus: { type: 'string' },
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
  const cni = parseCni(values.cni);
  const focusSpec = values.focus === undefined ? undefined : parseEndpointSpec('focus', values.focus);
  if (focusSpec?.type === 'ip') throw usageError(msg.focusNeedsWorkload(values.focus!));

  const progress = createProgress(io, { jsonOnStdout: format === 'json' && values.output === undefined });
  const loaded = loadInputs(io, positionals, progress);
  const focus = focusSpec ? resolveWorkload('focus', focusSpec, listWorkloads(loaded.state)) : undefined;

  const result = runAnalysis(io, loaded.state, cni.profile, progress);
  const connections = focus ? result.connections.filter((c) => isFocus(c, focus)) : result.connections;
  const profileMatters = usesIpBlocks(loaded.state);
  // json and csv have no place for the profile: say it on stderr when it matters.
  if ((format === 'json' || format === 'csv') && (profileMatters || involvesExternal(connections))) {
    io.stderr.write(msg.profileNote(profileDescription(cni.profile, cni.name)) + '\n');
  }
  if (connections.length === 0) io.stderr.write(`note: ${msg.noConnections()}\n`);
  writeResult(io, FORMATTERS[format]({ ...result, connections }, { cniName: cni.name, profileMatters }), values.output);
  return loaded.hadErrors ? EXIT.INPUT_ERRORS : EXIT.OK;
}

function isWorkload(e: Endpoint, w: Workload): boolean {
  return e.type === 'workload' && e.namespace === w.namespace && e.name === w.name && e.kind === w.kind;
}

function isFocus(c: Connection, w: Workload): boolean {
  return isWorkload(c.src, w) || isWorkload(c.dst, w);
}
