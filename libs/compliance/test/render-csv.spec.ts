import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, renderCsv } from '../src/render/csv';
import { fleetReport } from './scenario';

/** RFC 4180, strictly: CRLF records, quoted fields with doubled quotes; anything else is an error. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const field = (): string => {
    if (text[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            v += '"';
            i += 2;
            continue;
          }
          i++;
          return v;
        }
        v += text[i++];
      }
    }
    let v = '';
    while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
      if (text[i] === '"' || text[i] === '\n') throw new Error(`bare ${JSON.stringify(text[i])} in an unquoted field at ${i}`);
      v += text[i++];
    }
    return v;
  };
  while (i < text.length) {
    row.push(field());
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text.slice(i, i + 2) !== '\r\n') throw new Error(`expected CRLF at ${i}`);
    i += 2;
    rows.push(row);
    row = [];
  }
  return rows;
}

describe('CSV format', () => {
  const r = fleetReport();
  const rows = parseCsv(renderCsv(r));

  it('has the documented header and the same number of fields in every row', () => {
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows.every((x) => x.length === CSV_COLUMNS.length)).toBe(true);
  });

  it('one row per check × object; a check without evidence in a cluster gets one row with its summary', () => {
    const expected = r.checks.reduce((n, c) => n + c.clusters.reduce((m, cl) => m + Math.max(1, c.evidence.filter((e) => e.cluster === cl.cluster).length), 0), 0);
    expect(rows.length - 1).toBe(expected);
    for (const c of r.checks) expect(rows.some((x) => x[1] === c.id && x[3] === c.status)).toBe(true);
    const quiet = r.checks.find((c) => c.id === '1.2.6')!; // passes with no evidence in either cluster
    expect(rows.filter((x) => x[1] === '1.2.6')).toEqual(quiet.clusters.map((cl) => ['pci-dss-4.0.1', '1.2.6', quiet.title, quiet.status, 'no', cl.cluster, '', cl.summary, '', '']));
  });

  it('round-trips every evidence field, commas and arrows included', () => {
    const c = r.checks.find((x) => x.id === '1.2.5')!;
    const mine = rows.filter((x) => x[1] === '1.2.5').map((x) => ({ cluster: x[5], object: x[6], detail: x[7], policy: x[8], rule: x[9], finding: x[4] === 'yes' }));
    expect(mine).toEqual(c.evidence.map((e) => ({ cluster: e.cluster, object: e.object, detail: e.detail, policy: e.policy ?? '', rule: e.rule ?? '', finding: e.finding })));
  });

  it('quotes fields with quotes, commas and line breaks (RFC 4180)', () => {
    const tricky = structuredClone(r);
    tricky.checks[0].evidence[0] = { cluster: 'east', object: 'ns "a", b', detail: 'line 1\r\nline 2\nand "3"', finding: true };
    const text = renderCsv(tricky);
    expect(text).toContain('"ns ""a"", b","line 1\r\nline 2\nand ""3"""');
    expect(parseCsv(text).find((x) => x[6] === 'ns "a", b')?.[7]).toBe('line 1\r\nline 2\nand "3"');
  });
});
