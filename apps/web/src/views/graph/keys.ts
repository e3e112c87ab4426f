import { formatIp, includesPublicAddresses, ipMatcherIntervals, parseCidr, type Endpoint } from '@reachwatch/policy-engine';

/**
 * Endpoint keys are the API's ids for the two ends of a connection (libs/policy-engine endpointKey):
 * `namespace/name[Kind]` for a workload, `cidr[External]` or `cidr except a,b[External]` for an address
 * range. The graph, the matrix, what-if and the live deltas all speak in them.
 */
const EXTERNAL_SUFFIX = '[External]';
const WORKLOAD_KEY = /^([^/]+)\/(.+)\[([^\]]+)\]$/;

export function parseEndpointKey(key: string): Endpoint | null {
  if (key.endsWith(EXTERNAL_SUFFIX)) {
    const [cidr, except] = key.slice(0, -EXTERNAL_SUFFIX.length).split(' except ');
    return { type: 'external', cidr, except: except ? except.split(',') : [] };
  }
  const m = WORKLOAD_KEY.exec(key);
  return m ? { type: 'workload', namespace: m[1], name: m[2], kind: m[3] } : null;
}

/** The namespace of a workload key; null for an address range (or a key that is neither). */
export function namespaceOfKey(key: string): string | null {
  const e = parseEndpointKey(key);
  return e?.type === 'workload' ? e.namespace : null;
}

/** `internet` when the range holds any public address (the engine's definition), else `cidr`. */
export function externalKind(e: Extract<Endpoint, { type: 'external' }>): 'internet' | 'cidr' {
  try {
    return includesPublicAddresses(e) ? 'internet' : 'cidr';
  } catch {
    return 'cidr';
  }
}

/** A short name for a node: the workload name, or the range with its first except (∖ = set minus). */
export function endpointLabel(e: Endpoint): string {
  if (e.type === 'workload') return e.name;
  if (!e.except.length) return e.cidr;
  return `${e.cidr} ∖ ${e.except[0]}${e.except.length > 1 ? ` +${e.except.length - 1}` : ''}`;
}

/**
 * What `GET …/explain` takes for one end: the workload key itself, or for a range one address inside it
 * (the API would take a CIDR's first address, which an `except` may remove from the range). Null when an
 * except covers the whole range.
 */
export function explainEndpoint(key: string): string | null {
  const e = parseEndpointKey(key);
  if (!e) return null;
  if (e.type === 'workload') return key;
  try {
    const cidr = parseCidr(e.cidr, true);
    const first = ipMatcherIntervals({ cidr, except: e.except.map((x) => parseCidr(x, true)) })[0];
    return first ? formatIp(cidr.family, first[0]) : null;
  } catch {
    return null;
  }
}
