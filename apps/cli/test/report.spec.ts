/**
 * `reachwatch report` on the demo scenario with known gaps (demo/pci, documented in its README): each
 * check's verdict, in every format, for PCI DSS and HIPAA.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO, cli } from './helpers';

const PCI = path.join(DEMO, 'pci');
const AT = '2026-11-01T00:00:00Z';
const base = (framework: string, format: string) => ['report', 'k8s', '--framework', framework, '--scope', 'pci=cde', '--approved-flows', 'approved-flows.yaml', '--at', AT, '--format', format];
const run = (argv: string[]) => cli(argv, { cwd: PCI });

/** The known gaps of demo/pci: each check's verdict and the objects of its findings. */
const PCI_VERDICTS: Record<string, [string, string[]]> = {
  '1.2.1': ['fail', ['vault']],
  '1.2.2': ['not-applicable', []],
  '1.2.4': ['fail', ['vault/card-vault → 0.0.0.0/0 except 203.0.113.0/24', 'vault/card-vault → 203.0.113.0/24', 'vault/card-vault → monitoring/prometheus', 'vault/card-vault → shop/frontend']],
  '1.2.5': [
    'fail',
    [
      '0.0.0.0/0 except 203.0.113.0/24 → payments/postgres',
      '203.0.113.0/24 → payments/postgres',
      'monitoring/prometheus → payments/api',
      'vault/card-vault → 0.0.0.0/0 except 203.0.113.0/24',
      'vault/card-vault → 203.0.113.0/24',
      'vault/card-vault → monitoring/prometheus',
      'vault/card-vault → shop/frontend',
    ],
  ],
  '1.2.6': ['pass', []],
  '1.3.1': ['pass', []],
  '1.3.2': ['fail', ['vault/card-vault']],
  '1.4.2': ['fail', ['0.0.0.0/0 except 203.0.113.0/24 → payments/postgres', '203.0.113.0/24 → payments/postgres']],
  '1.4.4': ['fail', ['0.0.0.0/0 except 203.0.113.0/24 → payments/postgres', '203.0.113.0/24 → payments/postgres']],
  '11.4.5': ['fail', ['monitoring → payments']],
};

const HIPAA_VERDICTS: Record<string, [string, string[]]> = {
  '164.312(a)(1)': ['fail', ['0.0.0.0/0 except 203.0.113.0/24 → payments/postgres', '203.0.113.0/24 → payments/postgres', 'monitoring/prometheus → payments/api']],
  '164.312(b)': ['not-applicable', []],
  '164.312(e)(1)': ['fail', ['vault/card-vault → 0.0.0.0/0 except 203.0.113.0/24']],
  '164.308(a)(1)(ii)(D)': ['fail', PCI_VERDICTS['1.2.5'][1]],
};

interface JsonCheck {
  id: string;
  status: string;
  evidence: { object: string; detail: string; policy?: string; rule?: string; finding: boolean }[];
}

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  const re = /("(?:[^"]|"")*"|[^,\r\n"]*)(,|\r\n)/gy;
  let row: string[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    row.push(m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1]);
    if (m[2] === '\r\n') {
      rows.push(row);
      row = [];
    }
    if (re.lastIndex === text.length) break;
  }
  expect(re.lastIndex, 'the whole text parses').toBe(text.length);
  return rows;
}

describe.each([
  ['pci', PCI_VERDICTS],
  ['hipaa', HIPAA_VERDICTS],
])('reachwatch report --framework %s on demo/pci', (framework, verdicts) => {
  it('json: every check has its known verdict and findings', async () => {
    const r = await run(base(framework, 'json'));
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.checks.map((c: JsonCheck) => c.id)).toEqual(Object.keys(verdicts));
    for (const c of report.checks as JsonCheck[]) {
      const [status, objects] = verdicts[c.id];
      expect([c.id, c.status]).toEqual([c.id, status]);
      expect(c.evidence.filter((e) => e.finding).map((e) => e.object)).toEqual(objects);
    }
    expect(report.metadata).toMatchObject({ snapshotAt: AT, generatedAt: AT, scope: { selector: 'pci=cde' } });
    expect(report.changes).toBeNull();
    expect(r.stderr).toMatch(/^checks: \d+ passed, \d+ failed, \d+ not applicable; \d+ findings\n$/);
  });

  it('csv: parses back into the same verdicts', async () => {
    const r = await run(base(framework, 'csv'));
    expect(r.code).toBe(0);
    const [header, ...rows] = parseCsv(r.stdout);
    expect(header).toEqual(['framework', 'check_id', 'title', 'status', 'finding', 'cluster', 'object', 'detail', 'policy', 'rule']);
    for (const [id, [status, objects]] of Object.entries(verdicts)) {
      const mine = rows.filter((x) => x[1] === id);
      expect(new Set(mine.map((x) => x[3]))).toEqual(new Set([status]));
      expect(mine.filter((x) => x[4] === 'yes').map((x) => x[6])).toEqual(objects);
      expect(mine.every((x) => x[5] === 'manifests')).toBe(true);
    }
  });

  it('pdf: written with -o, opens, and names every check', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-report-'));
    const file = path.join(dir, `${framework}.pdf`);
    const r = await run([...base(framework, 'pdf'), '-o', file]);
    expect(r.code).toBe(0);
    const pdf = fs.readFileSync(file);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf);
    for (const id of Object.keys(verdicts)) expect(text).toContain(id);
    expect(text).toContain('No change history: report from manifests.');
    fs.rmSync(dir, { recursive: true });
  });
});

async function pdfText(pdf: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const fonts = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts') + path.sep;
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), standardFontDataUrl: fonts, verbosity: 0 }).promise;
  let out = '';
  for (let i = 1; i <= doc.numPages; i++) out += (await (await doc.getPage(i)).getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join(' ') + '\n';
  await doc.destroy();
  return out.replace(/\s+/g, ' ');
}
