import type { WorkerUpdateNotice } from '@reachwatch/db';
import { describe, expect, it } from 'vitest';
import { ClusterFeed, type FeedRange } from '../src/live/cluster-feed';
import { handshakeCredential, originAllowed, parseCookies } from '../src/live/handshake';
import { parseNotice } from '../src/live/live-hub';

const notice = (fromSeq: number, seq: number, more: Partial<WorkerUpdateNotice> = {}): WorkerUpdateNotice => ({
  clusterId: '7', fromSeq, seq, edgesChanged: 1, postureChanged: 1, added: 1, removed: 0, audits: 0, alertsOpened: 0, alertsResolved: 0, ...more,
});

describe('parseNotice', () => {
  it('accepts the worker payload and refuses anything malformed', () => {
    expect(parseNotice(JSON.stringify(notice(3, 5)))).toEqual(notice(3, 5));
    for (const bad of ['', 'null', '[]', '{', JSON.stringify({ ...notice(3, 5), clusterId: 7 }), JSON.stringify({ ...notice(3, 5), seq: 2 }),
      JSON.stringify({ ...notice(3, 5), added: -1 }), JSON.stringify({ ...notice(3, 5), audits: 1.5 }), JSON.stringify({ ...notice(3, 5), clusterId: '7; DROP' })]) {
      expect(parseNotice(bad), bad).toBeUndefined();
    }
  });
});

describe('handshake credentials', () => {
  const headers = (h: Record<string, string>) => h;
  it('auth.token first, then the Authorization header, then the session cookie (the __Host- one preferred)', () => {
    expect(handshakeCredential({ auth: { token: 'rws_a' }, headers: headers({ authorization: 'Bearer rws_b', cookie: 'rw_session=rws_c' }) })).toEqual({ kind: 'bearer', token: 'rws_a' });
    expect(handshakeCredential({ auth: {}, headers: headers({ authorization: 'Bearer rws_b', cookie: 'rw_session=rws_c' }) })).toEqual({ kind: 'bearer', token: 'rws_b' });
    expect(handshakeCredential({ auth: {}, headers: headers({ cookie: 'a=1; rw_session=rws_c; __Host-rw_session=rws_d' }) })).toEqual({ kind: 'cookie', token: 'rws_d' });
    expect(handshakeCredential({ auth: {}, headers: {} })).toEqual({ kind: 'none' });
  });
  it('a non-string or malformed token is malformed, never passed on', () => {
    expect(handshakeCredential({ auth: { token: 5 }, headers: {} })).toEqual({ kind: 'malformed' });
    expect(handshakeCredential({ auth: { token: 'a b' }, headers: {} })).toEqual({ kind: 'malformed' });
    expect(handshakeCredential({ auth: {}, headers: headers({ authorization: 'Basic xyz' }) })).toEqual({ kind: 'malformed' });
  });
  it('parses cookies like cookie-parser: first wins, quotes and escapes undone, bad escapes kept', () => {
    expect([...parseCookies('a=1; b="two"; a=3; c=%41; d=%E0%A4%A; =x; e')]).toEqual([['a', '1'], ['b', 'two'], ['c', 'A'], ['d', '%E0%A4%A']]);
  });
});

describe('originAllowed', () => {
  it('no Origin (not a browser) passes; the own host and listed origins pass; others and "null" do not', () => {
    expect(originAllowed({ host: 'rw.example:8080' }, [])).toBe(true);
    expect(originAllowed({ host: 'rw.example:8080', origin: 'https://rw.example:8080' }, [])).toBe(true);
    expect(originAllowed({ host: 'rw.example:8080', origin: 'https://evil.example' }, [])).toBe(false);
    expect(originAllowed({ host: 'rw.example:8080', origin: 'null' }, [])).toBe(false);
    expect(originAllowed({ host: 'rw.example:8080', origin: 'not a url' }, [])).toBe(false);
    expect(originAllowed({ host: 'rw.example:8080', origin: 'http://localhost:5173' }, ['http://localhost:5173'])).toBe(true);
  });
});

describe('ClusterFeed', () => {
  const status = { clusterId: 7, name: 'c', lastSeenAt: null, syncState: 'synced' as const, headSeq: 0, workerSeq: 0 };
  const feedWith = (send: (r: FeedRange) => Promise<void>) => new ClusterFeed(7, 'c', 10, new Set(), status, { coalesceMs: 5, retryMs: 5 }, (_f, r) => send(r));
  const settle = () => new Promise((r) => setTimeout(r, 60));

  it('coalesces a burst into one range with summed hints, ignores what is already covered', async () => {
    const ranges: FeedRange[] = [];
    const feed = feedWith(async (r) => void ranges.push(r));
    feed.offer(notice(10, 11));
    feed.offer(notice(11, 13, { audits: 2 }));
    feed.offer(notice(9, 10));
    await settle();
    expect(ranges).toEqual([{ fromSeq: 10, toSeq: 13, hints: { edgesChanged: 2, postureChanged: 2, added: 2, removed: 0, audits: 2, alertsOpened: 0, alertsResolved: 0 } }]);
    expect(feed.seq).toBe(13);
    feed.close();
  });

  it('a gap (a missed notice) or a position learnt by polling makes the hints unknown', async () => {
    const ranges: FeedRange[] = [];
    const feed = feedWith(async (r) => void ranges.push(r));
    feed.offer(notice(12, 14));
    await settle();
    feed.advanceTo(20);
    await settle();
    expect(ranges).toEqual([{ fromSeq: 10, toSeq: 14, hints: null }, { fromSeq: 14, toSeq: 20, hints: null }]);
    feed.close();
  });

  it('one range at a time; a failed range is read again whole, with what arrived meanwhile', async () => {
    const ranges: FeedRange[] = [];
    let fail = true;
    let release!: () => void;
    const feed = feedWith(async (r) => {
      ranges.push(r);
      if (fail) {
        fail = false;
        await new Promise<void>((res) => (release = res));
        throw new Error('database away');
      }
    });
    feed.offer(notice(10, 11));
    await settle();
    feed.offer(notice(11, 12));
    await settle();
    expect(ranges).toHaveLength(1); // the second waits for the first
    release();
    await settle();
    expect(ranges.map((r) => [r.fromSeq, r.toSeq, r.hints])).toEqual([[10, 11, expect.any(Object)], [10, 12, null]]);
    expect(feed.seq).toBe(12);
    feed.close();
  });
});
