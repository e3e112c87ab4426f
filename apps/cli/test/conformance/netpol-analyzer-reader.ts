/**
 * Readers for the netpol-analyzer part of the corpus (README.txt section 1): case listing, parsed.json,
 * the txt connlist (used to cross-check parsed.json), the explain text, and our AnalysisResult — all into
 * ConnMaps (connmap.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { AnalysisResult, Endpoint, PortSet, atomIntervals, parseCidr } from '@reachwatch/policy-engine';
import { ConnMap, Peer, V4_MAX, parseIpv4, portsFromConnlistText, portsFromExplainText, portsFromParsedConn, workloadKey } from './connmap';
import { corpusDir, readJson } from './corpus';

export type Analysis = 'connlist' | 'exposure' | 'explain' | 'explain_exposure';

export interface CaseMeta {
  case: string;
  input_files: string[];
  expected: Partial<Record<Analysis, { file: string; parsed?: string }>>;
  object_kinds: string[];
}

export interface NpaCase {
  id: string;
  dir: string;
  inputDir: string;
  meta: CaseMeta;
}

export function netpolAnalyzerDir(): string {
  return corpusDir('netpol-analyzer');
}

export function listNpaCases(): NpaCase[] {
  const root = netpolAnalyzerDir();
  const index = readJson<{ cases: { case: string }[] }>(path.join(root, 'index.json'));
  const cases = index.cases.map((c) => c.case).sort();
  const dirs = fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  if (JSON.stringify(cases) !== JSON.stringify(dirs)) {
    throw new Error(`netpol-analyzer/index.json lists ${cases.length} cases but there are ${dirs.length} case dirs`);
  }
  return cases.map((id) => {
    const dir = path.join(root, id);
    return { id, dir, inputDir: path.join(dir, 'input'), meta: readJson<CaseMeta>(path.join(dir, 'meta.json')) };
  });
}

// ---- endpoints as the corpus writes them ----

/** `ns/name[Kind]` or `a.b.c.d-e.f.g.h[External]`. */
export function peerFromText(text: string): Peer {
  const t = text.trim();
  const ip = /^(\d+\.\d+\.\d+\.\d+)-(\d+\.\d+\.\d+\.\d+)\[External\]$/.exec(t);
  if (ip) return { type: 'ip', first: parseIpv4(ip[1]), last: parseIpv4(ip[2]) };
  const w = /^([^/\s[\]]+)\/([^/\s[\]]+)\[([A-Za-z]+)\]$/.exec(t);
  if (w) return { type: 'workload', key: workloadKey(w[1], w[2], w[3]) };
  throw new Error(`unrecognised endpoint "${t}"`);
}

type ParsedPeer =
  | { type: 'workload'; namespace: string; name: string; kind: string }
  | { type: 'ip'; first_int: number; last_int: number }
  | { type: 'fake'; name: string };

function peerFromParsed(p: ParsedPeer): Peer {
  switch (p.type) {
    case 'workload':
      return { type: 'workload', key: workloadKey(p.namespace, p.name, p.kind) };
    case 'ip':
      return { type: 'ip', first: BigInt(p.first_int), last: BigInt(p.last_int) };
    default:
      throw new Error(`endpoint ${JSON.stringify(p)} is not comparable (README: none in the copied cases)`);
  }
}

// ---- expected answers ----

export function readParsedJson(file: string): ConnMap {
  const doc = readJson<{ connections: { src: ParsedPeer; dst: ParsedPeer; conn: unknown }[] }>(file);
  const m = new ConnMap();
  for (const c of doc.connections) m.add(peerFromParsed(c.src), peerFromParsed(c.dst), portsFromParsedConn(c.conn));
  return m;
}

/** The connlist section of a txt output (an exposure file's text before "Exposure Analysis Result:"). */
export function readConnlistTxt(text: string): ConnMap {
  const m = new ConnMap();
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (line.startsWith('Exposure Analysis Result')) break;
    if (!line.trim()) continue;
    const x = /^(\S+) => (\S+) : (.+)$/.exec(line);
    if (!x) throw new Error(`unexpected connlist line "${line}"`);
    m.add(peerFromText(x[1]), peerFromText(x[2]), portsFromConnlistText(x[3]));
  }
  return m;
}

export interface ExplainPair {
  src: string;
  dst: string;
  allowed: PortSet;
  denied: PortSet;
  /** `specific`: from a "Connections between" block; `default`: listed under "All Connections due to the system default". */
  section: 'specific' | 'default';
}

