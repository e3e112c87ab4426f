import { readNamespaces } from '../graph/params';
import { formatPortQuery, parsePortQuery, type PortQuery } from '../graph/ports';

/** The API takes at most this many namespaces per matrix. */
export const MAX_NAMESPACES = 50;

/**
 * The matrix's state in the URL:
 *   ns=a,b,c     the namespaces shown (absent: the first 50 by name)
 *   src=a&dst=b  drilled into the workloads of a → b
 *   cell=<row>→<col>  the selected cell (namespace names, or workload keys when drilled)
 *   eport=TCP/80 the port a workload cell is explained on
 */
export interface MatrixParams {
  namespaces: string[];
  drill: { src: string; dst: string } | null;
  cell: { src: string; dst: string } | null;
  explainPort: PortQuery | null;
}

export function decodeMatrixParams(p: Readonly<Record<string, string>>): MatrixParams {
  const ns = readNamespaces(p.ns).names.slice(0, MAX_NAMESPACES);
  const drillNs = readNamespaces([p.src, p.dst].join(',')).names;
  const drill = p.src && p.dst && drillNs.includes(p.src) && drillNs.includes(p.dst) ? { src: p.src, dst: p.dst } : null;
  const [src, dst] = (p.cell ?? '').split('→');
  return { namespaces: ns, drill, cell: src && dst ? { src, dst } : null, explainPort: parsePortQuery(p.eport) };
}

export function encodeMatrixParams(m: MatrixParams): Record<string, string | undefined> {
  return {
    ns: m.namespaces.length ? [...new Set(m.namespaces)].sort().join(',') : undefined,
    src: m.drill?.src,
    dst: m.drill?.dst,
    cell: m.cell ? `${m.cell.src}→${m.cell.dst}` : undefined,
    eport: m.explainPort ? formatPortQuery(m.explainPort) : undefined,
  };
}
