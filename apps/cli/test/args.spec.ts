import { describe, expect, it } from 'vitest';
import { parseEndpointSpec, parsePortSpec, parseCni } from '../src/args';
import { CliError } from '../src/errors';
import { editDistance, suggest, type Workload } from '../src/workloads';
import { createProgress, renderBar } from '../src/progress';
import { bufferIo } from '../src/io';

describe('port specs', () => {
  it('accepts PROTO/PORT, PORT/PROTO and a bare TCP port', () => {
    expect(parsePortSpec('TCP/8080')).toEqual({ protocol: 'TCP', port: 8080 });
    expect(parsePortSpec('udp/53')).toEqual({ protocol: 'UDP', port: 53 });
    expect(parsePortSpec('9003/SCTP')).toEqual({ protocol: 'SCTP', port: 9003 });
    expect(parsePortSpec('80')).toEqual({ protocol: 'TCP', port: 80 });
  });
  it.each(['TCP/0', 'TCP/65536', 'ICMP/1', 'http', 'TCP/80-90', ''])('rejects %j with an example', (s) => {
    expect(() => parsePortSpec(s)).toThrow(CliError);
    expect(() => parsePortSpec(s)).toThrow(/e\.g\. --port TCP\/8080/);
  });
});

describe('endpoint specs', () => {
  it('parses workloads, workloads with kind, and IPs', () => {
    expect(parseEndpointSpec('from', 'yahoo/lol-yahoo')).toMatchObject({ type: 'workload', namespace: 'yahoo', name: 'lol-yahoo' });
    expect(parseEndpointSpec('from', 'a/b[StatefulSet]')).toMatchObject({ kind: 'StatefulSet' });
    expect(parseEndpointSpec('from', '203.0.113.7')).toEqual({ type: 'ip', ip: '203.0.113.7' });
    expect(parseEndpointSpec('from', '2001:db8::1')).toEqual({ type: 'ip', ip: '2001:db8::1' });
    expect(() => parseEndpointSpec('from', 'justaname')).toThrow(/namespace\/name/);
  });
});

describe('cni', () => {
  it('maps aliases and rejects unknown names', () => {
    expect(parseCni('cilium')).toEqual({ name: 'cilium', profile: 'generic' });
    expect(parseCni('Calico')).toEqual({ name: 'calico', profile: 'calico' });
    expect(() => parseCni('flannel')).toThrow(/expected generic, calico, cilium, gke-dpv2/);
  });
});

describe('suggestions', () => {
  const ws: Workload[] = ['default/lol-default', 'yahoo/lol-yahoo', 'yahoo/miao-yahoo', 'back/db-service'].map((t) => {
    const [namespace, name] = t.split('/');
    return { namespace, name, kind: 'Deployment', pods: [] };
  });
  it('finds typos, other namespaces and partial names', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(suggest('yahoo/lol-yaho', ws)[0]).toBe('yahoo/lol-yahoo');
    expect(suggest('default/lol-yahoo', ws)).toContain('yahoo/lol-yahoo');
    expect(suggest('yahoo/miao', ws)).toContain('yahoo/miao-yahoo');
    expect(suggest('zzz/qqq', ws)).toEqual([]);
  });
});

describe('progress', () => {
  it('draws only when forced or on a TTY, never with JSON on stdout, and erases itself', () => {
    const quiet = bufferIo();
    createProgress(quiet).files(1, 2);
    expect(quiet.err()).toBe('');

    const forced = bufferIo({ env: { REACHWATCH_PROGRESS: '1' } });
    const p = createProgress(forced);
    p.files(2, 2);
    p.clear();
    expect(forced.err()).toContain('Loading [########################] 2/2 files');
    expect(forced.err().endsWith('\r')).toBe(true);

    const json = bufferIo({ env: { REACHWATCH_PROGRESS: '1' } });
    createProgress(json, { jsonOnStdout: true }).files(2, 2);
    expect(json.err()).toBe('');

    const off = bufferIo({ tty: true, env: { REACHWATCH_PROGRESS: '0' } });
    createProgress(off).files(2, 2);
    expect(off.err()).toBe('');
  });
  it('waits a little on a terminal before drawing', () => {
    let t = 0;
    const io = bufferIo({ tty: true });
    const p = createProgress(io, { now: () => t });
    p.files(1, 10);
    expect(io.err()).toBe('');
    t = 1000;
    p.files(5, 10);
    expect(io.err()).toContain('5/10 files');
    expect(renderBar('x', 0, 4, 'files')).toBe('x [------------------------] 0/4 files');
  });
});
