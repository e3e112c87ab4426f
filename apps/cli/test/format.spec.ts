import { describe, expect, it } from 'vitest';
import { PortSet, type AnalysisResult, type Connection, type Endpoint } from '@reachwatch/policy-engine';
import { formatCsv, csvField } from '../src/format/csv';
import { formatDot, dotString } from '../src/format/dot';
import { formatJson } from '../src/format/json';
import { formatMd } from '../src/format/md';
import { formatTxt } from '../src/format/txt';
import { formatDiffJson, formatDiffTxt } from '../src/format/diff';

const w = (namespace: string, name: string, kind = 'Deployment'): Endpoint => ({ type: 'workload', namespace, name, kind });
const x = (cidr: string, except: string[] = []): Endpoint => ({ type: 'external', cidr, except });

const web = w('front', 'web');
const db = w('back', 'db-service');
const internet = x('0.0.0.0/0', ['10.0.0.0/8']);
const dbNet = x('10.20.0.0/16');

// Deliberately unsorted: formatters sort by source text then destination text.
const connections: Connection[] = [
  { src: web, dst: db, ports: PortSet.of('TCP', 9000) },
  { src: internet, dst: web, ports: PortSet.of('TCP', 9000) },
  { src: db, dst: dbNet, ports: PortSet.of('TCP', 3306).union(PortSet.of('UDP', 53)) },
  { src: db, dst: web, ports: PortSet.ALL },
];
const result: AnalysisResult = { profile: 'generic', connections, warnings: [] };
const podsOnly: AnalysisResult = { profile: 'generic', connections: [connections[0]], warnings: [] };

describe('txt', () => {
  it('prints one sorted line per pair with the profile header when an external range is involved', () => {
    expect(formatTxt(result)).toBe(
      [
        '# CNI profile: generic (ipBlock never matches pod IPs)',
        '0.0.0.0/0 except 10.0.0.0/8[External] => front/web[Deployment] : TCP 9000',
        'back/db-service[Deployment] => 10.20.0.0/16[External] : TCP 3306,UDP 53',
        'back/db-service[Deployment] => front/web[Deployment] : All Connections',
        'front/web[Deployment] => back/db-service[Deployment] : TCP 9000',
        '',
      ].join('\n'),
    );
  });
  it('omits the header when nothing depends on the profile, and names --cni aliases', () => {
    expect(formatTxt(podsOnly)).toBe('front/web[Deployment] => back/db-service[Deployment] : TCP 9000\n');
    expect(formatTxt(podsOnly, { profileMatters: true, cniName: 'cilium' })).toBe(
      '# CNI profile: cilium = generic (ipBlock never matches pod IPs)\nfront/web[Deployment] => back/db-service[Deployment] : TCP 9000\n',
    );
    expect(formatTxt({ ...podsOnly, profile: 'calico' }, { profileMatters: true, cniName: 'calico' })).toMatch(
      /^# CNI profile: calico \(ipBlock also matches pod IPs inside the block\)\n/,
    );
  });
  it('prints nothing for no connections', () => {
    expect(formatTxt({ profile: 'generic', connections: [], warnings: [] })).toBe('');
  });
});

describe('json', () => {
  it('has exactly the connections key, one entry per pair, ports always listed', () => {
    const text = formatJson(result);
    expect(text).toBe(
      [
        '{"connections":[',
        '{"src":{"cidr":"0.0.0.0/0","except":["10.0.0.0/8"]},"dst":{"namespace":"front","name":"web","kind":"Deployment"},"all":false,"ports":[{"protocol":"TCP","from":9000,"to":9000}]},',
        '{"src":{"namespace":"back","name":"db-service","kind":"Deployment"},"dst":{"cidr":"10.20.0.0/16","except":[]},"all":false,"ports":[{"protocol":"TCP","from":3306,"to":3306},{"protocol":"UDP","from":53,"to":53}]},',
        '{"src":{"namespace":"back","name":"db-service","kind":"Deployment"},"dst":{"namespace":"front","name":"web","kind":"Deployment"},"all":true,"ports":[{"protocol":"SCTP","from":1,"to":65535},{"protocol":"TCP","from":1,"to":65535},{"protocol":"UDP","from":1,"to":65535}]},',
        '{"src":{"namespace":"front","name":"web","kind":"Deployment"},"dst":{"namespace":"back","name":"db-service","kind":"Deployment"},"all":false,"ports":[{"protocol":"TCP","from":9000,"to":9000}]}',
        ']}',
        '',
      ].join('\n'),
    );
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual(['connections']);
    expect(parsed.connections).toHaveLength(4);
  });
  it('is an empty list for no connections', () => {
    expect(JSON.parse(formatJson({ profile: 'generic', connections: [], warnings: [] }))).toEqual({ connections: [] });
  });
});

