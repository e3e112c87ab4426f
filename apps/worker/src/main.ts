/**
 * `reachwatch-worker`: the recompute worker as a process. Options come from flags or the environment
 * (DATABASE_URL, WORKER_ID, WORKER_LEASE_SECONDS, WORKER_POLL_MS, and the retention in days:
 * REACHWATCH_JOURNAL_DAYS, REACHWATCH_DELTA_DAYS, REACHWATCH_AUDIT_DAYS (≥ 365), REACHWATCH_DELIVERY_DAYS); without a database URL it uses the
 * embedded Postgres of this checkout (started if needed) and applies migrations. SIGINT/SIGTERM stop
 * it cleanly: the step in flight finishes and the leases are given back.
 */
import { parseArgs } from 'node:util';
import { migrate, startDatabase } from '@reachwatch/db';
import { startWorker } from './worker';

const USAGE = `Usage: reachwatch-worker [--database-url URL] [--worker-id ID] [--lease-seconds N] [--poll-ms N]

  --database-url   Postgres URL (default: $DATABASE_URL, else the embedded Postgres under .reachwatch/)
  --worker-id      unique name of this worker (default: $WORKER_ID, else host-pid-random)
  --lease-seconds  lease length; a dead worker's clusters move after this (default: $WORKER_LEASE_SECONDS or 15)
  --poll-ms        polling fallback when no notification arrives (default: $WORKER_POLL_MS or 2000)

Retention (environment, days): REACHWATCH_JOURNAL_DAYS (400: how far back posture can be
reconstructed), REACHWATCH_DELTA_DAYS (90: per-event connection deltas), REACHWATCH_AUDIT_DAYS
(400, at least 365: policy audit, resolved alerts, trends), REACHWATCH_DELIVERY_DAYS (30: webhook log).
`;

function positive(name: string, text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} must be a positive number, got "${text}"`);
  return n;
}

class UsageError extends Error {}

export async function main(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        'database-url': { type: 'string' },
        'worker-id': { type: 'string' },
        'lease-seconds': { type: 'string' },
        'poll-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let leaseSeconds: number | undefined;
  let pollMs: number | undefined;
  let retention: { journalDays?: number; deltaDays?: number; auditDays?: number; deliveryDays?: number };
  try {
    leaseSeconds = positive('--lease-seconds', values['lease-seconds'] ?? env.WORKER_LEASE_SECONDS);
    pollMs = positive('--poll-ms', values['poll-ms'] ?? env.WORKER_POLL_MS);
    retention = {
      journalDays: positive('REACHWATCH_JOURNAL_DAYS', env.REACHWATCH_JOURNAL_DAYS),
      deltaDays: positive('REACHWATCH_DELTA_DAYS', env.REACHWATCH_DELTA_DAYS),
      auditDays: positive('REACHWATCH_AUDIT_DAYS', env.REACHWATCH_AUDIT_DAYS),
      deliveryDays: positive('REACHWATCH_DELIVERY_DAYS', env.REACHWATCH_DELIVERY_DAYS),
    };
    if (retention.auditDays !== undefined && retention.auditDays < 365) throw new UsageError(`REACHWATCH_AUDIT_DAYS must be at least 365 (a PCI audit year), got ${retention.auditDays}`);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const explicitUrl = values['database-url'] ?? env.DATABASE_URL;
  const server = await startDatabase({ env: explicitUrl ? { DATABASE_URL: explicitUrl } : {} });
  if (!explicitUrl) await migrate(server.url);
  const worker = await startWorker({ databaseUrl: server.url, workerId: values['worker-id'] ?? env.WORKER_ID, leaseSeconds, pollMs, retention });
  process.stderr.write(`reachwatch worker ${worker.status().workerId} running\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await worker.stop();
  await server.stop();
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e: Error) => {
      process.stderr.write(`reachwatch worker: ${e.message}\n`);
      process.exit(4);
    },
  );
}
