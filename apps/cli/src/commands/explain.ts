import { explainConnection, type PeerRef } from '@reachwatch/policy-engine';
import { COMMON_OPTIONS, parseCni, parseCommand, parseEndpointSpec, parsePortSpec, type EndpointSpec } from '../args';
import { EXIT, usageError } from '../errors';
import type { Io } from '../io';
import { loadInputs } from '../load';
import { EXPLAIN_HELP, msg } from '../messages';
import { createProgress } from '../progress';
import { listWorkloads, resolveWorkload, workloadText, type Workload } from '../workloads';

const OPTIONS = {
  ...COMMON_OPTIONS,
  from: { type: 'string' },
  to: { type: 'string' },
  port: { type: 'string' },
} as const;

/** `reachwatch explain <paths…> --from A --to B --port P`: a verdict and the reasons, never a failing check. */
export function explainCommand(argv: string[], io: Io): number {
  const { values, positionals } = parseCommand('explain', argv, OPTIONS);
  if (values.help) {
    io.stdout.write(EXPLAIN_HELP);
    return EXIT.OK;
  }
  if (positionals.length === 0) throw usageError(msg.noPaths('explain'), msg.helpHint('explain'));
  // Syntax first, so a typo fails before a long load.
  if (values.from === undefined) throw usageError(msg.missingFlag('from', 'yahoo/miao-yahoo'), msg.helpHint('explain'));
  if (values.to === undefined) throw usageError(msg.missingFlag('to', 'default/lol-default'), msg.helpHint('explain'));
  if (values.port === undefined) throw usageError(msg.missingFlag('port', 'TCP/80'), msg.helpHint('explain'));
  const cni = parseCni(values.cni);
  const port = parsePortSpec(values.port);
  const fromSpec = parseEndpointSpec('from', values.from);
  const toSpec = parseEndpointSpec('to', values.to);
  if (fromSpec.type === 'ip' && toSpec.type === 'ip') throw usageError(msg.bothExternal());

  const loaded = loadInputs(io, positionals, createProgress(io));
  const workloads = listWorkloads(loaded.state);
  const from = resolveEnd('from', fromSpec, workloads);
  const to = resolveEnd('to', toSpec, workloads);

  const notes: string[] = [];
  let src: PeerRef;
  let dst: PeerRef;
  if (from.workload && to.workload && from.workload === to.workload) {
    // Two pods of one workload: explain the first two by name (a lone pod to itself is not a connection).
    const w = from.workload;
    if (w.pods.length < 2) throw usageError(msg.selfPair(workloadText(w)));
    src = { pod: w.pods[0] };
    dst = { pod: w.pods[1] };
    notes.push(`Note: ${workloadText(w)} has ${w.pods.length} pods; explaining ${w.pods[0].name} to ${w.pods[1].name}.`);
  } else {
    src = peerOf(from, notes);
    dst = peerOf(to, notes);
  }

  const ex = explainConnection(loaded.state, { cni: cni.profile }, src, dst, port.protocol, port.port);
  const out = [...notes, ex.summary, ...ex.lines.map((l) => `  ${l}`)];
  io.stdout.write(out.join('\n') + '\n');
  return loaded.hadErrors ? EXIT.INPUT_ERRORS : EXIT.OK;
}

interface End {
  ip?: string;
  workload?: Workload;
}

function resolveEnd(flag: string, spec: EndpointSpec, workloads: Workload[]): End {
  return spec.type === 'ip' ? { ip: spec.ip } : { workload: resolveWorkload(flag, spec, workloads) };
}

function peerOf(end: End, notes: string[]): PeerRef {
  if (end.ip !== undefined) return { ip: end.ip };
  const w = end.workload!;
  if (w.pods.length > 1) notes.push(msg.severalPods(workloadText(w), w.pods.length, w.pods[0].name));
  return { pod: w.pods[0] };
}
