/**
 * The real stack for browser tests: `startStack` (embedded/test Postgres, migrations, API serving the
 * built UI, worker, simulated clusters, agents) and Debian's Chromium driven by playwright-core.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { silentLogger } from '@reachwatch/api';
import { createTestDatabase, type TestDatabase } from '@reachwatch/db/testing';
import { startStack, type DemoCluster, type RunningStack } from '@reachwatch/launcher';
import { ensureWebBuild } from '@reachwatch/launcher/src/web-build';

export const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
export const KUBECTL = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((p) => fs.existsSync(p));
/** Screenshots of each view, for people to look at (gitignored). */
export const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');
export const ADMIN = { email: 'e2e-admin@example.com', password: 'e2e-admin-password-1' };

/** TOOLCHAIN.md's flags for Chromium in this image (no sandbox as root, no GPU, nothing phoning home). */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Harness {
  stack: RunningStack;
  browser: Browser;
  db: TestDatabase;
  stateDir: string;
  stop(): Promise<void>;
}

export async function startHarness(fleet: DemoCluster[]): Promise<Harness> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await ensureWebBuild({ log: (l) => process.stderr.write(`${l}\n`) });
  const db = await createTestDatabase();
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reachwatch-web-e2e-'));
  // The stack's first admin (ensureFirstAdmin reads these on an empty database).
  process.env.REACHWATCH_ADMIN_EMAIL = ADMIN.email;
  process.env.REACHWATCH_ADMIN_PASSWORD = ADMIN.password;
  const stack = await startStack({ stateDir, port: 0, databaseUrl: db.url, fleet, scripts: false, log: () => undefined, apiLogger: silentLogger });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  return {
    stack,
    browser,
    db,
    stateDir,
    stop: async () => {
      await browser.close().catch(() => undefined);
      await stack.stop();
      await db.drop();
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

export async function newPage(h: Harness, opts: { colorScheme?: 'light' | 'dark' } = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await h.browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: opts.colorScheme ?? 'light' });
  const page = await context.newPage();
  const errors: string[] = [];
  // Every console error and CSP violation the page reports fails the test that reads `errors`.
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

export async function login(page: Page, baseUrl: string, next = '/fleet'): Promise<void> {
  await page.goto(`${baseUrl}${next}`);
  await page.getByTestId('login-email').fill(ADMIN.email);
  await page.getByTestId('login-password').fill(ADMIN.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor();
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** A policy applied the way a person would: the real kubectl against the simulator (in-process: async). */
export async function kubectlApply(h: Harness, context: string, yaml: string, name: string): Promise<string> {
  const file = path.join(h.stateDir, `${name}.yaml`);
  fs.writeFileSync(file, yaml);
  const out = await promisify(execFile)(KUBECTL!, ['--kubeconfig', h.stack.kubeconfig, '--context', context, 'apply', '-f', file]);
  return out.stdout;
}

export async function waitFor<T>(what: string, f: () => Promise<T | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await f();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * A browser context already logged in (the session cookie set directly, as the login page would leave
 * it), with an empty cache: what a user who opens a shared link sees first.
 */
export async function loggedInPage(h: Harness): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const r = await fetch(`${h.stack.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const { token } = (await r.json()) as { token: string };
  const p = await newPage(h);
  await p.context.addCookies([{ name: 'rw_session', value: token, url: h.stack.url, httpOnly: true, sameSite: 'Lax' }]);
  return p;
}

/** A REST session for checks the page does not show (readiness of the worker's baseline). */
export async function apiSession(baseUrl: string): Promise<(path: string) => Promise<unknown>> {
  const r = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const { token } = (await r.json()) as { token: string };
  return async (p: string) => {
    const res = await fetch(`${baseUrl}${p}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`${p}: ${res.status}`);
    return res.json();
  };
}
