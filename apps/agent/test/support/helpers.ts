import { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from '../../src';

/** A KubeConfig for a plain-HTTP test API server (client-node needs skipTLSVerify to allow http:). */
export function kubeConfigFor(url: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'test', server: url, skipTLSVerify: true }],
    users: [{ name: 'test', token: 'kube-token' }],
    contexts: [{ name: 'test', cluster: 'test', user: 'test' }],
    currentContext: 'test',
  });
  return kc;
}

/** Polls until `cond` holds; fails with `what` after `timeoutMs` (a generous bound, not a speed check). */
export async function waitFor(what: string, cond: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
}

export function memoryLogger(): Logger & { lines: LogLine[]; text(): string } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (message) => lines.push({ level: 'info', message }),
    warn: (message) => lines.push({ level: 'warn', message }),
    error: (message) => lines.push({ level: 'error', message }),
    text: () => lines.map((l) => `${l.level} ${l.message}`).join('\n'),
  };
}

/** Fast timings for tests: retries in milliseconds rather than seconds. */
export const FAST = {
  flushMs: 10,
  minSendIntervalMs: 10,
  retry: { baseMs: 5, maxMs: 50 },
  watchRetry: { baseMs: 5, maxMs: 50 },
  requestTimeoutMs: 2_000,
  stopTimeoutMs: 5_000,
};
