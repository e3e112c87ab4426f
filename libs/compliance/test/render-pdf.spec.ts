/**
 * The PDF opens in a real parser (pdfjs-dist) and says what the report says; pages 1 and the diagram
 * are rendered to PNG with poppler's pdftoppm (when installed) into test/artifacts/ for people to look at.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { STATUS_TEXT } from '../src/render/messages';
import { renderPdf } from '../src/render/pdf';
import { fleetReport } from './scenario';

const PDFTOPPM = '/usr/bin/pdftoppm';
const ARTIFACTS = path.join(__dirname, 'artifacts');
const FONTS = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts') + path.sep;

async function pagesText(pdf: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), standardFontDataUrl: FONTS, verbosity: 0 }).promise;
  const out: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    // Items are runs of text; spacing between them is layout, so whitespace is collapsed.
    out.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' ').replace(/\s+/g, ' '));
  }
  await doc.destroy();
  return out;
}

describe('PDF format', () => {
  const report = fleetReport();
  let pdf: Buffer;
  let pages: string[];
  beforeAll(async () => {
    pdf = await renderPdf(report);
    pages = await pagesText(pdf);
  });

  it('is a PDF whose cover names the framework, scope, snapshot time and state hash', () => {
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pages[0]).toContain('PCI DSS v4.0.1');
    expect(pages[0]).toContain('pci=cde');
    expect(pages[0]).toContain(report.metadata.snapshotAt);
    expect(pages[0]).toContain(report.metadata.stateHash);
    expect(pages[0]).toContain('east (generic), west (generic)');
  });

  it('has the executive summary and a section per check, each with its id, title and status', () => {
    const all = pages.join('\n');
    expect(pages[1]).toContain('Executive summary');
    for (const c of report.checks) {
      expect(all).toContain(`${STATUS_TEXT[c.status]} ${c.id} ${c.title}`);
    }
    expect(all).toContain('Requirement: System components that store cardholder data are not directly accessible from untrusted networks.');
    expect(all).toContain('published by payments/postgres-debug (LoadBalancer)');
  });

  it('draws a data-flow diagram per cluster, with node names, namespaces, ports and the legend', () => {
    const east = pages.find((p) => p.includes('Data-flow diagram — east'))!;
    expect(east).toBeDefined();
    for (const label of ['api', 'postgres', 'card-vault', 'frontend', 'prometheus', 'namespace payments', 'namespace vault', 'TCP 8443', 'TCP 9090', 'TCP 8200', 'DB', '203.0.113.0/24 (internet)', 'not in the register', 'approved flow', 'within scope']) {
      expect(east).toContain(label);
    }
    expect(pages.some((p) => p.includes('Data-flow diagram — west') && p.includes('settlement'))).toBe(true);
  });

  it('has the endpoint table, the segmentation matrices and the change log with who, when and the diff', () => {
    const all = pages.join('\n');
    expect(all).toContain('In-scope endpoints');
    expect(all).toContain('payments/postgres [StatefulSet]');
    expect(all).toContain('Segmentation matrix — east');
    expect(all).toContain('OPEN');
    const log = pages.find((p) => p.includes('Change log of the period'))!;
    for (const s of ['mallory@example.com', '2026-10-20T09:30:00Z', 'alice@example.com', 'ipBlock: {cidr: 0.0.0.0/0}', '2 new exposures']) expect(log).toContain(s);
  });

  it('numbers every page in its footer with the state hash', () => {
    pages.forEach((p, i) => expect(p).toContain(`page ${i + 1} of ${pages.length}`));
    expect(pages[3]).toContain(`state ${report.metadata.stateHash.slice(0, 16)}`);
  });

  it('never spills over: every page has content besides its footer', () => {
    for (const p of pages) expect(p.replace(/Reachwatch · .* · page \d+ of \d+/, '').trim().length).toBeGreaterThan(40);
  });

  it('is deterministic: the same report gives the same bytes', async () => {
    expect((await renderPdf(report)).equals(pdf)).toBe(true);
  });

  it('renders page 1 and the diagram to PNG for review (poppler pdftoppm)', (ctx) => {
    if (!fs.existsSync(PDFTOPPM)) {
      ctx.skip(`${PDFTOPPM} is not installed (apt-get install poppler-utils): PNG renderings skipped`);
      return;
    }
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, 'fleet-pci.pdf');
    fs.writeFileSync(file, pdf);
    const diagramPage = pages.findIndex((p) => p.includes('Data-flow diagram — east')) + 1;
    for (const [page, name] of [[1, 'cover'], [diagramPage, 'diagram-east']] as const) {
      execFileSync(PDFTOPPM, ['-r', '110', '-png', '-singlefile', '-f', String(page), '-l', String(page), file, path.join(ARTIFACTS, name)]);
      const png = fs.readFileSync(path.join(ARTIFACTS, `${name}.png`));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.length).toBeGreaterThan(20_000);
    }
  });
});
