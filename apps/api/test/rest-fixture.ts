import type { IngestEvent } from '@reachwatch/contracts';
import { IngestRepository } from '@reachwatch/db';
import { startWorker, type WorkerHandle } from '@reachwatch/worker';
import request from 'supertest';
import { caughtUp, scenarioObjects } from '../../worker/test/helpers';
import { bearer, login, seedUser, startAccountsApi, type AccountsApi } from './accounts';

/**
 * An API with real data: clusters fed through the real path (IngestRepository.applyBatch, the journal,
 * a running worker that writes edges, posture, audit and alerts), and one user per role.
 */
export interface RestFixture {
  t: AccountsApi;
  worker: WorkerHandle;
  ids: Record<string, number>;
  /** Bearer headers per user: admin, analyst (east), auditor (east), west (analyst of west only), nobody (no grants). */
  as: Record<'admin' | 'analyst' | 'auditor' | 'west' | 'nobody', Record<string, string>>;
  ingest(cluster: string, ...events: IngestEvent[]): Promise<void>;
  settle(cluster: string): Promise<number>;
  get(who: keyof RestFixture['as'], path: string): request.Test;
  post(who: keyof RestFixture['as'], path: string, body?: unknown): request.Test;
  close(): Promise<void>;
}

/** `clusters`: name → demo scenarios (apps/cli/demo) it runs. */
export async function startRestFixture(clusters: Record<string, string[]>): Promise<RestFixture> {
  const t = await startAccountsApi();
  const ids: Record<string, number> = {};
  for (const name of Object.keys(clusters)) ids[name] = (await t.clusters.register(name)).cluster.id;
  const ingestRepo = new IngestRepository(t.db.pool);
  const ingest = async (cluster: string, ...events: IngestEvent[]) => void (await ingestRepo.applyBatch(ids[cluster], { agentId: 'test-agent', events }));
  const events = Object.fromEntries(Object.entries(clusters).map(([name, scenarios]) => [
    name, scenarios.flatMap((s) => scenarioObjects(s)).map((object) => ({ type: 'ADDED' as const, object, manager: 'kubectl-client-side-apply' })),
  ]));
  // A worker takes its first look at a cluster as a baseline (no audit, no alerts): give it one object
  // to take it on, then send the rest, so that every policy and exposure is a step it audits and alerts on.
  for (const [name, list] of Object.entries(events)) await ingest(name, list[0]);
  const worker = await startWorker({ databaseUrl: t.databaseUrl, pollMs: 50, log: () => undefined });
  const settle = (cluster: string) => caughtUp(t.db.pool, ids[cluster]);
  for (const name of Object.keys(clusters)) await settle(name);
  for (const [name, list] of Object.entries(events)) {
    await ingest(name, ...list.slice(1));
    await settle(name);
  }

  const users = { admin: ['admin', []], analyst: ['analyst', ['east']], auditor: ['auditor', ['east']], west: ['analyst', ['west']], nobody: ['analyst', []] } as const;
  const as = {} as RestFixture['as'];
  for (const [who, [role, grants]] of Object.entries(users)) {
    await seedUser(t, `${who}@example.com`, role, grants.filter((g) => g in ids));
    as[who as keyof RestFixture['as']] = bearer((await login(t, `${who}@example.com`)).token);
  }
  return {
    t, worker, ids, as, ingest, settle,
    get: (who, path) => request(t.api.url).get(path).set(as[who]),
    post: (who, path, body) => {
      const r = request(t.api.url).post(path).set(as[who]);
      return body === undefined ? r : r.send(body as object);
    },
    close: async () => {
      await worker.stop();
      await t.close();
    },
  };
}
