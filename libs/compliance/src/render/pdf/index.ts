/**
 * The PDF format: cover, executive summary, per-check findings, the data-flow diagram of each cluster,
 * the per-endpoint table, segmentation matrices and the change log. pdfkit with its built-in fonts;
 * deterministic — the document's dates come from the report, so the same report gives the same bytes.
 */
import PDFDocument from 'pdfkit';
import type { ComplianceReport } from '../../model';
import { pdfText } from '../messages';
import { drawChecks } from './checks';
import { drawCover, drawSummary } from './cover';
import { drawDiagram } from './diagram';
import { drawChangeLog, drawEndpoints, drawSegmentation } from './tables';
import { COLORS, FONT, Writer, safe } from './writer';

export function renderPdf(report: ComplianceReport): Promise<Buffer> {
  const m = report.metadata;
  const created = new Date(m.generatedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    bufferPages: true,
    info: {
      Title: safe(`${pdfText.title(m.frameworkTitle, m.frameworkVersion)} - ${m.scope.description}`),
      Author: 'Reachwatch',
      Subject: safe(`${pdfText.subtitle()}; state ${m.stateHash}`),
      Creator: 'Reachwatch',
      Producer: 'Reachwatch (pdfkit)',
      CreationDate: created,
      ModDate: created,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const w = new Writer(doc);
  drawCover(w, report);
  drawSummary(w, report, doc.outline);
  drawChecks(w, report, doc.outline);
  const diagrams = doc.outline.addItem(pdfText.diagramsHeading());
  for (const c of report.summary.clusters) drawDiagram(w, report, c.cluster, diagrams);
  doc.addPage({ size: 'A4', layout: 'portrait', margin: 48 });
  w.heading(pdfText.segmentationHeading(), 1, doc.outline);
  for (const s of report.segmentation) drawSegmentation(w, s);
  drawEndpoints(w, report, doc.outline);
  drawChangeLog(w, report, doc.outline);
  footers(w, report);
  doc.end();
  return done;
}

function footers(w: Writer, r: ComplianceReport): void {
  const doc = w.doc;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    // Writing inside the bottom margin would make pdfkit open a new page; lift the margin for the footer.
    doc.page.margins.bottom = 0;
    doc.font(FONT.regular).fontSize(7).fillColor(COLORS.muted);
    doc.text(safe(pdfText.footer(`${r.metadata.frameworkTitle} ${r.metadata.frameworkVersion}`, r.metadata.stateHash, i + 1, range.count)), doc.page.margins.left, doc.page.height - 28, {
      width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
      align: 'center',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
}
