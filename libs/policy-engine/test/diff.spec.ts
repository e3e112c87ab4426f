import { describe, expect, it } from 'vitest';
import { Connection, Endpoint } from '../src/analysis';
import { diffAnalyses, includesPublicAddresses, newExposures } from '../src/diff';
import { PortSet } from '../src/ports';

const w = (namespace: string, name: string): Endpoint => ({ type: 'workload', namespace, name, kind: 'Deployment' });
const x = (cidr: string, except: string[] = []): Endpoint => ({ type: 'external', cidr, except });
const c = (src: Endpoint, dst: Endpoint, ports: PortSet): Connection => ({ src, dst, ports });

describe('diffAnalyses', () => {
  it('reports added and removed ports per pair', () => {
    const d = diffAnalyses([c(w('a', 'x'), w('b', 'y'), PortSet.of('TCP', 80))], [c(w('a', 'x'), w('b', 'y'), PortSet.of('TCP', 443))]);
    expect(d.added.map((k) => k.ports.toString())).toEqual(['TCP 443']);
    expect(d.removed.map((k) => k.ports.toString())).toEqual(['TCP 80']);
  });
  it('compares external endpoints cut differently, per address interval', () => {
    const before = [c(x('0.0.0.0/0'), w('a', 'x'), PortSet.ALL)];
    const after = [c(x('0.0.0.0/0', ['10.0.0.0/8']), w('a', 'x'), PortSet.ALL), c(x('10.0.0.0/8'), w('a', 'x'), PortSet.ALL)];
    expect(diffAnalyses(before, after)).toEqual({ added: [], removed: [] });
    const narrowed = [c(x('0.0.0.0/0', ['10.0.0.0/8']), w('a', 'x'), PortSet.ALL)];
    const d = diffAnalyses(before, narrowed);
    expect(d.added).toEqual([]);
    expect(d.removed).toHaveLength(1);
    expect(d.removed[0].src).toEqual(x('10.0.0.0/8'));
  });
});

describe('exposure', () => {
  it('knows public from private address space', () => {
    expect(includesPublicAddresses({ type: 'external', cidr: '10.0.0.0/8', except: [] })).toBe(false);
    expect(includesPublicAddresses({ type: 'external', cidr: '0.0.0.0/0', except: [] })).toBe(true);
    expect(includesPublicAddresses({ type: 'external', cidr: '192.168.1.0/24', except: [] })).toBe(false);
    expect(includesPublicAddresses({ type: 'external', cidr: '203.0.113.0/24', except: [] })).toBe(true);
    expect(includesPublicAddresses({ type: 'external', cidr: 'fd00::/8', except: [] })).toBe(false);
  });
  it('classifies new exposures', () => {
    const ex = newExposures({
      added: [
        c(x('0.0.0.0/0'), w('a', 'x'), PortSet.of('TCP', 80)),
        c(x('10.0.0.0/8'), w('a', 'x'), PortSet.of('TCP', 80)),
        c(w('b', 'y'), w('a', 'x'), PortSet.of('TCP', 80)),
        c(w('a', 'z'), w('a', 'x'), PortSet.of('TCP', 80)),
        c(w('a', 'x'), x('0.0.0.0/0'), PortSet.of('TCP', 80)),
      ],
      removed: [],
    });
    expect(ex.map((e) => e.reason)).toEqual(['internet', 'other-namespace']);
  });
});
