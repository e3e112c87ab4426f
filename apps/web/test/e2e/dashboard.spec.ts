/**
 * The dashboard against the real stack, in Chromium: log in, the fleet, the namespace grid with the
 * numbers SCENARIOS.md §1 gives for the `lol` scenario, a policy applied with kubectl changing the grid
 * and the graph live (no reload), a denied connection explained, the audit entry of the change, and
 * every other view opened once. A screenshot of each view goes to test/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { DemoCluster } from '@reachwatch/launcher';
import { apiSession, HAS_CHROMIUM, KUBECTL, kubectlApply, login, newPage, shot, startHarness, waitFor, type Harness } from './harness';

const FLEET: DemoCluster[] = [
  { name: 'e2e-east', cni: 'generic', sim: { scenarios: ['lol', 'tiers'], script: false } },
  { name: 'e2e-west', cni: 'calico', sim: { scenarios: ['no-ingress', 'isolated'], script: false, podCidr: '10.96.0.0/16' } },
];

// SCENARIOS.md §1, steps 2 and 3, as a person would write them.
const DENY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-ingress, namespace: default}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;
const ALLOW = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-lol-yahoo-lol-default, namespace: default}
spec:
  podSelector: {matchLabels: {app: lol-default}}
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: yahoo}}
          podSelector: {matchLabels: {app: lol-yahoo}}
`;

let h: Harness;
let context: BrowserContext;
let page: Page;
let errors: string[];

const skip = !HAS_CHROMIUM || !KUBECTL;
if (skip) console.warn(`browser tests skipped: ${!HAS_CHROMIUM ? '/usr/bin/chromium is not installed (apt-get install -y chromium)' : 'kubectl is not installed'}`);

/** One cell of the namespace table (by its data-col), as text. */
const cell = (ns: string, col: string) => page.getByTestId(`ns-row-${ns}`).locator(`[data-col="${col}"]`);

