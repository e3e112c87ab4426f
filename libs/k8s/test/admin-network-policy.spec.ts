import { describe, expect, it } from 'vitest';
import { Codes } from '../src';
import { clean, errors, load, only, warnings } from './helpers';

const anp = (spec: string, name = 'a', priority: number | null = 10) =>
  `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n${priority === null ? '' : `  priority: ${priority}\n`}${spec}`;
const banp = (spec: string, name = 'default') =>
  `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
const SUBJECT = `  subject:\n    namespaces: {}\n`;

describe('AdminNetworkPolicy', () => {
  it('reads subject, rules, all peer shapes and all port shapes', () => {
    const r = clean(
      load(
        anp(`  subject:
    pods:
      namespaceSelector: {matchLabels: {house: gryffindor}}
      podSelector: {matchLabels: {app: web}}
  ingress:
  - name: allow-ravenclaw
    action: Allow
    from:
    - namespaces: {matchLabels: {house: ravenclaw}}
    - pods:
        namespaceSelector: {}
    ports:
    - portNumber: {protocol: UDP, port: 53}
    - namedPort: http
    - portRange: {start: 8000, end: 9000}
  egress:
  - name: deny-internet
    action: Deny
    to:
    - networks: [0.0.0.0/0, "::/0"]
    - nodes: {matchExpressions: [{key: node-role.kubernetes.io/control-plane, operator: Exists}]}
  - action: Pass
    to:
    - pods:
        namespaceSelector: {matchLabels: {house: slytherin}}
        podSelector: {matchLabels: {app: db}}`),
      ),
    );
    expect(r.state.adminNetworkPolicies).toEqual([
      {
        name: 'a',
        priority: 10,
        subject: { pods: { namespaceSelector: { matchLabels: { house: 'gryffindor' } }, podSelector: { matchLabels: { app: 'web' } } } },
        ingress: [
          {
            name: 'allow-ravenclaw',
            action: 'Allow',
            peers: [{ namespaces: { matchLabels: { house: 'ravenclaw' } } }, { pods: { namespaceSelector: {}, podSelector: {} } }],
            ports: [
              { portNumber: { protocol: 'UDP', port: 53 } },
              { namedPort: 'http' },
              { portRange: { protocol: 'TCP', start: 8000, end: 9000 } },
            ],
          },
        ],
        egress: [
          {
            name: 'deny-internet',
            action: 'Deny',
            peers: [
              { networks: ['0.0.0.0/0', '::/0'] },
              { nodes: { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }] } },
            ],
          },
          {
            name: 'egress[1]',
            action: 'Pass',
            peers: [{ pods: { namespaceSelector: { matchLabels: { house: 'slytherin' } }, podSelector: { matchLabels: { app: 'db' } } } }],
          },
        ],
      },
    ]);
  });

  it('priority is required and must be 0..1000', () => {
    expect(only(load(anp(SUBJECT, 'a', null)), 'error', Codes.MISSING_FIELD).message).toContain('AdminNetworkPolicy a: priority is required');
    expect(only(load(anp(SUBJECT, 'a', 1001)), 'error', Codes.INVALID_VALUE).message).toContain('priority 1001 is out of range (0-1000)');
    expect(only(load(anp(SUBJECT, 'a', -1)), 'error', Codes.INVALID_VALUE).message).toContain('out of range');
    expect(clean(load(anp(SUBJECT, 'a', 0))).state.adminNetworkPolicies[0].priority).toBe(0);
  });

  it('two ANPs with the same priority: a warning, and name order', () => {
    const r = load([anp(SUBJECT, 'zz', 5), anp(SUBJECT, 'aa', 5), anp(SUBJECT, 'mm', 1)].join('---\n'));
    expect(errors(r)).toEqual([]);
    expect(only(r, 'warning', Codes.ANP_PRIORITY_CONFLICT).message).toContain('"aa", "zz" share priority 5');
    expect(r.state.adminNetworkPolicies.map((a) => a.name)).toEqual(['mm', 'aa', 'zz']);
  });

  it('the subject needs exactly one of namespaces or pods', () => {
    expect(only(load(anp(`  subject: {}\n`)), 'error', Codes.INVALID_VALUE).message).toContain('subject must have exactly one of');
    expect(only(load(anp(`  subject:\n    namespaces: {}\n    pods: {namespaceSelector: {}}\n`)), 'error', Codes.INVALID_VALUE));
    expect(only(load(anp(`  ingress: []\n`)), 'error', Codes.MISSING_FIELD).message).toContain('subject is required');
  });

  it('a missing podSelector selects all pods; a missing namespaceSelector is read as {} with a warning', () => {
    const r = load(anp(`  subject:\n    pods:\n      podSelector: {matchLabels: {app: a}}\n`));
    expect(only(r, 'warning', Codes.REQUIRED_FIELD_DEFAULTED).message).toContain('subject.pods.namespaceSelector is missing');
    expect(r.state.adminNetworkPolicies[0].subject).toEqual({ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'a' } } } });
  });

  it('rules: action must be valid, peers non-empty', () => {
    const rule = (r: string) => load(anp(`${SUBJECT}  egress:\n  - ${r}\n`));
    expect(only(rule(`{name: x, action: Drop, to: [{namespaces: {}}]}`), 'error', Codes.INVALID_VALUE).message).toContain(
      'egress[0].action "Drop" is not valid (expected Allow, Deny, Pass)',
    );
    expect(only(rule(`{name: x, to: [{namespaces: {}}]}`), 'error', Codes.MISSING_FIELD).message).toContain('egress[0].action is required');
    expect(only(rule(`{name: x, action: Deny, to: []}`), 'error', Codes.MISSING_FIELD).message).toContain('egress[0].to needs at least one peer');
  });

  it('a peer needs exactly one field; nodes and networks only in egress', () => {
    const ing = (p: string) => load(anp(`${SUBJECT}  ingress:\n  - {name: x, action: Allow, from: [${p}]}\n`));
    expect(only(ing(`{networks: [10.0.0.0/8]}`), 'error', Codes.INVALID_PEER).message).toContain(
      'ingress[0].from[0] "networks" peers are only allowed in egress rules, not in ingress',
    );
    expect(only(ing(`{nodes: {}}`), 'error', Codes.INVALID_PEER));
    expect(only(ing(`{}`), 'error', Codes.INVALID_PEER).message).toContain('must have exactly one of "namespaces", "pods"');
    expect(only(ing(`{namespaces: {}, pods: {namespaceSelector: {}}}`), 'error', Codes.INVALID_PEER));
  });

  it('networks are validated; IPv6 is fine; host bits are masked with a warning (v1alpha1 uses net.ParseCIDR)', () => {
    const eg = (n: string) => load(anp(`${SUBJECT}  egress:\n  - {name: x, action: Deny, to: [{networks: ${n}}]}\n`, 'net'));
    expect(only(eg(`[10.0.0.0/40]`), 'error', Codes.INVALID_CIDR).message).toBe(
      'test.yaml#1 AdminNetworkPolicy net: egress[0].to[0].networks[0] "10.0.0.0/40": prefix /40 is longer than 32 bits',
    );
    const r = eg(`["ff06::/3", "2001:db8::/32"]`);
    expect(only(r, 'warning', Codes.CIDR_HOST_BITS).message).toContain('"ff06::/3" has host bits set; read as e000::/3');
    expect(r.state.adminNetworkPolicies[0].egress[0].peers).toEqual([{ networks: ['e000::/3', '2001:db8::/32'] }]);
    expect(only(eg(`[]`), 'error', Codes.MISSING_FIELD));
  });

  it('ports: exactly one shape, valid numbers, ranges not reversed, valid names', () => {
    const port = (p: string) => load(anp(`${SUBJECT}  egress:\n  - {name: x, action: Deny, to: [{namespaces: {}}], ports: [${p}]}\n`));
    expect(only(port(`{portNumber: {port: 80}, namedPort: http}`), 'error', Codes.INVALID_PORT).message).toContain(
      'ports[0] must have exactly one of "portNumber", "namedPort" or "portRange"',
    );
    expect(only(port(`{portNumber: {protocol: TCP}}`), 'error', Codes.MISSING_FIELD).message).toContain('ports[0].portNumber.port is required');
    expect(only(port(`{portRange: {start: 90, end: 80}}`), 'error', Codes.INVALID_PORT).message).toContain('start 90 is greater than end 80');
    expect(only(port(`{namedPort: "HTTP PORT"}`), 'error', Codes.INVALID_PORT));
    expect(only(port(`{portNumber: {protocol: ICMP, port: 1}}`), 'error', Codes.INVALID_VALUE));
    expect(clean(port(`{portNumber: {port: 80}}`)).state.adminNetworkPolicies[0].egress[0].ports).toEqual([
      { portNumber: { protocol: 'TCP', port: 80 } },
    ]);
  });

  it('translates the OLD v1alpha1 peer shape, with a warning', () => {
    const r = load(
      anp(`${SUBJECT}  ingress:
  - name: old
    action: Allow
    from:
    - namespaces:
        namespaceSelector: {matchLabels: {development: "true"}}
    - pods:
        namespaces:
          namespaceSelector: {}
        podSelector: {matchLabels: {app: x}}`),
    );
    expect(errors(r)).toEqual([]);
    expect(warnings(r, Codes.ANP_OLD_PEER_SHAPE)).toHaveLength(2);
    expect(r.state.adminNetworkPolicies[0].ingress[0].peers).toEqual([
      { namespaces: { matchLabels: { development: 'true' } } },
      { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'x' } } } },
    ]);
  });

  it('drops old sameLabels/notSameLabels peers with a warning', () => {
    const r = load(
      anp(`${SUBJECT}  ingress:
  - name: same
    action: Allow
    from:
    - namespaces: {sameLabels: [tenant]}
    - namespaces: {matchLabels: {a: b}}
  - name: not-same
    action: Deny
    from:
    - namespaces: {notSameLabels: [tenant]}`),
    );
    expect(errors(r)).toEqual([]);
    expect(warnings(r, Codes.UNSUPPORTED_PEER).map((d) => d.message)).toEqual([
      'test.yaml#1 AdminNetworkPolicy a: ingress[0].from[0].namespaces.sameLabels is not supported (same/notSame namespace labels cannot be expressed); this peer is ignored',
      'test.yaml#1 AdminNetworkPolicy a: ingress[1].from[0].namespaces.notSameLabels is not supported (same/notSame namespace labels cannot be expressed); this peer is ignored',
    ]);
    expect(r.state.adminNetworkPolicies[0].ingress.map((x) => x.peers)).toEqual([[{ namespaces: { matchLabels: { a: 'b' } } }], []]);
  });
});

describe('BaselineAdminNetworkPolicy', () => {
  it('is read; actions are Allow or Deny only', () => {
    const r = clean(load(banp(`${SUBJECT}  ingress:\n  - {name: deny, action: Deny, from: [{namespaces: {}}]}\n`)));
    expect(r.state.baselineAdminNetworkPolicy).toEqual({
      name: 'default',
      subject: { namespaces: {} },
      ingress: [{ name: 'deny', action: 'Deny', peers: [{ namespaces: {} }] }],
      egress: [],
    });
    expect(
      only(load(banp(`${SUBJECT}  ingress:\n  - {name: p, action: Pass, from: [{namespaces: {}}]}\n`)), 'error', Codes.INVALID_VALUE).message,
    ).toContain('ingress[0].action "Pass" is not valid (expected Allow, Deny)');
  });

  it('a name other than "default" is a warning; the policy is still used', () => {
    const r = load(banp(SUBJECT, 'baseline'));
    expect(only(r, 'warning', Codes.BANP_NOT_DEFAULT).message).toContain('the only allowed name is "default"');
    expect(r.state.baselineAdminNetworkPolicy?.name).toBe('baseline');
  });

  it('only one BANP: the one named default is kept, with a warning', () => {
    const r = load([banp(SUBJECT, 'default'), banp(SUBJECT, 'other')].join('---\n'));
    expect(warnings(r, Codes.BANP_NOT_DEFAULT)).toHaveLength(1);
    expect(warnings(r, Codes.BANP_MULTIPLE)[0].message).toContain('using "default", ignoring "other"');
    expect(r.state.baselineAdminNetworkPolicy?.name).toBe('default');
  });

  it('two BANPs named default: a duplicate, the later wins', () => {
    const r = load([banp(SUBJECT), banp(`  subject:\n    namespaces: {matchLabels: {a: b}}\n`)].join('---\n'));
    expect(only(r, 'warning', Codes.DUPLICATE_OBJECT).message).toContain('replaces the one at test.yaml#1');
    expect(r.state.baselineAdminNetworkPolicy?.subject).toEqual({ namespaces: { matchLabels: { a: 'b' } } });
  });
});
