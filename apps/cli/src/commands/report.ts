/**
 * `reachwatch report`: a compliance report (libs/compliance) from manifests. Parses the command line,
 * loads the manifests and the approved-flows register, and hands everything to the library; the
 * command decides nothing about compliance itself.
 */
import * as fs from 'node:fs';
import {
  ComplianceError,
  buildComplianceReport,
  parseApprovedFlows,
  renderCsv,
  renderJson,
  renderPdf,
  resolveFramework,
  type ApprovedFlow,
  type ComplianceReport,
} from '@reachwatch/compliance';
import { COMMON_OPTIONS, displayPath, oneOf, parseCni, parseCommand, resolvePath } from '../args';
import { EXIT, usageError } from '../errors';
import type { Io } from '../io';
import { loadInputs } from '../load';
import { REPORT_FORMATS, REPORT_HELP, msg } from '../messages';
import { writeResult } from '../output';
import { ANALYSIS_NOTE_MIN_PODS, createProgress } from '../progress';

const OPTIONS = {
  ...COMMON_OPTIONS,
  framework: { type: 'string' },
  scope: { type: 'string', default: '' },
  'approved-flows': { type: 'string' },
  format: { type: 'string', short: 'f', default: 'pdf' },
  output: { type: 'string', short: 'o' },
  cluster: { type: 'string', default: 'manifests' },
  at: { type: 'string' },
  'fail-on-findings': { type: 'boolean', default: false },
} as const;

export async function reportCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand('report', argv, OPTIONS);
  if (values.help) {
    io.stdout.write(REPORT_HELP);
    return EXIT.OK;
  }
  if (values.framework === undefined) throw usageError(msg.missingFlag('framework', 'pci'), msg.helpHint('report'));
  const framework = compliance(() => resolveFramework(values.framework!));
  if (positionals.length === 0) throw usageError(msg.noPaths('report'), msg.helpHint('report'));
  const format = oneOf('format', values.format, REPORT_FORMATS);
  const cni = parseCni(values.cni);
  const at = values.at ?? new Date().toISOString();
  if (Number.isNaN(Date.parse(at))) throw usageError(msg.badTime(at));
  const stdout = io.stdout;
  if (format === 'pdf' && values.output === undefined && stdout.isTTY) throw usageError(msg.pdfToTerminal(), msg.helpHint('report'));
  const approvedFlows = values['approved-flows'] === undefined ? [] : readRegister(io, values['approved-flows']);

  const progress = createProgress(io, { jsonOnStdout: format === 'json' && values.output === undefined });
  const loaded = loadInputs(io, positionals, progress);
  if (values.scope.trim() === '' && (framework === 'pci-dss-4.0.1' || framework === 'hipaa')) io.stderr.write(`note: ${msg.noScope()}\n`);
  if (loaded.state.pods.length > ANALYSIS_NOTE_MIN_PODS) progress.status(msg.reporting(loaded.state.pods.length));
  let report: ComplianceReport;
  try {
    report = compliance(() =>
      buildComplianceReport({
        framework,
        scope: values.scope,
        // Manifests carry no history: the report is a point in time, and change checks say so.
        clusters: [{ name: values.cluster, cni: cni.profile, state: loaded.state, changes: null }],
        approvedFlows,
        period: { from: at, to: at },
        generatedAt: at,
        snapshotAt: at,
      }),
    );
  } finally {
    progress.clear();
  }

  if (format === 'pdf') await writePdf(io, stdout, await renderPdf(report), values.output);
  else writeResult(io, format === 'json' ? renderJson(report) : renderCsv(report), values.output);
  const t = report.summary.total;
  io.stderr.write(`${msg.reportTotals(t.pass, t.fail, t.notApplicable, t.findings)}\n`);
  if (values['fail-on-findings'] && t.fail > 0) return EXIT.EXPOSURE;
  return loaded.hadErrors ? EXIT.INPUT_ERRORS : EXIT.OK;
}

/** Library errors about the user's input (scope, framework, register) are usage errors. */
function compliance<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ComplianceError) throw usageError(e.message);
    throw e;
  }
}

function readRegister(io: Io, file: string): ApprovedFlow[] {
  const p = resolvePath(io.cwd, file);
  if (!fs.existsSync(p)) throw usageError(msg.pathMissing(file));
  return compliance(() => parseApprovedFlows(fs.readFileSync(p, 'utf8'), displayPath(io.cwd, p)));
}

async function writePdf(io: Io, stdout: Io['stdout'], pdf: Buffer, output: string | undefined): Promise<void> {
  if (output === undefined) {
    stdout.write(pdf);
    return;
  }
  try {
    await fs.promises.writeFile(resolvePath(io.cwd, output), pdf);
  } catch (e) {
    throw usageError(msg.cannotWrite(output, (e as Error).message));
  }
}
