/**
 * Ingest benchmark (issue 3): the initial sync of a generated cluster written straight through
 * IngestRepository.applyBatch (no HTTP, no agent), in the agent's batches, on a durable embedded Postgres.
 * Isolates what Postgres and the repository cost from what the simulator, agent and API add.
 *
 *   node_modules/.bin/tsx apps/api/bench/ingest.ts [--size S|M|L] [--batch N (default 5000)] [--seed N]
 *                                                  [--wire] [--pg-stats] [--cpu-prof FILE]
 *
 * --wire: each batch is handed over as the API gets it, JSON text, and parsed inside the timed loop; the
 *         objects then have the shapes JSON.parse gives them, as in the API, not the generator's.
 * --pg-stats: after each phase, the statements that took Postgres' time (pg_stat_statements).
 * --cpu-prof FILE: a V8 CPU profile of the initial sync only (not of generating the cluster), written to FILE.
 * Besides wall time each phase reports the CPU seconds of this process (what the API would spend, minus
 * HTTP) and of Postgres (the backends alive over the phase).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { MAX_EVENTS_PER_BATCH, WATCHED_KINDS, type IngestEvent, type IngestObject } from '@reachwatch/contracts';
import { ClusterRepository, connectDb, IngestRepository, migrate, startDatabase } from '@reachwatch/db';
import { normalizeLiveObject } from '@reachwatch/k8s';
import { GENERATED_SIZES, generatedParams, stateToObjects } from '@reachwatch/sim';
import { generateClusterWith } from '../../../libs/policy-engine/bench/generate';
import { cpuBetween, postmasterOf, readCpu } from '../../launcher/bench/cpu';
import { round, summarize } from '../../launcher/bench/stats';

const progress = (msg: string) => process.stderr.write(`[bench ingest] ${msg}\n`);

function parse(argv: string[]) {
  // Batches as the agent sends them by default (the contract's maximum).
  const a = { size: 'L' as 'S' | 'M' | 'L', batch: MAX_EVENTS_PER_BATCH, seed: 1, wire: false, pgStats: false, cpuProf: '' };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--size') {
      const v = (argv[++i] ?? '').toUpperCase();
      if (v !== 'S' && v !== 'M' && v !== 'L') throw new Error(`--size must be S, M or L, got "${v}"`);
      a.size = v;
    }
    else if (argv[i] === '--batch') a.batch = Number(argv[++i]);
    else if (argv[i] === '--seed') a.seed = Number(argv[++i]);
    else if (argv[i] === '--wire') a.wire = true;
    else if (argv[i] === '--pg-stats') a.pgStats = true;
    else if (argv[i] === '--cpu-prof') a.cpuProf = argv[++i] ?? '';
    else throw new Error(`unknown option ${argv[i]} (--size S|M|L, --batch N, --seed N, --wire, --pg-stats, --cpu-prof FILE)`);
  }
  return a;
}

async function main() {
  const args = parse(process.argv.slice(2));
  const size = GENERATED_SIZES[args.size];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rw-bench-ingest-'));
  const pg = await startDatabase({
    dataDir, port: 0, env: {},
    settings: args.pgStats ? { shared_preload_libraries: 'pg_stat_statements' } : undefined,
  });
  try {
    await migrate(pg.url);
    const db = connectDb(pg.url, { max: 2 });
    const { cluster } = await new ClusterRepository(db.prisma).register('bench');
    const state = generateClusterWith(generatedParams({ pods: size.pods, namespaces: size.namespaces, policies: size.policies, seed: args.seed }, size.podCidr), args.seed);
    const observedAt = new Date().toISOString();
    const byKind = new Map<string, IngestEvent[]>(WATCHED_KINDS.map((k) => [k, []]));
    for (const o of stateToObjects(state)) {
      const meta = o.metadata as { name: string; namespace?: string };
      const uid = createHash('sha1').update(`${String(o.kind)}/${meta.namespace ?? ''}/${meta.name}`).digest('hex');
      const { object, manager } = normalizeLiveObject({ ...o, metadata: { ...meta, uid, resourceVersion: '1' } });
      // As the agent sends them: with the time it saw the object.
      byKind.get(object.kind)!.push({ type: 'ADDED', object: object as IngestObject, manager, observedAt, syncEpoch: 'e1' });
    }
    const events: IngestEvent[] = [];
    for (const [kind, list] of byKind) if (list.length) events.push(...list, { type: 'SYNC_END', kind: kind as (typeof WATCHED_KINDS)[number], syncEpoch: 'e1' });
    const batches: unknown[] = [];
    for (let i = 0; i < events.length; i += args.batch) {
      const batch = { agentId: 'bench', events: events.slice(i, i + args.batch) };
      batches.push(args.wire ? JSON.stringify(batch) : batch);
    }
    const body = (b: unknown) => (args.wire ? JSON.parse(b as string) : b);
    const ingest = new IngestRepository(db.pool);
    const postmaster = postmasterOf(pg.dataDir);
    const pgStats = args.pgStats ? await statementStats(db.pool) : undefined;
    const phase = async (metric: string, run: () => Promise<Record<string, unknown>>) => {
      await pgStats?.reset();
      const cpu0 = readCpu({}, postmaster);
      const own0 = process.cpuUsage();
      const t0 = performance.now();
      const extra = await run();
      const wall = performance.now() - t0;
      const own = process.cpuUsage(own0);
      const pgCpu = cpuBetween(cpu0, readCpu({}, postmaster)).postgres;
      console.log(`BENCH ${JSON.stringify({
        suite: 'ingest', size: args.size, metric, value: round(wall), unit: 'ms', wire: args.wire, ...extra,
        cpu_s: round((own.user + own.system) / 1e6, 2), postgres_cpu_s: round(pgCpu, 2),
      })}`);
      await pgStats?.print(metric);
    };

    const profiler = args.cpuProf ? await startProfiler() : undefined;
    await phase('initial_sync_ms', async () => {
      const times: number[] = [];
      for (const batch of batches) {
        const t = performance.now();
        await ingest.applyBatch(cluster.id, body(batch));
        times.push(performance.now() - t);
      }
      const s = summarize(times);
      progress(`per batch: ${times.map((t) => Math.round(t)).join(' ')}`);
      return { events: events.length, batches: times.length, batch_p50_ms: round(s.p50), batch_max_ms: round(s.max) };
    });
    if (profiler) writeFileSync(args.cpuProf, JSON.stringify(await profiler.stop()));
    // Re-sending the same relist (a retry): everything is unchanged.
    await phase('relist_unchanged_ms', async () => {
      for (const batch of batches) await ingest.applyBatch(cluster.id, body(batch));
      return {};
    });
    // An agent restart: the same objects relisted under a new epoch. Nothing is journaled, but every row is
    // confirmed for the new epoch (or its SYNC_END would prune it).
    const restart = batches.map((b) => {
      const batch = args.wire ? JSON.parse(b as string) : structuredClone(b);
      for (const e of (batch as { events: { syncEpoch?: string }[] }).events) e.syncEpoch = 'e2';
      return args.wire ? JSON.stringify(batch) : batch;
    });
    await phase('relist_new_epoch_ms', async () => {
      for (const batch of restart) await ingest.applyBatch(cluster.id, body(batch));
      return {};
    });
    await db.close();
  } finally {
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function startProfiler() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      return profile;
    },
  };
}

/** pg_stat_statements over a phase (the extension is loaded by --pg-stats). */
async function statementStats(pool: import('pg').Pool) {
  await pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  return {
    reset: async () => void (await pool.query('SELECT pg_stat_statements_reset()')),
    print: async (phase: string) => {
      const { rows } = await pool.query<{ calls: string; total: number; mean: number; query: string }>(
        `SELECT calls, total_exec_time AS total, mean_exec_time AS mean, query FROM pg_stat_statements
          WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC LIMIT 10`,
      );
      progress(`Postgres time by statement, ${phase}:`);
      for (const r of rows) {
        progress(`  ${String(Math.round(r.total)).padStart(7)} ms ${String(r.calls).padStart(5)} calls ${r.mean.toFixed(1).padStart(7)} ms/call  ${r.query.replace(/\s+/g, ' ').slice(0, 120)}`);
      }
    },
  };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
