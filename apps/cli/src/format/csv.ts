import type { Formatter } from './common';
import { endpointText, sortConnections } from './common';

/** RFC 4180 quoting: a field with a comma, quote, CR or LF is quoted, quotes doubled. */
export function csvField(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Header `src,dst,protocol,from,to`; one row per port range (an "all" pair is its three 1-65535 rows). */
export const formatCsv: Formatter = (result) => {
  const rows = ['src,dst,protocol,from,to'];
  for (const c of sortConnections(result.connections)) {
    const src = csvField(endpointText(c.src));
    const dst = csvField(endpointText(c.dst));
    for (const r of c.ports.toList()) rows.push([src, dst, r.protocol, r.from, r.to].join(','));
  }
  return rows.join('\n') + '\n';
};
