/**
 * `npm start` a second time on the same database: the simulated clusters start over (same names, fresh
 * uids and resourceVersions from 1), and what happens in them must still reach Postgres — a restart
 * must not be mistaken for re-sent events.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Pool } from 'pg';
import { silentLogger } from '@reachwatch/api';
import { createTestDatabase, type TestDatabase } from '@reachwatch/db/testing';
import { startStack, type DemoCluster, type RunningStack } from '../src';

const FLEET: DemoCluster[] = [{ name: 'restart-east', cni: 'generic', sim: { scenarios: ['lol'], script: false } }];

let db: TestDatabase | undefined;
let pool: Pool | undefined;
let stack: RunningStack | undefined;
const dirs: string[] = [];

afterAll(async () => {
  await stack?.stop();
  await pool?.end();
  await db?.drop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function waitFor(what: string, f: () => Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await f())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const start = () => {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reachwatch-restart-'));
  dirs.push(stateDir);
  return startStack({ stateDir, port: 0, databaseUrl: db!.url, fleet: FLEET, log: () => undefined, apiLogger: silentLogger });
};

const policyStored = async (name: string) =>
  (await pool!.query(`SELECT 1 FROM k8s_object o JOIN cluster c ON c.id = o.cluster_id WHERE c.name = 'restart-east' AND o.kind = 'NetworkPolicy' AND o.name = $1`, [name])).rowCount === 1;

const denyAll = (name: string) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace: 'default' },
  spec: { podSelector: {}, policyTypes: ['Ingress'] },
});

describe('npm start, started again on the same database', () => {
  it('sees the changes of the second run', async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 2 });

    stack = await start();
    stack.sims[0].apply(denyAll('first-run'));
    await waitFor('the first run to store its policy', () => policyStored('first-run'));
    await stack.stop();

    stack = await start();
    // The second simulator starts from the scenario again: the first run's policy is gone, and the
    // agent's relist must prune it; the second run's policy must arrive.
    stack.sims[0].apply(denyAll('second-run'));
    await waitFor('the second run to store its policy', () => policyStored('second-run'));
    await waitFor('the first run\'s policy to be pruned', async () => !(await policyStored('first-run')));
    expect(await policyStored('second-run')).toBe(true);
  });
});
