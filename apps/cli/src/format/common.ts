/**
 * What every output format shares: how an endpoint is written, the order of connections, and when the CNI
 * profile must be stated. No reachability semantics here; only presentation of the engine's result.
 */
import type { AnalysisResult, CniProfile, Connection, Endpoint } from '@reachwatch/policy-engine';
import { profileDescription } from '../messages';

export interface FormatOptions {
  /** The --cni value as typed (e.g. `cilium`), shown next to the profile it maps to. */
  cniName?: string;
  /**
   * The input has something the profile changes (an ipBlock or ANP `networks`), so the result depends on
   * the profile even when no connection involves an external range.
   */
  profileMatters?: boolean;
}

export type Formatter = (result: AnalysisResult, opts?: FormatOptions) => string;

/** `ns/name[Kind]`, or `cidr except a, b[External]`. */
export function endpointText(e: Endpoint): string {
  return e.type === 'workload'
    ? `${e.namespace}/${e.name}[${e.kind}]`
    : `${e.cidr}${e.except.length ? ` except ${e.except.join(', ')}` : ''}[External]`;
}

export function connectionText(c: Connection): string {
  return `${endpointText(c.src)} => ${endpointText(c.dst)} : ${c.ports.toString()}`;
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** By source text, then destination text, in byte order (as netpol-analyzer sorts its lines). */
export function sortConnections(cs: readonly Connection[]): Connection[] {
  return cs
    .map((c) => ({ c, s: endpointText(c.src), d: endpointText(c.dst) }))
    .sort((x, y) => byteCompare(x.s, y.s) || byteCompare(x.d, y.d))
    .map((x) => x.c);
}

export function involvesExternal(cs: readonly Connection[]): boolean {
  return cs.some((c) => c.src.type === 'external' || c.dst.type === 'external');
}

/** The profile line's text (without any comment marker), or undefined when the result does not depend on it. */
export function profileLine(profile: CniProfile, cs: readonly Connection[], opts: FormatOptions = {}): string | undefined {
  if (!opts.profileMatters && !involvesExternal(cs)) return undefined;
  return `CNI profile: ${profileDescription(profile, opts.cniName)}`;
}

/** JSON shape of an endpoint: {namespace,name,kind} or {cidr,except}. */
export function endpointJson(e: Endpoint): Record<string, unknown> {
  return e.type === 'workload' ? { namespace: e.namespace, name: e.name, kind: e.kind } : { cidr: e.cidr, except: [...e.except] };
}

/** JSON shape of a connection: {src,dst,all,ports}; ports always lists the ranges (see analyze --help). */
export function connectionJson(c: Connection): Record<string, unknown> {
  return { src: endpointJson(c.src), dst: endpointJson(c.dst), all: c.ports.isAll(), ports: c.ports.toList() };
}

/** A JSON array with one element per line: valid JSON that still diffs and greps well. */
export function jsonLines(items: readonly unknown[]): string {
  return items.length ? `[\n${items.map((i) => JSON.stringify(i)).join(',\n')}\n]` : '[]';
}