describe('csv', () => {
  it('has one row per port range, all expanded, RFC 4180 quoting', () => {
    expect(formatCsv(result)).toBe(
      [
        'src,dst,protocol,from,to',
        '0.0.0.0/0 except 10.0.0.0/8[External],front/web[Deployment],TCP,9000,9000',
        'back/db-service[Deployment],10.20.0.0/16[External],TCP,3306,3306',
        'back/db-service[Deployment],10.20.0.0/16[External],UDP,53,53',
        'back/db-service[Deployment],front/web[Deployment],SCTP,1,65535',
        'back/db-service[Deployment],front/web[Deployment],TCP,1,65535',
        'back/db-service[Deployment],front/web[Deployment],UDP,1,65535',
        'front/web[Deployment],back/db-service[Deployment],TCP,9000,9000',
        '',
      ].join('\n'),
    );
  });
  it('quotes an external range with several excepts', () => {
    const two: AnalysisResult = {
      profile: 'generic',
      connections: [{ src: x('0.0.0.0/0', ['10.0.0.0/8', '192.168.0.0/16']), dst: web, ports: PortSet.of('TCP', 80) }],
      warnings: [],
    };
    expect(formatCsv(two)).toBe('src,dst,protocol,from,to\n"0.0.0.0/0 except 10.0.0.0/8, 192.168.0.0/16[External]",front/web[Deployment],TCP,80,80\n');
  });
  it('quotes commas and doubles quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('plain')).toBe('plain');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });
});

describe('md', () => {
  it('is a table with the profile above it', () => {
    expect(formatMd(result)).toBe(
      [
        '_CNI profile: generic (ipBlock never matches pod IPs)_',
        '',
        '| Source | Destination | Connections |',
        '| --- | --- | --- |',
        '| `0.0.0.0/0 except 10.0.0.0/8[External]` | `front/web[Deployment]` | TCP 9000 |',
        '| `back/db-service[Deployment]` | `10.20.0.0/16[External]` | TCP 3306,UDP 53 |',
        '| `back/db-service[Deployment]` | `front/web[Deployment]` | All Connections |',
        '| `front/web[Deployment]` | `back/db-service[Deployment]` | TCP 9000 |',
        '',
      ].join('\n'),
    );
  });
  it('says so when there is nothing', () => {
    expect(formatMd({ profile: 'generic', connections: [], warnings: [] })).toBe('_No allowed connections._\n');
  });
});

describe('dot', () => {
  it('is a digraph with namespace clusters, external nodes and labelled edges', () => {
    expect(formatDot(result)).toBe(
      [
        'digraph reachwatch {',
        '  rankdir=LR;',
        '  node [shape=box, style=rounded, fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
        '  label="CNI profile: generic (ipBlock never matches pod IPs)";',
        '  labelloc=t;',
        '  subgraph "cluster_back" {',
        '    label="back";',
        '    style=dashed;',
        '    "back/db-service[Deployment]" [label="db-service\\nDeployment"];',
        '  }',
        '  subgraph "cluster_front" {',
        '    label="front";',
        '    style=dashed;',
        '    "front/web[Deployment]" [label="web\\nDeployment"];',
        '  }',
        '  "0.0.0.0/0 except 10.0.0.0/8[External]" [label="0.0.0.0/0\\nexcept 10.0.0.0/8", shape=ellipse, style=dashed];',
        '  "10.20.0.0/16[External]" [label="10.20.0.0/16", shape=ellipse, style=dashed];',
        '  "0.0.0.0/0 except 10.0.0.0/8[External]" -> "front/web[Deployment]" [label="TCP 9000"];',
        '  "back/db-service[Deployment]" -> "10.20.0.0/16[External]" [label="TCP 3306,UDP 53"];',
        '  "back/db-service[Deployment]" -> "front/web[Deployment]" [label="All Connections"];',
        '  "front/web[Deployment]" -> "back/db-service[Deployment]" [label="TCP 9000"];',
        '}',
        '',
      ].join('\n'),
    );
  });
  it('escapes quotes and backslashes in ids', () => {
    expect(dotString('a"b\\c')).toBe('"a\\"b\\\\c"');
  });
});

describe('diff formats', () => {
  const view = {
    profile: 'generic' as const,
    added: [{ src: internet, dst: db, ports: PortSet.of('TCP', 5432) }, connections[0]],
    removed: [{ src: db, dst: web, ports: PortSet.of('UDP', 53) }],
    exposures: [{ connection: { src: internet, dst: db, ports: PortSet.of('TCP', 5432) }, reason: 'internet' as const }],
  };
  it('txt: counted sections with +, - and !', () => {
    expect(formatDiffTxt(view)).toBe(
      [
        '# CNI profile: generic (ipBlock never matches pod IPs)',
        'Added connections: 2',
        '+ 0.0.0.0/0 except 10.0.0.0/8[External] => back/db-service[Deployment] : TCP 5432',
        '+ front/web[Deployment] => back/db-service[Deployment] : TCP 9000',
        'Removed connections: 1',
        '- back/db-service[Deployment] => front/web[Deployment] : UDP 53',
        'New exposures: 1',
        '! 0.0.0.0/0 except 10.0.0.0/8[External] => back/db-service[Deployment] : TCP 5432 (from the internet)',
        '',
      ].join('\n'),
    );
  });
  it('json: added, removed, exposures with a reason', () => {
    const parsed = JSON.parse(formatDiffJson(view));
    expect(Object.keys(parsed)).toEqual(['added', 'removed', 'exposures']);
    expect(parsed.exposures).toEqual([
      {
        src: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] },
        dst: { namespace: 'back', name: 'db-service', kind: 'Deployment' },
        all: false,
        ports: [{ protocol: 'TCP', from: 5432, to: 5432 }],
        reason: 'internet',
      },
    ]);
    expect(parsed.removed[0].ports).toEqual([{ protocol: 'UDP', from: 53, to: 53 }]);
  });
});
