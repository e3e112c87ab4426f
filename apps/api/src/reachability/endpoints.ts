import { formatIp, parseCidr, parseIp, type PeerRef } from '@reachwatch/policy-engine';
import { z } from 'zod';
import { ApiError } from '../common/api-error';
import { REST_MSG } from '../clusters/rest-messages';
import type { ClusterSnapshot, WorkloadEntry } from './cluster-snapshot';

/** What a caller typed for one end of a connection. */
export type EndpointSpec =
  | { type: 'workload'; namespace: string; name: string; kind?: string; text: string }
  | { type: 'ip'; ip: string; note?: string };

const WORKLOAD = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-.a-z0-9]*[a-z0-9])?)(?:\[([A-Za-z]+)\])?$/;

/** `ns/name`, `ns/name[Kind]`, an IP address, or a CIDR (its first address). */
export const EndpointQuery = z.string().min(1).max(300).transform((s, ctx): EndpointSpec => {
  const text = s.trim();
  const w = WORKLOAD.exec(text);
  if (w) return { type: 'workload', namespace: w[1], name: w[3], kind: w[5], text };
  try {
    if (text.includes('/')) {
      const c = parseCidr(text, true);
      const ip = formatIp(c.family, c.first);
      return { type: 'ip', ip, note: REST_MSG.cidrFirstAddress(text, ip) };
    }
    parseIp(text);
    return { type: 'ip', ip: text };
  } catch {
    ctx.addIssue({ code: 'custom', message: REST_MSG.badEndpoint });
    return z.NEVER;
  }
});

/** A 400 naming the query parameter, in the shape of every validation error. */
export function badParam(param: string, code: string, message: string): ApiError {
  return new ApiError('validation_failed', message, { issues: [{ path: param, code, message }] });
}

/**
 * The workload a spec names in the snapshot; a 400 with suggestions when none or several match. A lookup by
 * name (per request: a scan of every workload of a large cluster costs milliseconds); only the error path
 * scans, for suggestions.
 */
export function resolveWorkload(param: string, spec: Extract<EndpointSpec, { type: 'workload' }>, snap: ClusterSnapshot): WorkloadEntry {
  const kind = spec.kind?.toLowerCase();
  const found = snap.workloadsNamed(spec.namespace, spec.name).filter((w) => !kind || w.kind.toLowerCase() === kind);
  if (found.length === 1) return found[0];
  if (found.length > 1) throw badParam(param, 'ambiguous_workload', REST_MSG.ambiguousWorkload(spec.text, found.map((w) => w.key)));
  const suggestions = snap.workloads()
    .filter((w) => w.name === spec.name || (w.namespace === spec.namespace && (w.name.includes(spec.name) || spec.name.includes(w.name))))
    .slice(0, 5)
    .map((w) => `${w.namespace}/${w.name}`);
  throw badParam(param, 'unknown_workload', REST_MSG.unknownWorkload(spec.text, suggestions));
}

/** Both ends as engine peer references, with notes on what was chosen for the caller. */
export function resolvePair(snap: ClusterSnapshot, from: EndpointSpec, to: EndpointSpec): { src: PeerRef; dst: PeerRef; notes: string[] } {
  if (from.type === 'ip' && to.type === 'ip') throw badParam('to', 'both_external', REST_MSG.bothExternal);
  const notes: string[] = [];
  const fromW = from.type === 'workload' ? resolveWorkload('from', from, snap) : undefined;
  const toW = to.type === 'workload' ? resolveWorkload('to', to, snap) : undefined;
  if (fromW && toW && fromW === toW) {
    // Two pods of one workload: the first two by name (a pod to itself is not a connection).
    if (fromW.pods.length < 2) throw badParam('to', 'self_pair', REST_MSG.selfPair(fromW.key));
    return { src: { pod: fromW.pods[0] }, dst: { pod: fromW.pods[1] }, notes };
  }
  const ref = (spec: EndpointSpec, w: WorkloadEntry | undefined): PeerRef => {
    if (spec.type === 'ip') {
      if (spec.note) notes.push(spec.note);
      return { ip: spec.ip };
    }
    if (w!.pods.length > 1) notes.push(REST_MSG.severalPods(w!.key, w!.pods.length, w!.pods[0].name));
    return { pod: w!.pods[0] };
  };
  return { src: ref(from, fromW), dst: ref(to, toW), notes };
}
