/**
 * Unit tests of the conformance harness itself (comparator, readers, mutations, StatefulSet expansion,
 * deviation checks) on hand-made inputs, plus the corpus's own consistency (parsed.json vs its txt,
 * explain vs connlist), so that a harness bug cannot pass for an engine bug or the other way round.
 */
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { PortSet } from '@reachwatch/policy-engine';
import { expandStatefulSets, SIM_NODES } from './cluster-sim';
import {
  ConnMap,
  V4_MAX,
  compareConnMaps,
  compareDelta,
  diffRanges,
  mismatchText,
  parseIpv4,
  portsFromConnlistText,
  portsFromExplainText,
  portsFromParsedConn,
} from './connmap';
import { CORPUS_ROOT } from './corpus';
import { parsePath, prependRule, setPath, swapRules } from './mutations';
import {
  explainToConnMap,
  listNpaCases,
  peerFromText,
  readConnlistTxt,
  readExplainTxt,
  readParsedJson,
  resultToConnMap,
} from './netpol-analyzer-reader';
import { checkPairDeviation, checkQ6, globMatch } from './report';
import { translateOldAdminPeers } from './walkthrough';

const ip = (t: string) => parseIpv4(t);
const W = (key: string) => ({ type: 'workload' as const, key });
const R = (a: string, b: string) => ({ type: 'ip' as const, first: ip(a), last: ip(b) });
const tcp = (a: number, b = a) => PortSet.of('TCP', a, b);

describe('harness: corpus location', () => {
  it('uses the vendored corpus unless REACHWATCH_CONFORMANCE_DIR says otherwise', () => {
    const vendored = path.resolve(__dirname, 'corpus');
    expect(CORPUS_ROOT).toBe(process.env.REACHWATCH_CONFORMANCE_DIR ? path.resolve(process.env.REACHWATCH_CONFORMANCE_DIR) : vendored);
    expect(fs.existsSync(path.join(CORPUS_ROOT, 'README.txt'))).toBe(true);
  });
});

describe('harness: port text readers', () => {
  it('reads the connlist CONN text (commas separate ports and protocols)', () => {
    const p = portsFromConnlistText('SCTP 1-9002,9004-65535,TCP 1-79,81-65535,UDP 1-52,54-65535');
    expect(p.equals(PortSet.ALL.subtract(PortSet.of('SCTP', 9003)).subtract(tcp(80)).subtract(PortSet.of('UDP', 53)))).toBe(true);
    expect(portsFromConnlistText('All Connections').isAll()).toBe(true);
    expect(portsFromConnlistText('SCTP 8956,9090').toString()).toBe('SCTP 8956,9090');
    expect(() => portsFromConnlistText('80,81')).toThrow();
  });

  it('reads the explain port text (a bare protocol means all its ports)', () => {
    const p = portsFromExplainText('TCP:[9001-65535], UDP, SCTP');
    expect(p.toString()).toBe('SCTP 1-65535,TCP 9001-65535,UDP 1-65535');
    expect(portsFromExplainText('TCP, UDP, SCTP').isAll()).toBe(true);
    expect(portsFromExplainText('TCP:[1-1233,1235-8079,8081-9000]').toString()).toBe('TCP 1-1233,1235-8079,8081-9000');
    expect(() => portsFromExplainText('ICMP')).toThrow();
  });

  it('reads parsed.json conns', () => {
    expect(portsFromParsedConn('ALL').isAll()).toBe(true);
    expect(portsFromParsedConn({ TCP: [[80, 80]], UDP: [[53, 53]] }).toString()).toBe('TCP 80,UDP 53');
    expect(() => portsFromParsedConn({ ICMP: [[1, 1]] })).toThrow();
  });
});

