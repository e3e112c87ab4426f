/**
 * "Which policy and rule allow this flow": the engine's explainConnection, asked at the first port of
 * each allowed port range, read back into (policy, rule) pairs. The engine's public API gives the
 * decision record only as explanation lines, so the phrases below mirror explain.ts; the tests pin
 * every phrase (test/allowing-rules.spec.ts) so a change of wording there fails here, loudly.
 * The lines themselves go into the evidence unchanged.
 */
import {
  atomIntervals,
  formatIp,
  parseCidr,
  type Connection,
  type Explainer,
  type Endpoint,
  type PeerRef,
  type Pod,
} from '@reachwatch/policy-engine';
import { msg } from './messages';

export interface AllowingRule {
  /** The end whose policy decides: the source's egress or the destination's ingress. */
  end: 'egress' | 'ingress';
  /** `namespace/name` of a NetworkPolicy, `AdminNetworkPolicy name`, `BaselineAdminNetworkPolicy name`; absent for the default. */
  policy?: string;
  /** e.g. `ingress rule #1`, `egress rule 'allow-dns' (#2)`, or why no rule was needed. */
  rule: string;
  /** The port it was asked at, e.g. `TCP/443`. */
  port: string;
}

export interface FlowExplanation {
  rules: AllowingRule[];
  /** The explanation lines of the first port asked, for the evidence. */
  lines: string[];
}

/** At most this many port ranges of one flow are explained (each is one explain call). */
export const MAX_EXPLAINED_RANGES = 6;

const NP = /NetworkPolicy (\S+) (ingress|egress) rule #(\d+)/g;
const ADMIN = /(AdminNetworkPolicy|BaselineAdminNetworkPolicy) '([^']+)'(?: \(priority -?\d+\))? allows \S+ by its (ingress|egress) rule '([^']*)' \(#(\d+)\)/;
const NOT_ISOLATED = /no NetworkPolicy selects it for (ingress|egress) \(not isolated\)/;
const HOST_NETWORK = /it uses the host network/;

export function explainFlow(explain: Explainer, podsOf: (e: Endpoint) => readonly Pod[], c: Connection): FlowExplanation {
  const src = peerRef(c.src, podsOf);
  const dst = peerRef(c.dst, podsOf);
  const out: AllowingRule[] = [];
  const seen = new Set<string>();
  let lines: string[] = [];
  for (const r of byProtocolPreference(c.ports.toList()).slice(0, MAX_EXPLAINED_RANGES)) {
    const ex = explain(src, dst, r.protocol, r.from);
    if (lines.length === 0) lines = ex.lines;
    const port = `${r.protocol}/${r.from}`;
    for (const rule of readRules(ex.lines, port)) {
      const key = `${rule.end}|${rule.policy ?? ''}|${rule.rule}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(rule);
    }
  }
  return { rules: out, lines };
}

/** TCP ranges first, then UDP, then SCTP: the port a reader expects to see asked about. */
function byProtocolPreference<T extends { protocol: string }>(ranges: T[]): T[] {
  const rank = (p: string) => ['TCP', 'UDP', 'SCTP'].indexOf(p);
  return [...ranges].sort((a, b) => rank(a.protocol) - rank(b.protocol));
}

/** The allowing (policy, rule) pairs stated by explanation lines; denying lines give none. */
export function readRules(lines: readonly string[], port: string): AllowingRule[] {
  const out: AllowingRule[] = [];
  for (const line of lines) {
    const end = line.startsWith('Egress of the source') ? 'egress' : line.startsWith('Ingress of the destination') ? 'ingress' : undefined;
    if (!end || line.includes(': denied')) continue;
    const admin = ADMIN.exec(line);
    if (admin) {
      out.push({ end, policy: `${admin[1]} ${admin[2]}`, rule: `${admin[3]} rule '${admin[4]}' (#${admin[5]})`, port });
      continue;
    }
    const nps = [...line.matchAll(NP)];
    if (nps.length) {
      for (const m of nps) out.push({ end, policy: m[1], rule: `${m[2]} rule #${m[3]}`, port });
      continue;
    }
    if (NOT_ISOLATED.test(line)) out.push({ end, rule: msg.ruleNotIsolated(end), port });
    else if (HOST_NETWORK.test(line)) out.push({ end, rule: msg.ruleHostNetwork(), port });
  }
  return out;
}

/** Policies and rules as the evidence's two text fields (distinct policies; each rule names its policy). */
export function rulesText(rules: readonly AllowingRule[]): { policy?: string; rule?: string } {
  if (rules.length === 0) return {};
  const policies = [...new Set(rules.flatMap((r) => (r.policy ? [r.policy] : [])))].sort();
  const text = rules.map((r) => `${r.port}: ${r.policy ? `${r.policy} ${r.rule}` : r.rule}`);
  return { policy: policies.length ? policies.join(', ') : undefined, rule: text.join('; ') };
}

/** True when some end lets the flow through only because no policy decides (not isolated, host network). */
export function allowedByDefault(rules: readonly AllowingRule[], end: 'egress' | 'ingress'): boolean {
  return rules.some((r) => r.end === end && r.policy === undefined);
}

function peerRef(e: Endpoint, podsOf: (e: Endpoint) => readonly Pod[]): PeerRef {
  if (e.type === 'workload') {
    const pods = podsOf(e);
    if (pods.length === 0) throw new Error(`no pod for workload ${e.namespace}/${e.name}`);
    return { pod: pods[0] };
  }
  // Every address of an atom is decided alike: its first address stands for it.
  const cidr = parseCidr(e.cidr, true);
  const [first] = atomIntervals({ cidr, except: e.except.map((x) => parseCidr(x, true)) })[0];
  return { ip: formatIp(cidr.family, first) };
}
