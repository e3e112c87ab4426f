import { describe, expect, it } from 'vitest';
import { PortSet, type Endpoint } from '@reachwatch/policy-engine';
import { coverage, inForce, parseApprovedFlows, peerMatches, portSpecSet } from '../src/approved-flows';
import { ComplianceError } from '../src/errors';
import { T0, flow } from './fixtures';

const api: Endpoint = { type: 'workload', namespace: 'cde', name: 'api', kind: 'Deployment' };
const web: Endpoint = { type: 'workload', namespace: 'shop', name: 'web', kind: 'Deployment' };
const internet: Endpoint = { type: 'external', cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] };
const privateNet: Endpoint = { type: 'external', cidr: '10.20.0.0/16', except: [] };

describe('the register file', () => {
  it('reads a YAML list or {approvedFlows: [...]}, with dates as text', () => {
    const yaml = `approvedFlows:
  - id: AF-1
    from: internet
    to: {namespace: cde, workload: api}
    ports: [TCP/443, udp/53]
    justification: public API
    owner: payments
    approver: security
    approvedAt: 2026-01-15
    expiresAt: 2027-01-15T00:00:00Z
    cluster: east
`;
    expect(parseApprovedFlows(yaml)).toEqual([
      { id: 'AF-1', from: 'internet', to: { namespace: 'cde', workload: 'api' }, ports: ['TCP/443', 'udp/53'], justification: 'public API', owner: 'payments', approver: 'security', approvedAt: '2026-01-15', expiresAt: '2027-01-15T00:00:00Z', cluster: 'east' },
    ]);
    expect(parseApprovedFlows('[]')).toEqual([]);
    expect(parseApprovedFlows('')).toEqual([]);
  });

  it.each([
    ['not a list', 'a: 1', /expected a list/],
    ['missing owner', '- {id: A, from: any, to: any, ports: [any], justification: j, approver: a, approvedAt: 2026-01-01}', /entry 1 \(A\), owner: required/],
    ['bad port', '- {id: A, from: any, to: any, ports: [TCP/99999], justification: j, owner: o, approver: a, approvedAt: 2026-01-01}', /"TCP\/99999" is not a port/],
    ['bad peer', '- {id: A, from: {name: x}, to: any, ports: [any], justification: j, owner: o, approver: a, approvedAt: 2026-01-01}', /from: expected internet/],
    ['bad cidr', '- {id: A, from: {cidr: 10.0.0.0/33}, to: any, ports: [any], justification: j, owner: o, approver: a, approvedAt: 2026-01-01}', /from: /],
    ['bad date', '- {id: A, from: any, to: any, ports: [any], justification: j, owner: o, approver: a, approvedAt: yesterday}', /"yesterday" is not a date/],
    ['duplicate id', '- {id: A, from: any, to: any, ports: [any], justification: j, owner: o, approver: a, approvedAt: 2026-01-01}\n- {id: A, from: any, to: any, ports: [any], justification: j, owner: o, approver: a, approvedAt: 2026-01-01}', /entry 2 \(A\), id: id "A" is used twice/],
    ['no ports', '- {id: A, from: any, to: any, ports: [], justification: j, owner: o, approver: a, approvedAt: 2026-01-01}', /ports: required/],
    ['not YAML', '- [', /not valid YAML/],
  ])('rejects %s with a message naming the entry and field', (_name, text, message) => {
    expect(() => parseApprovedFlows(text, 'flows.yaml')).toThrowError(message);
    expect(() => parseApprovedFlows(text, 'flows.yaml')).toThrowError(ComplianceError);
  });
});

describe('port specs', () => {
  it.each([
    ['TCP/443', PortSet.of('TCP', 443)],
    ['udp/53', PortSet.of('UDP', 53)],
    ['TCP/8000-8080', PortSet.of('TCP', 8000, 8080)],
    ['SCTP', PortSet.protocol('SCTP')],
    ['any', PortSet.ALL],
  ])('%s', (spec, set) => expect(portSpecSet(spec).equals(set)).toBe(true));
  it.each(['443', 'TCP/0', 'TCP/10-5', 'HTTP/80', 'TCP/'])('rejects %s', (spec) => expect(() => portSpecSet(spec)).toThrowError(ComplianceError));
});

describe('matching flows', () => {
  it('ends: namespace, workload, internet (public addresses only), cidr (containment, same family), any', () => {
    expect(peerMatches({ namespace: 'cde' }, api)).toBe(true);
    expect(peerMatches({ namespace: 'cde', workload: 'api' }, api)).toBe(true);
    expect(peerMatches({ namespace: 'cde', workload: 'ap' }, api)).toBe(false);
    expect(peerMatches({ namespace: 'cd' }, api)).toBe(false);
    expect(peerMatches('internet', internet)).toBe(true);
    expect(peerMatches('internet', privateNet)).toBe(false);
    expect(peerMatches('internet', api)).toBe(false);
    expect(peerMatches({ cidr: '10.0.0.0/8' }, privateNet)).toBe(true);
    expect(peerMatches({ cidr: '10.20.0.0/24' }, privateNet)).toBe(false);
    expect(peerMatches({ cidr: '::/0' }, privateNet)).toBe(false);
    expect(peerMatches('any', web)).toBe(true);
  });

  it('in force from approvedAt until expiresAt, both included', () => {
    const f = flow('A', 'any', 'any', ['any'], { approvedAt: '2026-02-01T00:00:00Z', expiresAt: '2026-03-01T00:00:00Z' });
    expect(inForce(f, '2026-01-31T23:59:59Z')).toBe(false);
    expect(inForce(f, '2026-02-01T00:00:00Z')).toBe(true);
    expect(inForce(f, '2026-03-01T00:00:00Z')).toBe(true);
    expect(inForce(f, '2026-03-01T00:00:01Z')).toBe(false);
  });

  it('covers ports entry by entry; lapsed and other-cluster entries do not count', () => {
    const register = [
      flow('A', { namespace: 'shop', workload: 'web' }, { namespace: 'cde', workload: 'api' }, ['TCP/443']),
      flow('B', { namespace: 'shop' }, { namespace: 'cde' }, ['TCP/8443'], { expiresAt: '2026-06-01T00:00:00Z' }),
      flow('C', { namespace: 'shop' }, { namespace: 'cde' }, ['TCP/9090'], { cluster: 'west' }),
      flow('D', { namespace: 'cde' }, { namespace: 'shop' }, ['TCP/9443']),
    ];
    const allowed = PortSet.of('TCP', 443).union(PortSet.of('TCP', 8443)).union(PortSet.of('TCP', 9090)).union(PortSet.of('TCP', 9443));
    const c = coverage(register, 'east', web, api, allowed, T0);
    expect(c.approved.toString()).toBe('TCP 443');
    expect(c.unapproved.toString()).toBe('TCP 8443,9090,9443');
    expect(c.approvals).toEqual(['A']);
    expect(c.lapsed).toEqual(['B']);
    expect(coverage(register, 'west', web, api, allowed, T0).approved.toString()).toBe('TCP 443,9090');
  });
});