/**
 * Reads an explain output: every "Connections between SRC => DST:" block (union of its "Allowed <ports>"
 * and "Denied <ports>" lines) and the pairs listed under "# All Connections due to the system default".
 * A pair appearing twice, or a block whose Allowed and Denied do not partition all ports, is an error:
 * it means this reader (or the file) is not what we think.
 */
export function readExplainTxt(text: string): ExplainPair[] {
  const out: ExplainPair[] = [];
  const seen = new Set<string>();
  let cur: ExplainPair | undefined;
  let inDefault = false;
  const finish = () => {
    if (!cur) return;
    const overlap = cur.allowed.intersect(cur.denied);
    const cover = cur.allowed.union(cur.denied);
    if (!overlap.isEmpty() || !cover.isAll()) {
      throw new Error(`explain block ${cur.src} => ${cur.dst}: allowed ${cur.allowed} / denied ${cur.denied} do not partition all ports`);
    }
    cur = undefined;
  };
  const push = (p: ExplainPair) => {
    const k = `${p.src} => ${p.dst}`;
    if (seen.has(k)) throw new Error(`explain lists ${k} twice`);
    seen.add(k);
    out.push(p);
  };
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    // explain_exposure files continue with an analyzer-specific exposure section: not compared (README 1.4).
    if (line.startsWith('Exposure Analysis Result')) break;
    if (/^# All Connections due to the system default/.test(line)) {
      finish();
      inDefault = true;
      continue;
    }
    if (line.startsWith('#') || !line.trim() || /^-+$/.test(line)) continue;
    const between = /^Connections between (\S+) => (\S+):$/.exec(line);
    if (between) {
      finish();
      if (inDefault) throw new Error(`"Connections between" after the system-default section: ${line}`);
      cur = { src: between[1], dst: between[2], allowed: PortSet.NONE, denied: PortSet.NONE, section: 'specific' };
      push(cur);
      continue;
    }
    if (inDefault) {
      const pair = /^(\S+) => (\S+)$/.exec(line);
      if (!pair) throw new Error(`unexpected line in the system-default section: "${line}"`);
      push({ src: pair[1], dst: pair[2], allowed: PortSet.ALL, denied: PortSet.NONE, section: 'default' });
      continue;
    }
    const verdict = /^\t(Allowed|Denied) (.+?) due to /.exec(raw);
    if (verdict) {
      if (!cur) throw new Error(`"${line}" outside a "Connections between" block`);
      const ports = portsFromExplainText(verdict[2]);
      if (verdict[1] === 'Allowed') cur.allowed = cur.allowed.union(ports);
      else cur.denied = cur.denied.union(ports);
    }
    // Everything else is a reason line (policies and rules), which we do not compare.
  }
  finish();
  return out;
}

/** The allowed part of an explain output as a ConnMap (pairs it does not list are absent = denied). */
export function explainToConnMap(pairs: readonly ExplainPair[]): ConnMap {
  const m = new ConnMap();
  for (const p of pairs) {
    const src = peerFromText(p.src);
    const dst = peerFromText(p.dst);
    if (src.type === 'ip' && dst.type === 'ip') throw new Error(`explain lists IP-to-IP pair ${p.src} => ${p.dst}`);
    m.add(src, dst, p.allowed);
  }
  return m;
}

// ---- our answer ----

export function endpointPeers(e: Endpoint, notes: string[]): Peer[] {
  if (e.type === 'workload') return [{ type: 'workload', key: workloadKey(e.namespace, e.name, e.kind) }];
  const cidr = parseCidr(e.cidr);
  if (cidr.family !== 4) {
    notes.push(`ignored IPv6 atom ${e.cidr}`);
    return [];
  }
  const except = e.except
    .map((x) => parseCidr(x))
    .filter((x) => x.family === 4)
    .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  return atomIntervals({ cidr, except }).map(([first, last]) => {
    if (last > V4_MAX) throw new Error(`IPv4 atom beyond 255.255.255.255: ${e.cidr}`);
    return { type: 'ip', first, last } as Peer;
  });
}

export function resultToConnMap(r: Pick<AnalysisResult, 'connections'>): ConnMap {
  const m = new ConnMap();
  for (const c of r.connections) {
    const srcs = endpointPeers(c.src, m.notes);
    const dsts = endpointPeers(c.dst, m.notes);
    for (const s of srcs) for (const d of dsts) m.add(s, d, c.ports);
  }
  return m;
}
