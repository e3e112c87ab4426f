import { IngestBatch } from '@reachwatch/contracts';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { ZodBodyPipe } from './zod-body.pipe';

describe('ZodBodyPipe', () => {
  const pipe = new ZodBodyPipe(IngestBatch, 'ingest batch');

  it('passes the parsed value on', () => {
    expect(pipe.transform({ agentId: 'a', events: [] })).toEqual({ agentId: 'a', events: [] });
  });

  it('returns at most 50 issues and says how many it left out', () => {
    const events = Array.from({ length: 70 }, () => ({ type: 'SYNC_END', kind: 'Pod' }));
    let error: ApiError | undefined;
    try {
      pipe.transform({ agentId: 'a', events });
    } catch (err) {
      error = err as ApiError;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect(error!.status).toBe(400);
    expect(error!.message).toBe('The ingest batch is invalid (70 problems; see details).');
    const details = error!.details as { issues: { path: string }[]; omitted: number };
    expect(details.issues).toHaveLength(50);
    expect(details.issues[0].path).toBe('events/0/syncEpoch');
    expect(details.omitted).toBe(20);
  });
});
