import { CniProfile } from './model';
import { PortSet } from './ports';

/** One end of a connection at workload level: a workload, or an external address range (an atom). */
export type Endpoint =
  | { type: 'workload'; namespace: string; name: string; kind: string }
  | { type: 'external'; cidr: string; except: string[] };

export interface Connection {
  src: Endpoint;
  dst: Endpoint;
  /** Never empty in an analysis; in a delta, the ports added or removed. */
  ports: PortSet;
}

export interface EngineWarning {
  code: string;
  message: string;
}

export interface AnalysisResult {
  profile: CniProfile;
  /** Sorted by src then dst (endpointKey order). Self pairs and external→external never appear. */
  connections: Connection[];
  warnings: EngineWarning[];
}

export interface ReachabilityDelta {
  /** Ports newly allowed per pair. */
  added: Connection[];
  /** Ports no longer allowed per pair. */
  removed: Connection[];
}

export function endpointKey(e: Endpoint): string {
  return e.type === 'workload'
    ? `${e.namespace}/${e.name}[${e.kind}]`
    : `${e.cidr}${e.except.length ? ` except ${e.except.join(',')}` : ''}[External]`;
}

export function compareConnections(a: Connection, b: Connection): number {
  const sa = endpointKey(a.src);
  const sb = endpointKey(b.src);
  if (sa !== sb) return sa < sb ? -1 : 1;
  const da = endpointKey(a.dst);
  const db = endpointKey(b.dst);
  return da < db ? -1 : da > db ? 1 : 0;
}