describe.skipIf(skip)('the dashboard in a browser', () => {
  beforeAll(async () => {
    h = await startHarness(FLEET);
    // Readiness only (the expectations below come from SCENARIOS.md): the worker's first computation is in.
    const get = await apiSession(h.stack.url);
    for (const c of FLEET) {
      await waitFor(`${c.name} posture`, async () => ((await get(`/api/v1/clusters/${c.name}/namespaces`)) as { items: unknown[] }).items.length > 0);
    }
    ({ context, page, errors } = await newPage(h));
  });

  afterAll(async () => {
    await context?.close();
    await h?.stop();
  });

  it('logs in and lands where it was going', async () => {
    await page.goto(`${h.stack.url}/clusters/e2e-east/namespaces`);
    await page.getByTestId('login-email').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await shot(page, '01-login');
    await page.getByTestId('login-email').fill('e2e-admin@example.com');
    await page.getByTestId('login-password').fill('wrong password!!');
    await page.getByTestId('login-submit').click();
    await page.getByRole('alert').waitFor();
    await login(page, h.stack.url, '/fleet');
    expect(new URL(page.url()).pathname).toBe('/fleet');
    await expect.poll(() => page.getByTestId('live-indicator').getAttribute('data-state')).toBe('connected');
  });

  it('fleet: both clusters, with nothing isolated in the first state of the scenarios', async () => {
    await page.getByTestId('fleet-row-e2e-east').waitFor();
    await page.getByTestId('fleet-row-e2e-west').waitFor();
    // No policies yet anywhere (every scenario's step 1): no pod is isolated.
    await expect.poll(() => page.getByTestId('fleet-row-e2e-east').getByTestId('ingress-coverage').textContent()).toBe('0 %');
    // lol + tiers: 6 pods; their 4 namespaces plus the 3 kube-* every cluster has (default is one of lol's).
    expect(await page.getByTestId('fleet-row-e2e-east').textContent()).toContain('6 pods in 7 namespaces');
    await shot(page, '02-fleet');
  });

  it('namespaces: lol + tiers with no policy — every namespace open to every other', async () => {
    await page.getByRole('link', { name: 'e2e-east' }).first().click();
    await page.getByTestId('ns-table').waitFor();
    expect(await page.getByTestId('ns-count').textContent()).toBe('7 namespaces');
    for (const ns of ['default', 'yahoo', 'front', 'back']) {
      expect(await cell(ns, 'deny-in').textContent(), ns).toBe('✗no');
      expect(await cell(ns, 'ingress').textContent(), ns).toBe('✗none (0 %)');
      expect(await cell(ns, 'cross-ns').textContent(), ns).toMatch(/^⚠from \d ns$/);
    }
    expect(await cell('yahoo', 'pods').textContent()).toBe('2');
    // The worst first: the four scenario namespaces, open to everything (score 0), then the empty kube-* ones.
    const order = await page.getByTestId('ns-table').locator('tbody th').allTextContents();
    expect(order).toEqual(['back', 'default', 'front', 'yahoo', 'kube-node-lease', 'kube-public', 'kube-system']);
    await shot(page, '03-namespaces');
  });

  it('a default deny applied with kubectl changes the grid live, without a reload', async () => {
    await page.evaluate(() => ((window as unknown as { __sameDocument: number }).__sameDocument = 42));
    expect(await kubectlApply(h, 'e2e-east', DENY, 'deny')).toContain('networkpolicy.networking.k8s.io/default-deny-ingress created');
    // Step 2: nothing reaches lol-default any more; `default` is closed for ingress.
    await expect.poll(() => cell('default', 'deny-in').textContent(), { timeout: 30_000 }).toBe('✓yes');
    expect(await cell('default', 'ingress').textContent()).toBe('✓all pods (100 %)');
    expect(await cell('default', 'cross-ns').textContent()).toBe('○no');
    expect(await cell('default', 'internet').textContent()).toBe('○no');
    // Egress is untouched, and the other namespaces are as they were.
    expect(await cell('default', 'egress').textContent()).toBe('✗none (0 %)');
    expect(await cell('yahoo', 'deny-in').textContent()).toBe('✗no');
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: number }).__sameDocument)).toBe(42);
    await page.getByTestId('ns-tile-default').click();
    await page.getByTestId('ns-detail').waitFor();
    expect(await page.getByTestId('ns-detail').textContent()).toContain('default-deny-ingress');
    await shot(page, '04-namespaces-after-deny');
  });

  it('the allow rule of step 3 reaches the graph live', async () => {
    await page.getByTestId('nav-graph').click();
    await page.getByTestId('graph-view').waitFor();
    await page.getByTestId('graph-canvas').waitFor();
    await shot(page, '05-graph');
    expect(await kubectlApply(h, 'e2e-east', ALLOW, 'allow')).toContain('allow-lol-yahoo-lol-default created');
    await page.getByTestId('graph-live').waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: number }).__sameDocument)).toBe(42);
    await shot(page, '06-graph-after-allow');
    // And the grid agrees: lol-yahoo in yahoo now reaches default (only on the allowed rule).
    await page.getByTestId('nav-namespaces').click();
    await expect.poll(() => cell('default', 'cross-ns').textContent(), { timeout: 30_000 }).toBe('⚠from 1 ns');
  });

  it('the live connection survives the network dropping: offline, back, and changes still arrive', async () => {
    const live = page.getByTestId('live-indicator');
    await context.setOffline(true);
    await expect.poll(() => live.getAttribute('data-state')).toBe('offline');
    await shot(page, '06b-offline');
    await context.setOffline(false);
    await expect.poll(() => live.getAttribute('data-state'), { timeout: 30_000 }).toBe('connected');
    const yahooDeny = DENY.replace('name: default-deny-ingress, namespace: default', 'name: deny-all-ingress, namespace: yahoo');
    await kubectlApply(h, 'e2e-east', yahooDeny, 'deny-yahoo');
    await expect.poll(() => cell('yahoo', 'deny-in').textContent(), { timeout: 30_000 }).toBe('✓yes');
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: number }).__sameDocument)).toBe(42);
  });

  it('explains why miao-yahoo cannot reach lol-default', async () => {
    await page.getByTestId('nav-explain').click();
    await page.getByTestId('explain-from').fill('yahoo/miao-yahoo');
    await page.getByTestId('explain-to').fill('default/lol-default');
    await page.getByTestId('explain-port').fill('80');
    await page.getByTestId('explain-submit').click();
    const answer = page.getByTestId('explain-answer');
    await answer.waitFor();
    expect(await answer.getAttribute('data-verdict')).toBe('denied');
    const text = (await page.getByTestId('explain-lines').textContent()) ?? '';
    expect(text).toContain('default/default-deny-ingress');
    expect(text).toContain('requires pods with app=lol-yahoo');
    expect(new URL(page.url()).search).toBe('?from=yahoo%2Fmiao-yahoo&port=TCP%2F80&to=default%2Flol-default');
    await shot(page, '07-explain');
    // The policy links open its audit trail.
    await page.getByTestId('explain-policies').getByRole('link', { name: /default-deny-ingress/ }).click();
    await page.getByTestId('audit-timeline').waitFor();
    expect(new URL(page.url()).searchParams.get('policy')).toBe('default-deny-ingress');
  });

  it('the audit timeline has the change: who, diff, impact — and the posture at that time', async () => {
    const entry = page.locator('[data-policy="default/default-deny-ingress"]');
    await entry.waitFor();
    expect(await entry.getAttribute('data-action')).toBe('created');
    expect(await entry.getByTestId('audit-who').textContent()).toMatch(/kubectl/);
    expect(await entry.getByTestId('audit-impact').textContent()).toMatch(/−\d+ no longer allowed/);
    expect(await entry.getByTestId('audit-diff').textContent()).toContain('+ kind: NetworkPolicy');
    await shot(page, '08-audit-policy');
    await page.getByTestId('nav-audit').click();
    const allow = page.locator('[data-policy="default/allow-lol-yahoo-lol-default"]');
    await allow.waitFor();
    expect(await allow.getByTestId('audit-impact').textContent()).toContain('+1 connection newly allowed');
    await entry.getByTestId('audit-posture-at').click();
    await page.getByTestId('posture-at').waitFor({ timeout: 60_000 });
    await shot(page, '09-audit-posture-at');
  });

  it('alerts: the new exposure of step 3 is listed, and acknowledging it updates the row in place', async () => {
    // Step 3 opens lol-default to a workload of another namespace (yahoo/lol-yahoo): a new exposure.
    await page.getByTestId('nav-alerts').click();
    const row = page.locator('[data-testid^="alert-"]', { hasText: 'default/lol-default' }).first();
    await row.waitFor({ timeout: 30_000 });
    expect(await row.getAttribute('data-state')).toBe('open');
    await shot(page, '10-alerts');
    await row.getByTestId('alert-ack').click();
    await expect.poll(() => row.getAttribute('data-state')).toBe('acknowledged');
  });

  it('reports: generate one, verify it, download it', async () => {
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('report-framework').selectOption('cis-k8s');
    await page.getByTestId('report-generate').click();
    await page.getByTestId('reports-table').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('report-result').first().textContent()).toMatch(/^\d+ pass · \d+ fail · \d+ n\/a$/);
    await page.getByTestId('report-verify').first().click();
    await expect.poll(() => page.getByTestId('report-verified').first().textContent()).toMatch(/^✓ matches/);
    const href = await page.getByTestId('report-download-csv').first().getAttribute('href');
    const csv = await page.request.get(`${h.stack.url}${href}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/text\/csv/);
    expect(csv.headers()['content-disposition']).toMatch(/attachment/);
    await shot(page, '11-reports');
  });

  it('admin, matrix, what-if and personal-token pages open without errors', async () => {
    for (const [nav, name] of [['nav-admin-users', '12-admin-users'], ['nav-admin-alert-rules', '14-admin-alert-rules'], ['nav-admin-webhooks', '15-admin-webhooks'], ['nav-admin-approved-flows', '16-admin-approved-flows'], ['nav-matrix', '17-matrix'], ['nav-whatif', '18-whatif']] as const) {
      await page.getByTestId(nav).click();
      await page.locator('main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.locator('.state-error').count(), name).toBe(0);
      await shot(page, name);
    }
    await page.getByTestId('nav-admin-clusters').click();
    await page.getByTestId('register-name').fill('e2e-new');
    await page.getByTestId('register-submit').click();
    expect(await page.getByTestId('agent-token').textContent()).toMatch(/\S{20,}/);
    await shot(page, '13-admin-clusters');
    await page.getByTestId('user-menu').click();
    await page.getByRole('link', { name: 'Personal API tokens' }).click();
    await page.getByTestId('token-name').fill('ci');
    await page.getByRole('button', { name: 'Create token' }).click();
    expect(await page.getByTestId('token-value').textContent()).toMatch(/^rwp_/);
    await shot(page, '20-tokens');
  });

  it('dark theme, and no console error or CSP violation on any page', async () => {
    await page.getByTestId('theme-toggle').click(); // system → light
    await page.getByTestId('theme-toggle').click(); // light → dark
    await page.getByTestId('nav-namespaces').click();
    await page.getByTestId('ns-table').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await shot(page, '19-namespaces-dark');
    // The only expected failure: the 401 of "who am I?" before logging in.
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  });
});
