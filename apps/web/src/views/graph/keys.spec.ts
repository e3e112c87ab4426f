import { endpointKey, type Endpoint } from '@reachwatch/policy-engine';
import { describe, expect, it } from 'vitest';
import { endpointLabel, explainEndpoint, externalKind, namespaceOfKey, parseEndpointKey } from './keys';

describe('endpoint keys', () => {
  it('parses what the engine prints (round trip through endpointKey)', () => {
    const cases: Endpoint[] = [
      { type: 'workload', namespace: 'default', name: 'lol-default', kind: 'Deployment' },
      { type: 'workload', namespace: 'a', name: 'b.c', kind: 'Pod' },
      { type: 'external', cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '192.168.0.0/16'] },
      { type: 'external', cidr: '10.20.0.0/16', except: [] },
      { type: 'external', cidr: '2001:db8::/32', except: [] },
    ];
    for (const e of cases) expect(parseEndpointKey(endpointKey(e))).toEqual(e);
    expect(parseEndpointKey('not a key')).toBeNull();
    expect(namespaceOfKey('yahoo/lol-yahoo[Deployment]')).toBe('yahoo');
    expect(namespaceOfKey('10.0.0.0/8[External]')).toBeNull();
  });

  it('tells the internet from private ranges with the engine rule', () => {
    expect(externalKind({ type: 'external', cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] })).toBe('internet');
    expect(externalKind({ type: 'external', cidr: '8.8.8.8/32', except: [] })).toBe('internet');
    expect(externalKind({ type: 'external', cidr: '10.20.0.0/16', except: [] })).toBe('cidr');
    expect(externalKind({ type: 'external', cidr: 'garbage', except: [] })).toBe('cidr');
  });

  it('labels', () => {
    expect(endpointLabel({ type: 'workload', namespace: 'a', name: 'web', kind: 'Deployment' })).toBe('web');
    expect(endpointLabel({ type: 'external', cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] })).toBe('0.0.0.0/0 ∖ 10.0.0.0/8');
    expect(endpointLabel({ type: 'external', cidr: '10.0.0.0/8', except: ['10.20.0.0/16', '10.1.0.0/16'] })).toBe('10.0.0.0/8 ∖ 10.20.0.0/16 +1');
  });

  it('picks an address of the range that no except removes, for explain', () => {
    expect(explainEndpoint('front/web[Deployment]')).toBe('front/web[Deployment]');
    expect(explainEndpoint('0.0.0.0/0 except 10.0.0.0/8[External]')).toBe('0.0.0.0');
    expect(explainEndpoint('10.0.0.0/8 except 10.0.0.0/24,10.0.1.0/24[External]')).toBe('10.0.2.0');
    expect(explainEndpoint('10.0.0.0/24 except 10.0.0.0/24[External]')).toBeNull();
    expect(explainEndpoint('2001:db8::/32 except 2001:db8::/64[External]')).toBe('2001:db8:0:1::');
    expect(explainEndpoint('???')).toBeNull();
  });
});
