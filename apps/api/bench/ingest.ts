/**
 * Ingest benchmark (issue 3): the initial sync of a generated cluster written straight through
 * IngestRepository.applyBatch (no HTTP, no agent), in the agent's batches, on a durable embedded Postgres.
 * Isolates what Postgres and the repository cost from what the simulator, agent and API add.
 *
 *   node_modules/.bin/tsx apps/api/bench/ingest.ts [--size S|M|L] [--batch N (default 5000)] [--seed N]
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAX_EVENTS_PER_BATCH, WATCHED_KINDS, type IngestEvent, type IngestObject } from '@reachwatch/contracts';
import { ClusterRepository, connectDb, IngestRepository, migrate, startDatabase } from '@reachwatch/db';
import { normalizeLiveObject } from '@reachwatch/k8s';
import { GENERATED_SIZES, generatedParams, stateToObjects } from '@reachwatch/sim';
import { generateClusterWith } from '../../../libs/policy-engine/bench/generate';
import { round, summarize } from '../../launcher/bench/stats';

const progress = (msg: string) => process.stderr.write(`[bench ingest] ${msg}\n`);

function parse(argv: string[]) {
  // Batches as the agent sends them by default (the contract's maximum).
  const a = { size: 'L' as 'S' | 'M' | 'L', batch: MAX_EVENTS_PER_BATCH, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--size') {
      const v = (argv[++i] ?? '').toUpperCase();
      if (v !== 'S' && v !== 'M' && v !== 'L') throw new Error(`--size must be S, M or L, got "${v}"`);
      a.size = v;
    }
    else if (argv[i] === '--batch') a.batch = Number(argv[++i]);
    else if (argv[i] === '--seed') a.seed = Number(argv[++i]);
    else throw new Error(`unknown option ${argv[i]} (--size S|M|L, --batch N, --seed N)`);
  }
  return a;
}

async function main() {
  const args = parse(process.argv.slice(2));
  const size = GENERATED_SIZES[args.size];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rw-bench-ingest-'));
  const pg = await startDatabase({ dataDir, port: 0, env: {} });
  try {
    await migrate(pg.url);
    const db = connectDb(pg.url, { max: 2 });
    const { cluster } = await new ClusterRepository(db.prisma).register('bench');
    const state = generateClusterWith(generatedParams({ pods: size.pods, namespaces: size.namespaces, policies: size.policies, seed: args.seed }, size.podCidr), args.seed);
    const byKind = new Map<string, IngestEvent[]>(WATCHED_KINDS.map((k) => [k, []]));
    for (const o of stateToObjects(state)) {
      const meta = o.metadata as { name: string; namespace?: string };
      const uid = createHash('sha1').update(`${String(o.kind)}/${meta.namespace ?? ''}/${meta.name}`).digest('hex');
      const { object, manager } = normalizeLiveObject({ ...o, metadata: { ...meta, uid, resourceVersion: '1' } });
      byKind.get(object.kind)!.push({ type: 'ADDED', object: object as IngestObject, manager, syncEpoch: 'e1' });
    }
    const events: IngestEvent[] = [];
    for (const [kind, list] of byKind) if (list.length) events.push(...list, { type: 'SYNC_END', kind: kind as (typeof WATCHED_KINDS)[number], syncEpoch: 'e1' });
    const ingest = new IngestRepository(db.pool);
    const times: number[] = [];
    const t0 = performance.now();
    for (let i = 0; i < events.length; i += args.batch) {
      const t = performance.now();
      await ingest.applyBatch(cluster.id, { agentId: 'bench', events: events.slice(i, i + args.batch) });
      times.push(performance.now() - t);
    }
    const total = performance.now() - t0;
    const s = summarize(times);
    console.log(`BENCH ${JSON.stringify({ suite: 'ingest', size: args.size, metric: 'initial_sync_ms', value: round(total), unit: 'ms', events: events.length, batches: times.length, batch_p50_ms: round(s.p50), batch_max_ms: round(s.max) })}`);
    progress(`per batch: ${times.map((t) => Math.round(t)).join(' ')}`);
    // Re-sending the same relist (an agent restart): everything is unchanged.
    const t1 = performance.now();
    for (let i = 0; i < events.length; i += args.batch) await ingest.applyBatch(cluster.id, { agentId: 'bench', events: events.slice(i, i + args.batch) });
    console.log(`BENCH ${JSON.stringify({ suite: 'ingest', size: args.size, metric: 'relist_unchanged_ms', value: round(performance.now() - t1), unit: 'ms' })}`);
    await db.close();
  } finally {
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
