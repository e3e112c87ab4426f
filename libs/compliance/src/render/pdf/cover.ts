/** The cover page (what, which scope, when, which state) and the executive summary with its bar chart. */
import type { ComplianceReport, StatusCounts } from '../../model';
import { STATUS_TEXT, TABLE_HEADERS, pdfText } from '../messages';
import { COLORS, FONT, safe, type Writer } from './writer';

export function drawCover(w: Writer, r: ComplianceReport): void {
  const doc = w.doc;
  const m = r.metadata;
  doc.rect(0, 0, doc.page.width, 150).fill('#263238');
  doc.font(FONT.bold).fontSize(28).fillColor('#ffffff').text(safe(pdfText.title(m.frameworkTitle, m.frameworkVersion)), w.left, 52, { width: w.width });
  doc.font(FONT.regular).fontSize(13).fillColor('#cfd8dc').text(pdfText.subtitle(), w.left, doc.y + 4, { width: w.width });
  doc.y = 185;
  const rows: [string, string, string?][] = [
    [pdfText.scope(), m.scope.selector && m.scope.selector !== m.scope.description ? `${m.scope.description}  (selector: ${m.scope.selector})` : m.scope.description],
    [pdfText.result(), pdfText.resultLine(r.summary.total.pass, r.summary.total.fail, r.summary.total.notApplicable, r.summary.total.findings)],
    [pdfText.clusters(), r.summary.clusters.map((c) => `${c.cluster} (${c.cni})`).join(', ')],
    [pdfText.period(), `${m.period.from}  to  ${m.period.to}`],
    [pdfText.snapshot(), m.snapshotAt],
    [pdfText.generated(), m.generatedAt],
    [pdfText.stateHash(), m.stateHash, FONT.mono],
    [pdfText.registerHash(), m.approvedFlowsHash, FONT.mono],
  ];
  for (const [label, value, font] of rows) {
    doc.font(FONT.bold).fontSize(10).fillColor(COLORS.muted).text(label, w.left, doc.y, { width: w.width });
    doc.font(font ?? FONT.regular).fontSize(font ? 9.5 : 12).fillColor(COLORS.text).text(safe(value), w.left, doc.y + 1, { width: w.width });
    doc.moveDown(0.7);
  }
  for (const h of m.clusterHashes) {
    doc.font(FONT.mono).fontSize(8).fillColor(COLORS.muted).text(safe(`${h.cluster}: ${h.hash}`), w.left, doc.y, { width: w.width });
  }
  doc.moveDown(1);
  w.paragraph(pdfText.verifyNote(), { size: 9, color: COLORS.muted });
}

export function drawSummary(w: Writer, r: ComplianceReport, outline?: PDFKit.PDFOutline): void {
  const doc = w.doc;
  doc.addPage();
  w.heading(pdfText.summary(), 1, outline);
  const t = r.summary.total;
  w.paragraph(pdfText.inScopeLine(t.inScopeNamespaces, t.inScopeWorkloads));
  w.heading(pdfText.chartTitle(), 3);
  const bars: [string, StatusCounts][] = [[pdfText.total(), t], ...r.summary.clusters.map((c): [string, StatusCounts] => [c.cluster, c])];
  drawBars(w, bars);
  w.heading(pdfText.checksOverview(), 2);
  w.table(
    [
      { header: TABLE_HEADERS.checks[0], share: 1.3 },
      { header: TABLE_HEADERS.checks[1], share: 5 },
      { header: TABLE_HEADERS.checks[2], share: 0.9, align: 'center' },
      { header: TABLE_HEADERS.checks[3], share: 0.9, align: 'right' },
    ],
    r.checks.map((c) => [c.id, c.title, STATUS_TEXT[c.status], String(c.findings)]),
    { fontSize: 9, cellColor: (row, col) => (col === 2 ? statusColor(r.checks[row].status) : undefined), cellFont: (_r, col) => (col === 2 ? FONT.bold : undefined) },
  );
  doc.x = w.left;
}

export function statusColor(s: 'pass' | 'fail' | 'not-applicable'): string {
  return s === 'pass' ? COLORS.pass : s === 'fail' ? COLORS.fail : COLORS.na;
}

/** Horizontal stacked bars, one per row: pass, fail, not applicable, each segment labelled with its count. */
function drawBars(w: Writer, bars: [string, StatusCounts][]): void {
  const doc = w.doc;
  const labelW = 110;
  const barH = 16;
  const max = Math.max(1, ...bars.map(([, c]) => c.pass + c.fail + c.notApplicable));
  const scale = (w.width - labelW - 10) / max;
  w.ensure(bars.length * (barH + 6) + 24);
  for (const [label, c] of bars) {
    const y = doc.y;
    doc.font(FONT.regular).fontSize(9).fillColor(COLORS.text).text(safe(label), w.left, y + 4, { width: labelW - 6, lineBreak: false, ellipsis: true });
    let x = w.left + labelW;
    for (const [n, color] of [[c.pass, COLORS.pass], [c.fail, COLORS.fail], [c.notApplicable, COLORS.na]] as const) {
      if (n === 0) continue;
      doc.rect(x, y, n * scale, barH).fill(color);
      doc.font(FONT.bold).fontSize(8).fillColor('#ffffff').text(String(n), x, y + 4.5, { width: n * scale, align: 'center', lineBreak: false });
      x += n * scale;
    }
    doc.y = y + barH + 6;
  }
  // Legend
  let x = w.left + labelW;
  const y = doc.y + 2;
  for (const [text, color] of [[pdfText.legendPass(), COLORS.pass], [pdfText.legendFail(), COLORS.fail], [pdfText.legendNa(), COLORS.na]] as const) {
    doc.rect(x, y, 9, 9).fill(color);
    doc.font(FONT.regular).fontSize(8).fillColor(COLORS.text).text(text, x + 12, y + 1, { lineBreak: false });
    x += 24 + doc.widthOfString(text);
  }
  doc.x = w.left;
  doc.y = y + 20;
}
