/**
 * The approved-flows register (PCI DSS 1.2.5): validating entries, and which allowed ports of a flow
 * they cover. An entry covers a flow when its cluster (if any) is the flow's, it is in force at the
 * snapshot time (approvedAt ≤ snapshot, and not past expiresAt), both ends match and the port is listed.
 *
 * Matching ends: `{namespace}` matches any workload of that namespace, `{namespace, workload}` the
 * workload of that name (any kind); `internet` matches an external range that holds public addresses
 * (the engine's includesPublicAddresses); `{cidr}` an external range inside that CIDR; `any` anything.
 */
import { parse as parseYaml } from 'yaml';
import { PortSet, cidrContains, includesPublicAddresses, parseCidr, type Endpoint } from '@reachwatch/policy-engine';
import { ComplianceError } from './errors';
import { msg } from './messages';
import type { ApprovedFlow, FlowPeer } from './model';

/** Reads a register file's text (YAML or JSON): a list of entries, or `{approvedFlows: [...]}`. */
export function parseApprovedFlows(text: string, source = 'approved flows'): ApprovedFlow[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new ComplianceError('BAD_APPROVED_FLOWS', msg.flowsNotYaml(source, (e as Error).message.split('\n')[0]));
  }
  return validateApprovedFlows(doc ?? [], source);
}

/** Checks a parsed register field by field; every problem names the entry (by index and id) and the field. */
export function validateApprovedFlows(doc: unknown, source = 'approved flows'): ApprovedFlow[] {
  const list = Array.isArray(doc) ? doc : isObject(doc) && Array.isArray(doc.approvedFlows) ? doc.approvedFlows : undefined;
  if (!list) throw new ComplianceError('BAD_APPROVED_FLOWS', msg.flowsNotList(source));
  const seen = new Set<string>();
  return list.map((raw, i) => {
    const where = (field: string) => msg.flowsWhere(source, i, isObject(raw) && typeof raw.id === 'string' ? raw.id : undefined, field);
    if (!isObject(raw)) throw bad(where(''), msg.flowsNotObject());
    const str = (field: string, optional = false): string | undefined => {
      const v = raw[field] instanceof Date ? (raw[field] as Date).toISOString() : raw[field];
      if (v === undefined && optional) return undefined;
      if (typeof v !== 'string' || v.trim() === '') throw bad(where(field), msg.flowsNeedsText());
      return v.trim();
    };
    const id = str('id')!;
    if (seen.has(id)) throw bad(where('id'), msg.flowsDuplicateId(id));
    seen.add(id);
    const approvedAt = str('approvedAt')!;
    const expiresAt = str('expiresAt', true);
    for (const [f, v] of [['approvedAt', approvedAt], ['expiresAt', expiresAt]] as const) {
      if (v !== undefined && Number.isNaN(Date.parse(v))) throw bad(where(f), msg.flowsBadTime(v));
    }
    if (!Array.isArray(raw.ports) || raw.ports.length === 0) throw bad(where('ports'), msg.flowsNeedsPorts());
    const ports = raw.ports.map((p) => String(p).trim());
    ports.forEach((p) => portSpecSet(p, where('ports')));
    const entry: ApprovedFlow = {
      id,
      from: flowPeer(raw.from, where('from')),
      to: flowPeer(raw.to, where('to')),
      ports,
      justification: str('justification')!,
      owner: str('owner')!,
      approver: str('approver')!,
      approvedAt,
    };
    const cluster = str('cluster', true);
    if (cluster !== undefined) entry.cluster = cluster;
    if (expiresAt !== undefined) entry.expiresAt = expiresAt;
    return entry;
  });
}

function flowPeer(v: unknown, where: string): FlowPeer {
  if (v === 'internet' || v === 'any') return v;
  if (isObject(v) && typeof v.cidr === 'string') {
    try {
      return { cidr: parseCidr(v.cidr, true).text };
    } catch (e) {
      throw bad(where, (e as Error).message);
    }
  }
  if (isObject(v) && typeof v.namespace === 'string' && v.namespace !== '') {
    if (v.workload !== undefined && (typeof v.workload !== 'string' || v.workload === '')) throw bad(where, msg.flowsBadPeer());
    return v.workload === undefined ? { namespace: v.namespace } : { namespace: v.namespace, workload: v.workload };
  }
  throw bad(where, msg.flowsBadPeer());
}

/** `TCP/5432`, `udp/53`, `TCP/8000-8080`, `TCP` (all TCP ports), `any`. */
export function portSpecSet(spec: string, where = 'ports'): PortSet {
  const s = spec.trim();
  if (/^(any|all)$/i.test(s)) return PortSet.ALL;
  const m = /^(tcp|udp|sctp)(?:\/(\d+)(?:-(\d+))?)?$/i.exec(s);
  const proto = m?.[1].toUpperCase() as 'TCP' | 'UDP' | 'SCTP' | undefined;
  if (!m || !proto) throw bad(where, msg.flowsBadPort(spec));
  if (m[2] === undefined) return PortSet.protocol(proto);
  const from = Number(m[2]);
  const to = m[3] === undefined ? from : Number(m[3]);
  if (from < 1 || to > 65535 || to < from) throw bad(where, msg.flowsBadPort(spec));
  return PortSet.of(proto, from, to);
}

/** Whether an entry counts at `at` (ISO): approved by then and not yet expired. */
export function inForce(f: ApprovedFlow, at: string): boolean {
  const t = Date.parse(at);
  return Date.parse(f.approvedAt) <= t && (f.expiresAt === undefined || t <= Date.parse(f.expiresAt));
}

export function peerMatches(peer: FlowPeer, e: Endpoint): boolean {
  if (peer === 'any') return true;
  if (peer === 'internet') return e.type === 'external' && includesPublicAddresses(e);
  if ('cidr' in peer) return e.type === 'external' && sameFamilyInside(peer.cidr, e.cidr);
  return e.type === 'workload' && e.namespace === peer.namespace && (peer.workload === undefined || peer.workload === e.name);
}

function sameFamilyInside(outer: string, inner: string): boolean {
  const o = parseCidr(outer, true);
  const i = parseCidr(inner, true);
  return o.family === i.family && cidrContains(o, i);
}

export interface Coverage {
  approved: PortSet;
  unapproved: PortSet;
  /** Ids of the in-force entries that cover some of the ports, sorted. */
  approvals: string[];
  /** Ids of entries that would match this flow but are not in force (expired or not yet approved), sorted. */
  lapsed: string[];
}

/** Which of a flow's ports the register covers in `cluster` at time `at`. */
export function coverage(register: readonly ApprovedFlow[], cluster: string, src: Endpoint, dst: Endpoint, ports: PortSet, at: string): Coverage {
  let approved = PortSet.NONE;
  const approvals: string[] = [];
  const lapsed: string[] = [];
  for (const f of register) {
    if (f.cluster !== undefined && f.cluster !== cluster) continue;
    if (!peerMatches(f.from, src) || !peerMatches(f.to, dst)) continue;
    const covered = f.ports.reduce((acc, p) => acc.union(portSpecSet(p)), PortSet.NONE).intersect(ports);
    if (covered.isEmpty()) continue;
    if (!inForce(f, at)) {
      lapsed.push(f.id);
      continue;
    }
    approved = approved.union(covered);
    approvals.push(f.id);
  }
  return { approved, unapproved: ports.subtract(approved), approvals: approvals.sort(), lapsed: lapsed.sort() };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bad(where: string, what: string): ComplianceError {
  return new ComplianceError('BAD_APPROVED_FLOWS', `${where}${what}`);
}
