import { diffAnalyses, newExposures } from '@reachwatch/policy-engine';
import { COMMON_OPTIONS, oneOf, parseCni, parseCommand } from '../args';
import { runAnalysis } from '../analysis-run';
import { EXIT, usageError } from '../errors';
import { involvesExternal } from '../format/common';
import { formatDiffJson, formatDiffTxt } from '../format/diff';
import type { Io } from '../io';
import { loadInputs } from '../load';
import { DIFF_FORMATS, DIFF_HELP, msg, profileDescription } from '../messages';
import { writeResult } from '../output';
import { createProgress } from '../progress';
import { usesIpBlocks } from '../workloads';

const OPTIONS = {
  ...COMMON_OPTIONS,
  format: { type: 'string', short: 'f', default: 'txt' },
  'fail-on-exposure': { type: 'boolean', default: false },
  output: { type: 'string', short: 'o' },
} as const;

/** `reachwatch diff <before> <after>`: connections added and removed, and the new exposures among them. */
export function diffCommand(argv: string[], io: Io): number {
  const { values, positionals } = parseCommand('diff', argv, OPTIONS);
  if (values.help) {
    io.stdout.write(DIFF_HELP);
    return EXIT.OK;
  }
  if (positionals.length !== 2) throw usageError(msg.diffArity(positionals.length), msg.helpHint('diff'));
  const format = oneOf('format', values.format, DIFF_FORMATS);
  const cni = parseCni(values.cni);
  const jsonOnStdout = format === 'json' && values.output === undefined;

  const [beforePath, afterPath] = positionals;
  const before = loadInputs(io, [beforePath], createProgress(io, { jsonOnStdout, label: 'before' }));
  const after = loadInputs(io, [afterPath], createProgress(io, { jsonOnStdout, label: 'after' }));
  const progress = createProgress(io, { jsonOnStdout });
  const a = runAnalysis(io, before.state, cni.profile, progress);
  const b = runAnalysis(io, after.state, cni.profile, progress);

  const delta = diffAnalyses(a.connections, b.connections);
  const exposures = newExposures(delta);
  const profileMatters = usesIpBlocks(before.state) || usesIpBlocks(after.state);
  const all = [...delta.added, ...delta.removed];
  if (format === 'json' && (profileMatters || involvesExternal(all))) {
    io.stderr.write(msg.profileNote(profileDescription(cni.profile, cni.name)) + '\n');
  }
  const view = { profile: cni.profile, added: delta.added, removed: delta.removed, exposures };
  const text =
    format === 'json' ? formatDiffJson(view) : formatDiffTxt(view, { cniName: cni.name, profileMatters });
  writeResult(io, text, values.output);

  if (values['fail-on-exposure'] && exposures.length > 0) return EXIT.EXPOSURE;
  return before.hadErrors || after.hadErrors ? EXIT.INPUT_ERRORS : EXIT.OK;
}
