/**
 * `npm start`: the whole product against the built-in demo fleet. Prints where to look, and stops
 * everything cleanly on Ctrl-C (SIGINT) or SIGTERM.
 */
import * as path from 'node:path';
import { describeFirstAdmin, silentLogger } from '@reachwatch/api';
import { DEMO_FLEET } from './fleet';
import { startStack } from './stack';
import { ensureWebBuild } from './web-build';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export async function main(): Promise<number> {
  const port = process.env.PORT === undefined ? 8080 : Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`PORT must be a port number, got "${process.env.PORT}"\n`);
    return 2;
  }
  const stateDir = path.join(REPO_ROOT, '.reachwatch');
  const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  const verbose = process.env.REACHWATCH_LOG_REQUESTS === '1';
  log('starting Reachwatch with the demo fleet…');
  // The UI is optional for the rest of the stack: a failed build is reported, and the API says how to build it.
  const web = await ensureWebBuild({ log }).catch((e: Error) => (log(`web UI: could not build it: ${e.message}`), undefined));
  const stack = await startStack({
    stateDir,
    port,
    // 127.0.0.1 unless HOST says otherwise (0.0.0.0 in a container).
    host: process.env.HOST || undefined,
    databaseUrl: process.env.DATABASE_URL || undefined,
    fleet: DEMO_FLEET,
    log,
    apiLogger: verbose ? undefined : silentLogger,
  });
  const kubeconfig = path.relative(process.cwd(), stack.kubeconfig) || stack.kubeconfig;
  process.stdout.write(
    [
      '',
      `Reachwatch is up: ${stack.url.replace('127.0.0.1', 'localhost')}`,
      `  web UI:        ${stack.url.replace('127.0.0.1', 'localhost')}/ ${web ? '(open it in a browser and log in)' : '(not built: npm run build -w @reachwatch/web)'}`,
      `  health:        ${stack.url}/healthz (200 once every part is up)`,
      `  demo clusters: ${DEMO_FLEET.map((c) => c.name).join(', ')} (simulated; their scripts change policies as you watch)`,
      `  kubectl:       kubectl --kubeconfig ${kubeconfig} --context demo-east get networkpolicies -A`,
      `                 kubectl --kubeconfig ${kubeconfig} --context demo-east apply -f my-policy.yaml`,
      `  log in:        in the web UI, or POST ${stack.url}/api/v1/auth/login {"email","password"};`,
      '                 posture, edges, audit and alerts are written to Postgres as the clusters change.',
      ...(describeFirstAdmin(stack.firstAdmin) ? [describeFirstAdmin(stack.firstAdmin)!] : []),
      ...(stack.firstAdmin.created ? [] : ['                 with the accounts created earlier (the first admin was set up on the first start).']),
      '  stop:          Ctrl-C',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const onSignal = (sig: string) => {
      log(`${sig}: stopping…`);
      resolve();
    };
    process.once('SIGINT', () => onSignal('SIGINT'));
    process.once('SIGTERM', () => onSignal('SIGTERM'));
  });
  await stack.stop();
  log('stopped.');
  return 0;
}
