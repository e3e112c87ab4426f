/**
 * The agent CLI's arguments → startAgent options. Pure apart from reading the token file; every problem is
 * an AgentOptionError with a message meant for the person at the terminal.
 */
import * as fs from 'node:fs';
import { agentMsg } from './messages';
import { AgentOptionError, type AgentOptions } from './options';

export type ParsedArgs = { help: true } | { help: false; options: Omit<AgentOptions, 'logger'> };

const FLAGS = ['--cluster', '--kubeconfig', '--context', '--ingest-url', '--token-file', '--agent-id', '--max-batch-events', '--flush-ms', '--min-send-interval-ms'] as const;
type Flag = (typeof FLAGS)[number];

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ParsedArgs {
  const v = new Map<Flag, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { help: true };
    const eq = arg.indexOf('=');
    const flag = (eq > 0 ? arg.slice(0, eq) : arg) as Flag;
    if (!FLAGS.includes(flag)) throw new AgentOptionError(agentMsg.unknownArg(arg));
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) throw new AgentOptionError(agentMsg.missingValue(flag));
    v.set(flag, value);
  }
  const cluster = v.get('--cluster');
  if (!cluster) throw new AgentOptionError(agentMsg.missingValue('--cluster'));
  const ingestUrl = v.get('--ingest-url');
  if (!ingestUrl) throw new AgentOptionError(agentMsg.missingValue('--ingest-url'));
  const kubeconfig = v.get('--kubeconfig');
  if (!kubeconfig && v.has('--context')) throw new AgentOptionError(agentMsg.badOption('--context', 'needs --kubeconfig'));
  return {
    help: false,
    options: {
      cluster,
      ingestUrl,
      token: readToken(v.get('--token-file'), env),
      ...(kubeconfig ? { kubeConfig: { path: kubeconfig, context: v.get('--context') } } : { inCluster: true }),
      ...(v.has('--agent-id') ? { agentId: v.get('--agent-id') } : {}),
      ...(v.has('--max-batch-events') ? { maxBatchEvents: number('--max-batch-events', v.get('--max-batch-events') as string) } : {}),
      ...(v.has('--flush-ms') ? { flushMs: number('--flush-ms', v.get('--flush-ms') as string) } : {}),
      ...(v.has('--min-send-interval-ms') ? { minSendIntervalMs: number('--min-send-interval-ms', v.get('--min-send-interval-ms') as string) } : {}),
    },
  };
}

function number(flag: string, s: string): number {
  if (!/^\d+$/.test(s)) throw new AgentOptionError(agentMsg.badOption(flag, `"${s}" is not a whole number`));
  return Number(s);
}

/** The file wins over the environment: a mounted Secret is the deliberate choice. */
function readToken(file: string | undefined, env: NodeJS.ProcessEnv): string {
  if (file) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new AgentOptionError(agentMsg.tokenFileUnreadable(file, (e as Error).message));
    }
    if (!text.trim()) throw new AgentOptionError(agentMsg.tokenFileUnreadable(file, 'the file is empty'));
    return text.trim();
  }
  const t = env.REACHWATCH_AGENT_TOKEN?.trim();
  if (!t) throw new AgentOptionError(agentMsg.tokenMissing());
  return t;
}
