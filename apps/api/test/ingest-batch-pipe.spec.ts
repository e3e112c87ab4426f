import { IngestBatch } from '@reachwatch/contracts';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/common/api-error';
import { ZodBodyPipe } from '../src/common/zod-body.pipe';
import { IngestBatchPipe } from '../src/ingest/ingest-batch.pipe';

/** The ingest route's pipe must answer exactly as ZodBodyPipe(IngestBatch) did, only faster for valid batches. */
const pipe = new IngestBatchPipe();
const zodPipe = new ZodBodyPipe(IngestBatch, 'ingest batch');

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', uid: 'u1', resourceVersion: '3', labels: { app: 'web' } }, spec: { containers: [] } };
const valid = { agentId: 'agent-1', events: [{ type: 'ADDED', object: pod, manager: null, observedAt: '2026-11-23T10:00:00.123Z', syncEpoch: 'e1' }, { type: 'SYNC_END', kind: 'Pod', syncEpoch: 'e1' }] };

function refusal(p: { transform(v: unknown): unknown }, body: unknown): ApiError {
  try {
    p.transform(body);
  } catch (err) {
    return err as ApiError;
  }
  throw new Error('accepted');
}

describe('IngestBatchPipe', () => {
  it('passes a valid batch on as it came, equal to what zod would return', () => {
    const body = JSON.parse(JSON.stringify(valid));
    expect(pipe.transform(body)).toBe(body);
    expect(body).toEqual(zodPipe.transform(JSON.parse(JSON.stringify(valid))));
  });

  it('returns what zod returns when zod strips something', () => {
    const body = { ...valid, extra: 1, events: [{ ...valid.events[0], unknownKey: true }] };
    expect(pipe.transform(body)).toEqual(zodPipe.transform(body));
    expect(pipe.transform(body)).not.toHaveProperty('extra');
  });

  it("refuses with ZodBodyPipe's answer, word for word", () => {
    const broken = [
      undefined,
      'text',
      { agentId: '', events: [] },
      { ...valid, events: [{ ...valid.events[0], observedAt: '2026-02-30T10:00:00Z' }] },
      { ...valid, events: [{ ...valid.events[0], object: { ...pod, metadata: { ...pod.metadata, uid: 'x'.repeat(129) } } }, { type: 'SYNC_END', kind: 'Pod' }] },
      { agentId: 'a', events: Array.from({ length: 70 }, () => ({ type: 'SYNC_END', kind: 'Pod' })) },
    ];
    for (const body of broken) {
      const ours = refusal(pipe, body);
      const theirs = refusal(zodPipe, body);
      expect(ours).toBeInstanceOf(ApiError);
      expect({ status: ours.status, code: ours.code, message: ours.message, details: ours.details }).toEqual({
        status: theirs.status, code: theirs.code, message: theirs.message, details: theirs.details,
      });
    }
  });
});