describe('harness: interval comparator', () => {
  it('treats one whole range and the same space split into blocks as equal', () => {
    const whole = [{ first: 0n, last: V4_MAX, ports: PortSet.ALL }];
    const split = [
      { first: ip('0.0.0.0'), last: ip('9.255.255.255'), ports: PortSet.ALL },
      { first: ip('10.0.0.0'), last: ip('10.9.255.255'), ports: PortSet.ALL },
      { first: ip('10.10.0.0'), last: ip('10.10.255.255'), ports: PortSet.ALL },
      { first: ip('10.11.0.0'), last: ip('10.255.255.255'), ports: PortSet.ALL },
      { first: ip('11.0.0.0'), last: V4_MAX, ports: PortSet.ALL },
    ];
    expect(diffRanges(whole, split)).toEqual([]);
    expect(diffRanges(split, whole)).toEqual([]);
  });

  it('reports a hole and a port difference, merged back into maximal intervals', () => {
    const exp = [
      { first: ip('10.0.0.0'), last: ip('10.9.255.255'), ports: PortSet.ALL },
      { first: ip('10.11.0.0'), last: ip('10.255.255.255'), ports: PortSet.ALL },
    ];
    // ours: one atom 10.0.0.0/8 except 10.10.0.0/16 but only TCP 80 on its upper half, split differently
    const act = [
      { first: ip('10.0.0.0'), last: ip('10.5.255.255'), ports: PortSet.ALL },
      { first: ip('10.6.0.0'), last: ip('10.9.255.255'), ports: PortSet.ALL },
      { first: ip('10.11.0.0'), last: ip('10.200.255.255'), ports: tcp(80) },
      { first: ip('10.201.0.0'), last: ip('10.255.255.255'), ports: tcp(80) },
    ];
    const d = diffRanges(exp, act);
    expect(d).toHaveLength(1);
    expect(d[0].first).toBe(ip('10.11.0.0'));
    expect(d[0].last).toBe(ip('10.255.255.255'));
    expect(d[0].expected.isAll()).toBe(true);
    expect(d[0].actual.toString()).toBe('TCP 80');
  });

  it('compares workload pairs per protocol and port; a missing pair is nothing allowed', () => {
    const e = new ConnMap();
    e.add(W('ns/a[Deployment]'), W('ns/b[Deployment]'), tcp(80));
    e.add(W('ns/a[Deployment]'), W('ns/c[Pod]'), PortSet.ALL);
    e.add(R('0.0.0.0', '255.255.255.255'), W('ns/a[Deployment]'), PortSet.of('UDP', 53));
    const a = new ConnMap();
    a.add(W('ns/a[Deployment]'), W('ns/b[Deployment]'), tcp(80).union(tcp(81)));
    a.add(W('ns/b[Deployment]'), W('ns/a[Deployment]'), tcp(8080));
    a.add(R('0.0.0.0', '127.255.255.255'), W('ns/a[Deployment]'), PortSet.of('UDP', 53));
    a.add(R('128.0.0.0', '255.255.255.255'), W('ns/a[Deployment]'), PortSet.of('UDP', 53));
    const d = compareConnMaps(e, a).map(mismatchText);
    expect(d).toEqual([
      'ns/a[Deployment] => ns/b[Deployment]: expected TCP 80, got TCP 80-81',
      'ns/a[Deployment] => ns/c[Pod]: expected All Connections, got No Connections',
      'ns/b[Deployment] => ns/a[Deployment]: expected No Connections, got TCP 8080',
    ]);
    expect(compareConnMaps(e, e)).toEqual([]);
  });

  it('checks an incremental delta per address, whatever the atoms are called', () => {
    const before = new ConnMap();
    before.add(R('0.0.0.0', '255.255.255.255'), W('n/x[Pod]'), PortSet.ALL);
    before.add(W('n/a[Pod]'), W('n/x[Pod]'), tcp(80));
    // the event re-cuts 0.0.0.0/0 around 10.0.0.1 and denies that one address; a→x gains TCP 81
    const after = new ConnMap();
    after.add(R('0.0.0.0', '10.0.0.0'), W('n/x[Pod]'), PortSet.ALL);
    after.add(R('10.0.0.2', '255.255.255.255'), W('n/x[Pod]'), PortSet.ALL);
    after.add(W('n/a[Pod]'), W('n/x[Pod]'), tcp(80, 81));
    const removed = new ConnMap();
    removed.add(R('10.0.0.1', '10.0.0.1'), W('n/x[Pod]'), PortSet.ALL);
    const added = new ConnMap();
    added.add(W('n/a[Pod]'), W('n/x[Pod]'), tcp(81));
    expect(compareDelta(before, added, removed, after)).toEqual([]);
    expect(compareDelta(before, new ConnMap(), removed, after).map(mismatchText)).toEqual([
      'n/a[Pod] => n/x[Pod]: expected TCP 80, got TCP 80-81',
    ]);
    expect(compareDelta(before, added, new ConnMap(), after).map(mismatchText)).toEqual([
      '10.0.0.1-10.0.0.1[External] => n/x[Pod]: expected All Connections, got No Connections',
    ]);
  });

  it('expands our external atoms to IPv4 intervals and ignores IPv6 atoms', () => {
    const m = resultToConnMap({
      connections: [
        { src: { type: 'external', cidr: '10.0.0.0/8', except: ['10.10.0.0/16'] }, dst: { type: 'workload', namespace: 'n', name: 'x', kind: 'Pod' }, ports: tcp(80) },
        { src: { type: 'external', cidr: '::/0', except: [] }, dst: { type: 'workload', namespace: 'n', name: 'x', kind: 'Pod' }, ports: PortSet.ALL },
        { src: { type: 'workload', namespace: 'n', name: 'x', kind: 'Pod' }, dst: { type: 'external', cidr: '0.0.0.0/0', except: ['192.168.0.0/16', '10.0.0.0/8'] }, ports: PortSet.ALL },
      ],
    });
    const exp = new ConnMap();
    exp.add(R('10.0.0.0', '10.9.255.255'), W('n/x[Pod]'), tcp(80));
    exp.add(R('10.11.0.0', '10.255.255.255'), W('n/x[Pod]'), tcp(80));
    exp.add(W('n/x[Pod]'), R('0.0.0.0', '9.255.255.255'), PortSet.ALL);
    exp.add(W('n/x[Pod]'), R('11.0.0.0', '192.167.255.255'), PortSet.ALL);
    exp.add(W('n/x[Pod]'), R('192.169.0.0', '255.255.255.255'), PortSet.ALL);
    expect(compareConnMaps(exp, m).map(mismatchText)).toEqual([]);
    expect(m.notes).toEqual(['ignored IPv6 atom ::/0']);
  });
});

