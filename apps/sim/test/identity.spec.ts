import { describe, expect, it } from 'vitest';
import { startSimCluster, type KObj } from '../src';

const uids = (objs: KObj[]) => objs.map((o) => (o.metadata as { uid: string }).uid);
const names = (objs: KObj[]) => objs.map((o) => (o.metadata as { name: string }).name);

describe('object identity across starts', () => {
  it('keeps names but hands out fresh uids on every start, as a real cluster would', async () => {
    const a = await startSimCluster({ name: 'ident', scenarios: ['lol'] });
    const b = await startSimCluster({ name: 'ident', scenarios: ['lol'] });
    try {
      expect(names(b.objects('Pod'))).toEqual(names(a.objects('Pod')));
      const seen = new Set(uids(a.objects('Pod')));
      expect(uids(b.objects('Pod')).filter((u) => seen.has(u))).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('repeats uids only when asked to (stableUids)', async () => {
    const a = await startSimCluster({ name: 'ident', scenarios: ['lol'], stableUids: true });
    const b = await startSimCluster({ name: 'ident', scenarios: ['lol'], stableUids: true });
    try {
      expect(uids(b.objects('Pod'))).toEqual(uids(a.objects('Pod')));
    } finally {
      await a.close();
      await b.close();
    }
  });
});
