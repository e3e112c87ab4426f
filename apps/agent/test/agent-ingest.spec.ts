/**
 * Delivery to ingest under failure: 5xx, resets, timeouts (with and without the batch having been applied),
 * 429, 413, and the refusals that must stop the agent (401/403, other 4xx). The API side is the real-HTTP
 * fake API server; nothing here replaces the agent's own HTTP code.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IngestEvent } from '@reachwatch/contracts';
import { startAgent, type Agent } from '../src';
import { FakeApiServer } from './support/fake-apiserver';
import { IngestRecorder } from './support/ingest-recorder';
import { FAST, kubeConfigFor, memoryLogger, waitFor } from './support/helpers';

let api: FakeApiServer;
let ingest: IngestRecorder;
let agent: Agent | undefined;
const log = memoryLogger();

beforeEach(async () => {
  api = new FakeApiServer();
  ingest = new IngestRecorder();
  await Promise.all([api.start(), ingest.start()]);
  log.lines.length = 0;
  api.add('Namespace', 'shop');
  for (let i = 0; i < 10; i++) api.add('Pod', `p-${i}`, { namespace: 'shop' });
});

afterEach(async () => {
  await agent?.stop();
  agent = undefined;
  await Promise.all([api.close(), ingest.close()]);
});

const run = (extra: Partial<Parameters<typeof startAgent>[0]> = {}) =>
  (agent = startAgent({ cluster: 'east', kubeConfig: kubeConfigFor(api.url), ingestUrl: ingest.url, token: 'agent-token', logger: log, ...FAST, maxBatchEvents: 4, ...extra }));

const delivered = () =>
  waitFor('everything delivered', () => agent?.status().synced === true && agent.status().ingest.queued === 0 && agent.status().ingest.inFlight === 0);

const key = (e: IngestEvent) => (e.type === 'SYNC_END' ? `SYNC_END ${e.kind}` : `${e.type} ${e.object.kind} ${e.object.metadata.name}@${e.object.metadata.resourceVersion}`);

/**
 * Every request after an unanswered or failed one re-sends exactly the same batch; the accepted batches,
 * in order, carry each event once; per object, resourceVersions arrive in the order the API produced them.
 */
function expectInOrderWithoutLoss(): string[] {
  const r = ingest.received;
  for (let i = 0; i + 1 < r.length; i++) {
    if (r[i].answered !== 200 && r[i].answered !== 413) expect(r[i + 1].batch, `request ${i + 1} re-sends request ${i}`).toEqual(r[i].batch);
  }
  const accepted = r.filter((x) => x.answered === 200).flatMap((x) => x.batch.events.map(key));
  expect(new Set(accepted).size).toBe(accepted.length);
  const rvs = new Map<string, number[]>();
  for (const e of r.filter((x) => x.answered === 200).flatMap((x) => x.batch.events)) {
    if (e.type === 'SYNC_END') continue;
    const k = `${e.object.metadata.namespace}/${e.object.metadata.name}`;
    rvs.set(k, [...(rvs.get(k) ?? []), Number(e.object.metadata.resourceVersion)]); // the fake API's versions are numbers
  }
  for (const [k, list] of rvs) expect(list, k).toEqual([...list].sort((a, b) => a - b));
  return accepted;
}