describe('harness: netpol-analyzer text readers', () => {
  it('reads endpoints', () => {
    expect(peerFromText('default/cog-local-analyzer-7d77fb55cc[ReplicaSet]')).toEqual(W('default/cog-local-analyzer-7d77fb55cc[ReplicaSet]'));
    expect(peerFromText('10.0.0.0-10.9.255.255[External]')).toEqual(R('10.0.0.0', '10.9.255.255'));
    expect(() => peerFromText('{ingress-controller}')).toThrow();
  });

  it('reads a connlist and stops at the exposure section', () => {
    const m = readConnlistTxt(
      [
        '0.0.0.0-255.255.255.255[External] => default/frontend[Deployment] : TCP 8080',
        'default/frontend[Deployment] => default/backend[Deployment] : TCP 9090',
        '',
        'Exposure Analysis Result:',
        'default/frontend[Deployment] => entire-cluster : All Connections',
      ].join('\n'),
    );
    expect(m.lines()).toEqual([
      '0.0.0.0-255.255.255.255[External] => default/frontend[Deployment] : TCP 8080',
      'default/frontend[Deployment] => default/backend[Deployment] : TCP 9090',
    ]);
  });

  it('reads an explain output: specific blocks and system-default pairs', () => {
    const text = [
      '# Specific connections and their reasons #',
      '-----',
      'Connections between baz/mybaz[Pod] => bar/mybar[Pod]:',
      '',
      'Allowed connections:',
      '\tAllowed TCP:[9001-65535], UDP, SCTP due to the system default (Allow all)',
      '',
      'Denied connections:',
      '\tDenied TCP:[1-9000] due to the following policies and rules:',
      '\t\tEgress (Allowed) due to the system default (Allow all)',
      '\t\tIngress (Denied)',
      "\t\t\tBaselineAdminNetworkPolicy 'default' denies connections by Ingress rule x",
      '',
      '#########################################################',
      '# All Connections due to the system default (Allow all) #',
      '#########################################################',
      '0.0.0.0-255.255.255.255[External] => bar/mybar[Pod]',
    ].join('\n');
    const pairs = readExplainTxt(text);
    expect(pairs.map((p) => [p.src, p.dst, p.allowed.toString(), p.section])).toEqual([
      ['baz/mybaz[Pod]', 'bar/mybar[Pod]', 'SCTP 1-65535,TCP 9001-65535,UDP 1-65535', 'specific'],
      ['0.0.0.0-255.255.255.255[External]', 'bar/mybar[Pod]', 'All Connections', 'default'],
    ]);
    expect(explainToConnMap(pairs).lines()).toHaveLength(2);
    // A block whose Allowed and Denied do not cover every port means we misread it.
    expect(() => readExplainTxt('Connections between a/b[Pod] => c/d[Pod]:\n\tAllowed TCP:[80] due to x\n')).toThrow(/partition/);
  });
});

