import { PortSet } from '@reachwatch/policy-engine';
import { describe, expect, it } from 'vitest';
import { formatPortQuery, parsePortQuery, parsePorts, portCount, portLabel, portsFromLive, portText, samplePorts } from './ports';

describe('parsePorts reads the engine text back into the same set', () => {
  it.each([
    ['All Connections', PortSet.ALL],
    ['', PortSet.NONE],
    ['TCP 80', PortSet.of('TCP', 80)],
    ['SCTP 9-10,TCP 80,443,8000-8080,UDP 53', PortSet.fromRanges({ SCTP: [[9, 10]], TCP: [[80, 80], [443, 443], [8000, 8080]], UDP: [[53, 53]] })],
  ])('%s', (text, want) => {
    const got = parsePorts(text);
    expect(got.equals(want)).toBe(true);
    // And the engine prints it back identically: the round trip is exact.
    expect(got.toString()).toBe(text === '' ? '' : text);
  });

  it('refuses text that is not a port list', () => {
    expect(() => parsePorts('80,TCP')).toThrow(/Unreadable port list/);
    expect(() => parsePorts('HTTP 80')).toThrow(/Unreadable/);
  });

  it('reads a live delta list', () => {
    const s = portsFromLive(false, [{ protocol: 'UDP', from: 53, to: 53 }, { protocol: 'TCP', from: 80, to: 81 }]);
    expect(s.toString()).toBe('TCP 80-81,UDP 53');
    expect(portsFromLive(true, []).isAll()).toBe(true);
  });
});

describe('labels', () => {
  it('prints every port for people', () => {
    expect(portText(PortSet.ALL)).toBe('all ports');
    expect(portText(PortSet.NONE)).toBe('no ports');
    expect(portText(parsePorts('TCP 80,443,8000-8080,UDP 53'))).toBe('TCP 80, 443, 8000–8080 · UDP 53');
    expect(portText(PortSet.protocol('TCP').union(PortSet.of('UDP', 53)))).toBe('all TCP · UDP 53');
  });

  it('shortens long lists by whole ranges, saying how many are left', () => {
    const set = parsePorts('TCP 80,443,8000-8080,9000,9090,UDP 53');
    expect(portLabel(set, 100)).toBe('TCP 80, 443, 8000–8080, 9000, 9090 · UDP 53');
    expect(portLabel(set, 24)).toBe('TCP 80, 443 +4 more');
    expect(portLabel(set, 5)).toBe('TCP 80 +5 more');
    expect(portLabel(PortSet.ALL, 3)).toBe('all ports');
    // Within the limit whenever more than the first range fits; never a number cut in half.
    for (const max of [16, 24, 32, 40]) expect(portLabel(set, max).length).toBeLessThanOrEqual(max);
  });

  it('counts ports, and says all for every port', () => {
    expect(portCount(PortSet.ALL)).toBe('all');
    expect(portCount(PortSet.NONE)).toBe(0);
    expect(portCount(parsePorts('TCP 80,8000-8009,UDP 53'))).toBe(12);
    expect(portCount(PortSet.protocol('TCP'))).toBe(65535);
  });
});

describe('port queries', () => {
  it('parses what the API accepts and nothing else', () => {
    expect(parsePortQuery('TCP/443')).toEqual({ protocol: 'TCP', port: 443 });
    expect(parsePortQuery(' udp/53 ')).toEqual({ protocol: 'UDP', port: 53 });
    expect(parsePortQuery('8080')).toEqual({ protocol: 'TCP', port: 8080 });
    for (const bad of ['', 'TCP/0', 'TCP/65536', 'ICMP/1', 'tcp:80', undefined]) expect(parsePortQuery(bad)).toBeNull();
    expect(formatPortQuery({ protocol: 'SCTP', port: 9 })).toBe('SCTP/9');
  });

  it('samples one port per range to explain, TCP first', () => {
    expect(samplePorts(parsePorts('SCTP 9,TCP 80,8000-8080,UDP 53'))).toEqual([
      { protocol: 'TCP', port: 80 }, { protocol: 'TCP', port: 8000 }, { protocol: 'UDP', port: 53 }, { protocol: 'SCTP', port: 9 },
    ]);
    expect(samplePorts(parsePorts('TCP 1,3,5,7'), 2)).toHaveLength(2);
    expect(samplePorts(PortSet.ALL).length).toBeGreaterThan(0);
  });
});
