import { describe, expect, it } from 'vitest';
import { Codes } from '../src';
import { clean, errors, load, np, only, warnings } from './helpers';

describe('NetworkPolicy: podSelector', () => {
  it('a missing podSelector is an error and the policy is skipped', () => {
    const r = load(np(`  policyTypes: [Ingress]`, 'allow-web'));
    const d = only(r, 'error', Codes.MISSING_FIELD);
    expect(d.message).toBe(
      'test.yaml#1 NetworkPolicy default/allow-web: podSelector is required (use "podSelector: {}" to select every pod of the namespace)',
    );
    expect(d).toMatchObject({ file: 'test.yaml', documentIndex: 0, kind: 'NetworkPolicy', name: 'default/allow-web' });
    expect(r.state.networkPolicies).toEqual([]);
  });

  it('podSelector written with no value (YAML null) is the empty selector, as Kubernetes decodes it', () => {
    const r = clean(load(np(`  podSelector:\n  ingress:\n  - {}`)));
    expect(r.state.networkPolicies[0].podSelector).toEqual({});
  });

  it('podSelector: {matchLabels: null} is the empty selector', () => {
    const r = clean(load(np(`  podSelector:\n    matchLabels:\n`)));
    expect(r.state.networkPolicies[0].podSelector).toEqual({});
  });

  it('keeps matchLabels and matchExpressions', () => {
    const r = clean(
      load(
        np(`  podSelector:
    matchLabels: {app: web}
    matchExpressions:
    - {key: tier, operator: In, values: [a, b]}
    - {key: canary, operator: DoesNotExist}`),
      ),
    );
    expect(r.state.networkPolicies[0].podSelector).toEqual({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['a', 'b'] },
        { key: 'canary', operator: 'DoesNotExist' },
      ],
    });
  });

  it('a missing metadata.namespace means "default"', () => {
    const r = clean(load(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x}\nspec: {podSelector: {}}`));
    expect(r.state.networkPolicies[0].namespace).toBe('default');
  });
});

describe('NetworkPolicy: policyTypes defaulting', () => {
  const types = (spec: string) => clean(load(np(`  podSelector: {}\n${spec}`))).state.networkPolicies[0].policyTypes;

  it('no policyTypes and no egress: [Ingress]', () => {
    expect(types(`  ingress: []`)).toEqual(['Ingress']);
  });
  it('no policyTypes, egress rules present: [Ingress, Egress]', () => {
    expect(types(`  egress:\n  - to: [{podSelector: {}}]`)).toEqual(['Ingress', 'Egress']);
  });
  it('no policyTypes, egress: [] (no rules): [Ingress] only', () => {
    expect(types(`  egress: []`)).toEqual(['Ingress']);
  });
  it('policyTypes: [] counts as not given', () => {
    expect(types(`  policyTypes: []\n  egress:\n  - {}`)).toEqual(['Ingress', 'Egress']);
  });
  it('an explicit list wins, even naming a direction without rules', () => {
    expect(types(`  policyTypes: [Egress]\n  ingress:\n  - {}`)).toEqual(['Egress']);
    expect(types(`  policyTypes: [Ingress, Egress]`)).toEqual(['Ingress', 'Egress']);
  });
  it('an unknown policy type is an error', () => {
    const d = only(load(np(`  podSelector: {}\n  policyTypes: [Ingress, egress]`)), 'error', Codes.INVALID_VALUE);
    expect(d.message).toContain('policyTypes[1] "egress" is not valid (expected Ingress, Egress)');
  });
});

describe('NetworkPolicy: rules', () => {
  it('absent or empty from/to and ports are undefined (all peers, all ports)', () => {
    const r = clean(
      load(
        np(`  podSelector: {}
  ingress:
  - {}
  - from: []
    ports: []
  -
  egress:
  - to: []`),
      ),
    );
    const p = r.state.networkPolicies[0];
    expect(p.ingress).toEqual([{}, {}, {}]);
    expect(p.egress).toEqual([{}]);
  });

  it('reads selector peers; an absent selector stays absent', () => {
    const r = clean(
      load(
        np(`  podSelector: {}
  ingress:
  - from:
    - podSelector: {matchLabels: {app: a}}
    - namespaceSelector: {}
    - namespaceSelector: {matchLabels: {team: x}}
      podSelector: {}`),
      ),
    );
    expect(r.state.networkPolicies[0].ingress[0].peers).toEqual([
      { podSelector: { matchLabels: { app: 'a' } } },
      { namespaceSelector: {} },
      { namespaceSelector: { matchLabels: { team: 'x' } }, podSelector: {} },
    ]);
  });

  it('an ipBlock combined with a selector in one peer is an error', () => {
    const d = only(
      load(np(`  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/8}\n      podSelector: {}`)),
      'error',
      Codes.INVALID_PEER,
    );
    expect(d.message).toContain('ingress[0].from[0] ipBlock cannot be combined with podSelector or namespaceSelector');
  });

  it('an empty peer {} is an error', () => {
    const d = only(load(np(`  podSelector: {}\n  egress:\n  - to:\n    - {}`)), 'error', Codes.INVALID_PEER);
    expect(d.message).toContain('egress[0].to[0] is an empty peer');
  });
});

describe('NetworkPolicy: ipBlock', () => {
  const block = (b: string) => load(np(`  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: ${b}`, 'allow-web'));

  it('stores canonical CIDR text for cidr and except', () => {
    const r = clean(block(`{cidr: "2001:DB8:0::/32", except: ["2001:db8:0:0::/48"]}`));
    expect(r.state.networkPolicies[0].ingress[0].peers).toEqual([{ ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8::/48'] } }]);
  });

  it('an invalid cidr is an error naming the field and the value', () => {
    const d = only(block(`{cidr: 10.0.0.0/33}`), 'error', Codes.INVALID_CIDR);
    expect(d.message).toBe(
      'test.yaml#1 NetworkPolicy default/allow-web: ingress[0].from[0].ipBlock.cidr "10.0.0.0/33": prefix /33 is longer than 32 bits',
    );
  });

  it('host bits set are an error with a suggestion', () => {
    const d = only(block(`{cidr: 10.1.2.3/8}`), 'error', Codes.INVALID_CIDR);
    expect(d.message).toContain('did you mean 10.0.0.0/8?');
  });

  it('an invalid except is an error', () => {
    const d = only(block(`{cidr: 10.0.0.0/8, except: [banana]}`), 'error', Codes.INVALID_CIDR);
    expect(d.message).toContain('ingress[0].from[0].ipBlock.except[0] "banana" is not a CIDR');
  });

  it('an except outside the cidr (or equal to it, or of the other family) is an error', () => {
    expect(only(block(`{cidr: 10.0.0.0/8, except: [11.0.0.0/16]}`), 'error', Codes.INVALID_CIDR).message).toContain(
      'except[0] "11.0.0.0/16" is not inside the cidr 10.0.0.0/8',
    );
    expect(only(block(`{cidr: 10.0.0.0/8, except: [10.0.0.0/8]}`), 'error', Codes.INVALID_CIDR).message).toContain('not inside');
    expect(only(block(`{cidr: 10.0.0.0/8, except: ["::/64"]}`), 'error', Codes.INVALID_CIDR).message).toContain('IP family');
  });

  it('a missing cidr is an error', () => {
    expect(only(block(`{except: [10.0.0.0/16]}`), 'error', Codes.MISSING_FIELD).message).toContain('ipBlock.cidr is required');
  });
});

describe('NetworkPolicy: ports', () => {
  const ports = (p: string) => load(np(`  podSelector: {}\n  ingress:\n  - ports:\n${p}`, 'web'));

  it('protocol defaults to TCP; number, name, endPort', () => {
    const r = clean(
      ports(`    - port: 80
    - {port: 53, protocol: UDP}
    - {port: http, protocol: SCTP}
    - {port: 8000, endPort: 9000}
    - {protocol: UDP}
    -`),
    );
    expect(r.state.networkPolicies[0].ingress[0].ports).toEqual([
      { protocol: 'TCP', port: 80 },
      { protocol: 'UDP', port: 53 },
      { protocol: 'SCTP', port: 'http' },
      { protocol: 'TCP', port: 8000, endPort: 9000 },
      { protocol: 'UDP' },
      { protocol: 'TCP' },
    ]);
  });

  it('a string of digits is read as the number, with a warning', () => {
    const r = ports(`    - port: "8080"`);
    expect(errors(r)).toEqual([]);
    expect(warnings(r, Codes.NUMERIC_STRING_PORT)[0].message).toContain('ingress[0].ports[0].port "8080" is a string of digits');
    expect(r.state.networkPolicies[0].ingress[0].ports).toEqual([{ protocol: 'TCP', port: 8080 }]);
  });

  it('an unknown protocol is an error (protocols are case-sensitive)', () => {
    expect(only(ports(`    - {port: 80, protocol: tcp}`), 'error', Codes.INVALID_VALUE).message).toContain(
      'ingress[0].ports[0].protocol "tcp" is not valid (expected TCP, UDP, SCTP)',
    );
  });

  it('a port out of range or an invalid port name is an error', () => {
    expect(only(ports(`    - port: 0`), 'error', Codes.INVALID_PORT).message).toContain('0 is not a port number (1-65535)');
    expect(only(ports(`    - port: 70000`), 'error', Codes.INVALID_PORT).message).toContain('70000');
    expect(only(ports(`    - port: Web_Port`), 'error', Codes.INVALID_PORT).message).toContain('"Web_Port" is not a valid port name');
  });

  it('endPort needs a numeric port, and must not be below it', () => {
    expect(only(ports(`    - {port: http, endPort: 90}`), 'error', Codes.INVALID_PORT).message).toContain('endPort needs a numeric "port"');
    expect(only(ports(`    - {endPort: 90}`), 'error', Codes.INVALID_PORT).message).toContain('endPort needs a numeric "port"');
    const d = only(ports(`    - {port: 100, endPort: 90}`), 'error', Codes.INVALID_PORT);
    expect(d.message).toBe('test.yaml#1 NetworkPolicy default/web: ingress[0].ports[0].endPort 90 is smaller than port 100');
    expect(clean(ports(`    - {port: 90, endPort: 90}`)).state.networkPolicies).toHaveLength(1);
  });
});

describe('NetworkPolicy: API versions', () => {
  it('extensions/v1beta1 NetworkPolicy is read with a warning', () => {
    const r = load(np(`  podSelector: {}`).replace('networking.k8s.io/v1', 'extensions/v1beta1'));
    expect(errors(r)).toEqual([]);
    expect(warnings(r, Codes.UNEXPECTED_API_VERSION)).toHaveLength(1);
    expect(r.state.networkPolicies).toHaveLength(1);
  });

  it("another API's NetworkPolicy (Calico) is ignored with a warning", () => {
    const r = load(`apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: x}\nspec: {selector: all()}`);
    expect(only(r, 'warning', Codes.IGNORED_KIND).message).toContain('projectcalico.org/v3 NetworkPolicy ignored');
    expect(r.state.networkPolicies).toEqual([]);
  });
});
