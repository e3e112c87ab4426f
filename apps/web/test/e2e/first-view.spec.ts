/**
 * How fast the first view of a large cluster is usable: from navigation to the namespace grid rendered
 * (every namespace in the heatmap, the table's rows in the DOM), cold and warm cache, and the same for
 * the fleet. Printed as `BENCH {json}` lines, never asserted (the machine is shared).
 *
 * Size: the generated cluster `npm start` runs (MID_SIZE: 2,000 pods, 120 namespaces) by default;
 * REACHWATCH_WEB_BENCH_SIZE=L for the benchmark's L (50,000 pods, 1,400 namespaces; minutes to sync).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { GENERATED_SIZES } from '@reachwatch/sim';
import { MID_SIZE, type DemoCluster } from '@reachwatch/launcher';
import { apiSession, HAS_CHROMIUM, loggedInPage, login, newPage, shot, startHarness, waitFor, type Harness } from './harness';

const SIZE = process.env.REACHWATCH_WEB_BENCH_SIZE === 'L' ? 'L' : 'mid';
const GENERATED = SIZE === 'L' ? { ...GENERATED_SIZES.L, seed: 7 } : MID_SIZE;
const FLEET: DemoCluster[] = [
  { name: 'bench', cni: 'generic', sim: { generated: GENERATED, script: false, podCidr: SIZE === 'L' ? '10.240.0.0/13' : '10.96.0.0/12' } },
];

let h: Harness;

/**
 * Milliseconds since the navigation started (as the page measures them) until `ready` is in the DOM —
 * the view is usable — and until no "loading more" status is left (every page of data shown).
 */
async function timed(page: Page, url: string, ready: string): Promise<{ usable: number; complete: number }> {
  await page.goto(url);
  await page.locator(ready).first().waitFor({ timeout: 120_000 });
  const usable = await page.evaluate(() => Math.round(performance.now()));
  await page.waitForFunction(() => !document.querySelector('[data-testid="ns-loading-more"]'), undefined, { timeout: 120_000, polling: 'raf' });
  const complete = await page.evaluate(() => Math.round(performance.now()));
  return { usable, complete };
}

describe.skipIf(!HAS_CHROMIUM)('first view of a large cluster', () => {
  beforeAll(async () => {
    h = await startHarness(FLEET);
    const get = await apiSession(h.stack.url);
    await waitFor(
      'the generated cluster to be synced and computed',
      async () => {
        const c = (await get('/api/v1/clusters/bench')) as { sync: { state: string }; journal: { lag: number }; posture: { namespaces: number } };
        return c.sync.state === 'synced' && c.journal.lag === 0 && c.posture.namespaces >= GENERATED.namespaces;
      },
      SIZE === 'L' ? 900_000 : 180_000,
    );
  }, SIZE === 'L' ? 1_000_000 : 240_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('namespaces and fleet, cold and warm', async () => {
    const results: Record<string, number> = {};
    for (const [view, url, ready] of [
      ['namespaces', '/clusters/bench/namespaces', '[data-testid="ns-table"] tbody tr'],
      ['fleet', '/fleet', '[data-testid="fleet-row-bench"]'],
    ] as const) {
      // Cold: a new browser context (empty cache) with a session; warm: the same page, navigated again.
      const cold = await loggedInPage(h);
      for (const cache of ['cold', 'warm']) {
        const t = await timed(cold.page, `${h.stack.url}${url}`, ready);
        results[`${view}_${cache}_usable`] = t.usable;
        results[`${view}_${cache}_complete`] = t.complete;
      }
      expect(cold.errors).toEqual([]);
      await cold.context.close();
    }
    const { context, page, errors } = await newPage(h);
    await login(page, h.stack.url, '/fleet');
    await page.goto(`${h.stack.url}/clusters/bench/namespaces`);
    await page.getByTestId('ns-table').waitFor();
    await page.getByTestId('ns-loading-more').waitFor({ state: 'detached', timeout: 120_000 });
    const tiles = await page.getByTestId('ns-heatmap').locator('button').count();
    expect(tiles).toBeGreaterThanOrEqual(GENERATED.namespaces);
    await shot(page, `bench-namespaces-${SIZE}`);
    for (const [metric, value] of Object.entries(results).sort()) {
      console.log(`BENCH ${JSON.stringify({ suite: 'web', size: SIZE, pods: GENERATED.pods, namespaces: tiles, metric: `first_view_${metric}_ms`, value })}`);
    }
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    await context.close();
  });
});
