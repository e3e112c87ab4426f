/**
 * The agent process: `tsx apps/agent/src/main.ts --cluster NAME --ingest-url URL [--kubeconfig PATH
 * --context CTX] [--token-file PATH]`. SIGINT/SIGTERM: close watches, deliver what is queued, exit 0; a
 * second signal exits at once. Exit 1 when ingest refused the agent (wrong token, bad batch); 2 on bad usage.
 */
import { parseArgs } from './args';
import { stderrLogger } from './logger';
import { agentMsg } from './messages';
import { AgentOptionError } from './options';

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof AgentOptionError)) throw e;
    process.stderr.write(`${e.message}\n\n${agentMsg.usage()}\n`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(`${agentMsg.usage()}\n`);
    return;
  }
  const logger = stderrLogger(parsed.options.cluster);
  // Loaded only now: @kubernetes/client-node takes seconds to load, usage errors should not wait for it.
  const { startAgent } = await import('./agent');
  let agent;
  try {
    agent = startAgent({ ...parsed.options, logger });
  } catch (e) {
    if (!(e instanceof AgentOptionError)) throw e;
    logger.error(e.message);
    process.exit(2);
  }
  let signalled = false;
  const onSignal = (sig: NodeJS.Signals) => {
    logger.info(agentMsg.signal(sig));
    if (signalled) process.exit(130);
    signalled = true;
    void agent.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  void agent.done.then((exit) => {
    if (!exit.ok) logger.error(agentMsg.fatalExit(exit.error ?? 'unknown error'));
    process.exit(exit.ok ? 0 : 1);
  });
}

void main();