describe('agent → ingest delivery', () => {
  it('retries 500s and reset connections with the same batch until accepted; nothing lost or reordered', async () => {
    ingest.failNext(500, 'reset', 503, 502);
    run();
    await delivered();
    api.modify('Pod', 'p-3', (o) => (o.metadata.labels = { v: '2' }), 'shop');
    api.remove('Pod', 'p-3', 'shop');
    await waitFor('changes delivered', () => ingest.applied.some((e) => e.type === 'DELETED'));
    expectInOrderWithoutLoss();
    expect(ingest.received.slice(0, 5).map((x) => x.answered)).toEqual([500, 'reset', 503, 502, 200]);
    expect(ingest.names('Pod')).toHaveLength(9);
    expect(agent?.status().ingest.retries).toBe(4);
    expect(log.text()).toMatch(/batch of \d+ events not delivered \(ingest answered 500: scripted answer 500\); retrying the same batch in \d+ ms/);
    expect(log.text()).toMatch(/batch of \d+ events not delivered \(cannot reach ingest at http:\/\/127.0.0.1:\d+\/api\/v1\/ingest\/east: UND_ERR_SOCKET: other side closed\)/);
  });

  it('re-sends a batch whose answer timed out even though the server applied it; idempotency absorbs the copy', async () => {
    ingest.failNext('accept-then-hang');
    run({ requestTimeoutMs: 300 });
    await delivered();
    expect(ingest.received[0].answered).toBe('hang');
    expect(ingest.received[1].batch).toEqual(ingest.received[0].batch);
    // The copy changed nothing: applied holds each event once.
    const applied = ingest.applied.map((e) => key(e));
    expect(new Set(applied).size).toBe(applied.length);
    expect(ingest.names('Pod')).toHaveLength(10);
    expect(log.text()).toContain('no answer within 300 ms');
  });

  it('waits out a 429 and delivers', async () => {
    ingest.failNext(429);
    run();
    await delivered();
    expect(ingest.received.map((x) => x.answered).slice(0, 2)).toEqual([429, 200]);
    expectInOrderWithoutLoss();
  });

  it('under a steady stream, partial batches leave at most once per minSendIntervalMs, coalescing the events', async () => {
    run({ maxBatchEvents: 5000, flushMs: 10, minSendIntervalMs: 150 });
    await delivered();
    const before = ingest.received.length;
    const appliedBefore = ingest.applied.length;
    const changes = 120;
    for (let i = 0; i < changes; i++) {
      api.modify('Pod', `p-${i % 10}`, (o) => (o.metadata.labels = { v: String(i) }), 'shop');
      await new Promise((r) => setTimeout(r, 5));
    }
    await waitFor('every change delivered', () => ingest.applied.length === appliedBefore + changes && agent?.status().ingest.queued === 0);
    const streamed = ingest.received.slice(before);
    // Arrival times carry the HTTP hop's jitter on top of the sender's spacing.
    for (let i = 1; i < streamed.length; i++) expect(streamed[i].at - streamed[i - 1].at, `gap before request ${i}`).toBeGreaterThanOrEqual(120);
    // 120 changes 5+ ms apart at 10 ms flushes would be dozens of requests; spaced, a handful.
    expect(streamed.length).toBeLessThan(changes / 5);
    expectInOrderWithoutLoss();
  });

  it('splits a batch refused with 413 into halves, keeping the order', async () => {
    ingest.failNext(413);
    run({ maxBatchEvents: 8, flushMs: 200 });
    await delivered();
    const [first, second] = ingest.received;
    expect(first.answered).toBe(413);
    expect(second.batch.events).toEqual(first.batch.events.slice(0, first.batch.events.length / 2));
    expectInOrderWithoutLoss();
    expect(ingest.names('Pod')).toHaveLength(10);
  });

  it.each([
    [401, 'ingest refused the agent token (401: scripted answer 401)'],
    [403, 'ingest refused the agent token (403: scripted answer 403)'],
  ])('stops on %i and says the token is wrong for this cluster', async (status, text) => {
    ingest.failNext(status);
    run();
    const exit = await agent?.done;
    expect(exit).toEqual({ ok: false, error: expect.stringContaining(text), unsent: agent?.status().ingest.queued });
    // The refused batch (4 events) is among the undelivered.
    expect(exit?.unsent).toBeGreaterThanOrEqual(4);
    expect(exit?.error).toContain('"east"');
    expect(exit?.error).toContain('REACHWATCH_AGENT_TOKEN');
    expect(agent?.status().state).toBe('failed');
    expect(log.lines.filter((l) => l.level === 'error').map((l) => l.message)).toContain(exit?.error);
    // Stopped for good: later changes are not sent.
    const requests = ingest.received.length;
    api.add('Pod', 'later', { namespace: 'shop' });
    await new Promise((r) => setTimeout(r, 100));
    expect(ingest.received.length).toBe(requests);
    expect(requests).toBe(1);
  });

  it('stops on another 4xx and shows the server message', async () => {
    ingest.failNext(422);
    run();
    const exit = await agent?.done;
    expect(exit?.ok).toBe(false);
    expect(exit?.error).toBe('ingest refused a batch (422): scripted answer 422. Stopping: re-sending it would be refused again.');
  });

  it('stop() delivers what is queued before resolving', async () => {
    run({ flushMs: 600_000, maxBatchEvents: 5000 });
    await waitFor('synced and queued', () => agent?.status().synced === true && agent.status().ingest.queued > 0);
    expect(ingest.received).toHaveLength(0);
    await agent?.stop();
    expect(await agent?.done).toEqual({ ok: true, error: null, unsent: 0 });
    expect(ingest.names('Pod')).toHaveLength(10);
    expect(log.text()).toContain('stopped; every event was delivered');
  });

  it('stop() gives up after stopTimeoutMs when ingest is down, and says how many events were not delivered', async () => {
    ingest.failNext(...Array<number>(1000).fill(503));
    run({ stopTimeoutMs: 200 });
    await waitFor('a few retries', () => (agent?.status().ingest.retries ?? 0) >= 2);
    await agent?.stop();
    const exit = await agent?.done;
    expect(exit?.ok).toBe(true);
    // 1 Namespace + 10 Pods + 7 SYNC_END markers (5 listed kinds, 2 absent CRD kinds).
    expect(exit?.unsent).toBe(18);
    expect(log.text()).toContain('stopped with 18 events undelivered');
  });
});
