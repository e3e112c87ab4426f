import { describe, expect, it } from 'vitest';
import { NetworkPolicy, permissiveRules } from '../src';

const np = (over: Partial<NetworkPolicy>): NetworkPolicy => ({
  namespace: 'pay', name: 'p', podSelector: {}, policyTypes: ['Ingress'], ingress: [], egress: [], ...over,
});

describe('permissiveRules', () => {
  it('finds a rule without peers, a /0 ipBlock and an all-namespaces selector', () => {
    const p = np({
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        { peers: [{ podSelector: { matchLabels: { app: 'web' } } }] },
        { ports: [{ protocol: 'TCP', port: 443 }] },
        { peers: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }] },
        { peers: [{ namespaceSelector: {} }] },
      ],
      egress: [{ peers: [{ ipBlock: { cidr: '::/0', except: [] } }] }],
    });
    expect(permissiveRules(p, 'Ingress').map((r) => [r.rule, r.reason])).toEqual([[1, 'all-peers'], [2, 'any-address'], [3, 'all-pods']]);
    expect(permissiveRules(p, 'Ingress')[1].detail).toContain('except 10.0.0.0/8');
    expect(permissiveRules(p, 'Egress').map((r) => r.reason)).toEqual(['any-address']);
  });

  it('does not flag near misses', () => {
    const p = np({
      ingress: [
        { peers: [{ ipBlock: { cidr: '0.0.0.0/1', except: [] } }] },
        { peers: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'web' } } }] },
        { peers: [{ namespaceSelector: { matchLabels: { team: 'a' } } }] },
        { peers: [{ podSelector: {} }] },
      ],
    });
    expect(permissiveRules(p, 'Ingress')).toEqual([]);
    // A direction the policy does not govern has no permissive rules, whatever its rule list says.
    expect(permissiveRules(np({ policyTypes: ['Egress'], ingress: [{}] }), 'Ingress')).toEqual([]);
  });
});
