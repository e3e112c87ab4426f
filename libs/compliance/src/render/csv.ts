/**
 * The CSV format (RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break,
 * quotes doubled): one row per check × object. A check (or one cluster of it) with no evidence still
 * gets a row, with an empty object and its summary as the detail, so every check appears.
 */
import type { ComplianceReport } from '../model';

export const CSV_COLUMNS = ['framework', 'check_id', 'title', 'status', 'finding', 'cluster', 'object', 'detail', 'policy', 'rule'] as const;

export function renderCsv(report: ComplianceReport): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const c of report.checks) {
    const base = [c.framework, c.id, c.title, c.status];
    for (const cl of c.clusters) {
      const evidence = c.evidence.filter((e) => e.cluster === cl.cluster);
      if (evidence.length === 0) rows.push([...base, 'no', cl.cluster, '', cl.summary, '', '']);
      for (const e of evidence) rows.push([...base, e.finding ? 'yes' : 'no', e.cluster, e.object, e.detail, e.policy ?? '', e.rule ?? '']);
    }
  }
  return rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

function field(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