describe('harness: corpus self-consistency (netpol-analyzer)', () => {
  const cases = listNpaCases();
  it('has the 170 cases README.txt describes', () => {
    expect(cases).toHaveLength(170);
  });

  it('every parsed.json equals its txt file (the collector did not mistranslate)', () => {
    const bad: string[] = [];
    for (const c of cases) {
      for (const e of Object.values(c.meta.expected)) {
        if (!e?.parsed) continue;
        const d = compareConnMaps(readParsedJson(path.join(c.dir, e.parsed)), readConnlistTxt(fs.readFileSync(path.join(c.dir, e.file), 'utf8')));
        if (d.length) bad.push(`${c.id}: ${mismatchText(d[0])}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('every explain output agrees with the connlist of its case, pair by pair (so explain-only cases are fully comparable)', () => {
    const bad: string[] = [];
    let checked = 0;
    for (const c of cases) {
      const parsed = Object.values(c.meta.expected).find((e) => e?.parsed);
      for (const [analysis, e] of Object.entries(c.meta.expected)) {
        if (!e || !analysis.startsWith('explain')) continue;
        const ex = explainToConnMap(readExplainTxt(fs.readFileSync(path.join(c.dir, e.file), 'utf8')));
        if (!parsed?.parsed) continue;
        checked++;
        const d = compareConnMaps(readParsedJson(path.join(c.dir, parsed.parsed)), ex);
        if (d.length) bad.push(`${c.id} ${analysis}: ${mismatchText(d[0])}`);
      }
    }
    expect(bad).toEqual([]);
    expect(checked).toBeGreaterThan(30);
  });
});

describe('harness: network-policy-api mutations', () => {
  const anp = {
    kind: 'AdminNetworkPolicy',
    metadata: { name: 'x' },
    spec: { priority: 5, egress: [{ name: 'a', action: 'Allow', to: [] }, { name: 'b', action: 'Deny', to: [] }] },
  };

  it('parses paths', () => {
    expect(parsePath('spec.egress[5].ports')).toEqual(['spec', 'egress', 5, 'ports']);
    expect(parsePath('spec.priority')).toEqual(['spec', 'priority']);
  });

  it('sets fields without touching the input and refuses missing containers', () => {
    const out = setPath(anp, 'spec.egress[1].ports', [{ namedPort: 'web' }]);
    expect((out.spec as typeof anp.spec).egress[1]).toEqual({ name: 'b', action: 'Deny', to: [], ports: [{ namedPort: 'web' }] });
    expect(anp.spec.egress[1]).not.toHaveProperty('ports');
    expect((setPath(anp, 'spec.priority', 40).spec as typeof anp.spec).priority).toBe(40);
    expect(() => setPath(anp, 'spec.egress[7].ports', [])).toThrow();
    expect(() => setPath(anp, 'spec.ingres[0].action', 'Pass')).toThrow();
  });

  it('swaps and prepends rules, substituting pod IPs', () => {
    const sw = swapRules(anp, 'egress', 0, 1);
    expect((sw.spec as typeof anp.spec).egress.map((r) => r.name)).toEqual(['b', 'a']);
    const pre = prependRule(anp, 'egress', { name: 'p', action: 'Allow', to: [{ networks: ['<IP of ns/pod-0>/32'] }] }, (p) => (p === 'ns/pod-0' ? '10.244.1.10' : '?'));
    expect((pre.spec as { egress: unknown[] }).egress[0]).toEqual({ name: 'p', action: 'Allow', to: [{ networks: ['10.244.1.10/32'] }] });
    expect(() => swapRules(anp, 'ingress', 0, 1)).toThrow();
  });
});

describe('harness: StatefulSet expansion', () => {
  const sts = (name: string, hostNetwork = false) => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'ns' },
    spec: { replicas: 2, template: { metadata: { labels: { app: name } }, spec: { hostNetwork, containers: [{ name: 'c', ports: [{ containerPort: 80, name: 'web' }] }] } } },
  });

  it('creates <name>-0 and <name>-1 with distinct pod IPs, owned by the StatefulSet, plus the nodes', () => {
    const { objects, ips } = expandStatefulSets([{ kind: 'Namespace', metadata: { name: 'ns' } }, sts('a'), sts('b')]);
    const pods = objects.filter((o) => o.kind === 'Pod');
    expect(pods.map((p) => (p.metadata as { name: string }).name)).toEqual(['a-0', 'a-1', 'b-0', 'b-1']);
    expect(new Set(ips.values()).size).toBe(4);
    expect(objects.filter((o) => o.kind === 'Node')).toHaveLength(SIM_NODES.length);
    expect(objects.some((o) => o.kind === 'StatefulSet')).toBe(false);
    const p0 = pods[0] as { metadata: { labels: Record<string, string>; ownerReferences: { kind: string; name: string; controller: boolean }[] }; status: { podIP: string } };
    expect(p0.metadata.labels.app).toBe('a');
    expect(p0.metadata.ownerReferences[0]).toMatchObject({ kind: 'StatefulSet', name: 'a', controller: true });
    expect(p0.status.podIP).toBe(ips.get('ns/a-0'));
  });

  it('gives host-network pods their node IP', () => {
    const { ips } = expandStatefulSets([sts('centaur', true)]);
    expect(ips.get('ns/centaur-0')).toBe(SIM_NODES[0].ip);
    expect(ips.get('ns/centaur-1')).toBe(SIM_NODES[1].ip);
  });
});

describe('harness: walkthrough translation and deviation checks', () => {
  it('translates the old ANP peer shape and leaves pods peers alone', () => {
    const out = translateOldAdminPeers({
      kind: 'AdminNetworkPolicy',
      metadata: { name: 'a' },
      spec: {
        ingress: [{ name: 'r', action: 'Pass', from: [{ namespaces: { namespaceSelector: { matchLabels: { development: 'true' } } } }, { pods: { namespaceSelector: {}, podSelector: {} } }] }],
      },
    });
    expect((out.spec as { ingress: { from: unknown[] }[] }).ingress[0].from).toEqual([
      { namespaces: { matchLabels: { development: 'true' } } },
      { pods: { namespaceSelector: {}, podSelector: {} } },
    ]);
  });

  it('a Q6 deviation needs a host-network end and may only make us more permissive', () => {
    const hn = new Set(['ns/h[DaemonSet]']);
    const dev = { reason: 'r', pairs: ['* => ns/h[DaemonSet]'], q6HostNetwork: true };
    const mm = (src: string, dst: string, e: PortSet, a: PortSet) => ({ src, dst, expected: e.toString(), actual: a.toString(), expectedPorts: e, actualPorts: a });
    expect(checkQ6(dev, [mm('ns/a[Pod]', 'ns/h[DaemonSet]', tcp(53), PortSet.ALL)], hn)).toEqual([]);
    expect(checkQ6(dev, [mm('ns/a[Pod]', 'ns/h[DaemonSet]', PortSet.ALL, tcp(53))], hn)).toHaveLength(1);
    expect(checkQ6(dev, [mm('ns/a[Pod]', 'ns/b[Pod]', PortSet.NONE, PortSet.ALL)], hn)).toHaveLength(1);
  });

  it('a deviation holds only while it still differs, and only on its listed pairs', () => {
    const m = (src: string, dst: string) => ({ src, dst, expected: 'All Connections', actual: 'No Connections' });
    const dev = { reason: 'r', pairs: ['ns/a[Pod] => *'] };
    expect(checkPairDeviation(dev, [m('ns/a[Pod]', 'ns/b[Pod]')])).toEqual([]);
    expect(checkPairDeviation(dev, [])).toHaveLength(1); // stale
    expect(checkPairDeviation(dev, [m('ns/a[Pod]', 'ns/b[Pod]'), m('ns/c[Pod]', 'ns/b[Pod]')])).toHaveLength(1); // unlisted
    expect(checkPairDeviation({ reason: 'r', pairs: ['ns/a[Pod] => *', '* => ns/z[Pod]'] }, [m('ns/a[Pod]', 'ns/b[Pod]')])).toHaveLength(1); // stale pattern
    expect(globMatch('1.2.3.4-*[External] => ns/a[Pod]', '1.2.3.4-1.2.3.4[External] => ns/a[Pod]')).toBe(true);
    expect(globMatch('ns/a[Pod] => ns/b[Pod]', 'ns/a[Pod] => ns/bb[Pod]')).toBe(false);
  });
});
