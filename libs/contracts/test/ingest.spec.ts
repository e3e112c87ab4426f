import { describe, expect, it } from 'vitest';
import { IngestBatch, MAX_EVENTS_PER_BATCH } from '../src';

const pod = (rv: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'front', uid: 'u-1', resourceVersion: rv, labels: { app: 'web' } },
  spec: { containers: [] },
});

describe('IngestBatch', () => {
  it('accepts object events and sync markers', () => {
    const r = IngestBatch.safeParse({
      agentId: 'agent-1',
      events: [
        { type: 'ADDED', object: pod('1'), manager: 'kubectl', syncEpoch: 'e1', observedAt: '2026-11-23T10:00:00Z' },
        { type: 'SYNC_END', kind: 'Pod', syncEpoch: 'e1' },
      ],
    });
    expect(r.success).toBe(true);
  });

  it('rejects unknown kinds, missing uids and unknown event types with a path', () => {
    const bad = [
      { type: 'ADDED', object: { ...pod('1'), kind: 'Secret' } },
      { type: 'ADDED', object: { ...pod('1'), metadata: { name: 'x', resourceVersion: '1' } } },
      { type: 'BOOKMARK', object: pod('1') },
    ];
    for (const e of bad) {
      const r = IngestBatch.safeParse({ agentId: 'a', events: [e] });
      expect(r.success).toBe(false);
      expect(r.error!.issues[0].path[0]).toBe('events');
    }
  });

  it('caps the number of events', () => {
    const events = Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, () => ({ type: 'ADDED', object: pod('1') }));
    expect(IngestBatch.safeParse({ agentId: 'a', events }).success).toBe(false);
  });
});
