/** One section per check: id and title, status, requirement, summary, per-cluster verdicts, evidence table. */
import type { CheckResult, ComplianceReport, Evidence } from '../../model';
import { STATUS_TEXT, TABLE_HEADERS, pdfText } from '../messages';
import { statusColor } from './cover';
import { COLORS, FONT, safe, type Writer } from './writer';

/** Evidence rows drawn per check (findings first); the CSV and JSON hold them all. */
export const MAX_EVIDENCE_ROWS = 120;

export function drawChecks(w: Writer, r: ComplianceReport, outline?: PDFKit.PDFOutline): void {
  w.doc.addPage();
  const section = w.heading(pdfText.checksHeading(), 1, outline);
  for (const c of r.checks) drawCheck(w, c, r.summary.clusters.length > 1, section);
}

function drawCheck(w: Writer, c: CheckResult, fleet: boolean, outline?: PDFKit.PDFOutline): void {
  const doc = w.doc;
  w.ensure(120);
  const y = doc.y;
  const badge = STATUS_TEXT[c.status];
  doc.font(FONT.bold).fontSize(10);
  const bw = doc.widthOfString(badge) + 12;
  doc.roundedRect(w.left + w.width - bw, y, bw, 16, 3).fill(statusColor(c.status));
  doc.fillColor('#ffffff').text(badge, w.left + w.width - bw, y + 3.5, { width: bw, align: 'center', lineBreak: false });
  doc.font(FONT.bold).fontSize(12).fillColor(COLORS.text).text(safe(`${c.id}  ${c.title}`), w.left, y + 2, { width: w.width - bw - 8 });
  outline?.addItem(safe(`${c.id} ${STATUS_TEXT[c.status]}`));
  doc.moveDown(0.3);
  w.paragraph(`${pdfText.requirement()}: ${c.requirement}`, { font: FONT.italic, size: 9, color: COLORS.muted });
  w.paragraph(c.summary, { font: FONT.bold, size: 9.5 });
  if (fleet) {
    for (const cl of c.clusters) w.paragraph(`${cl.cluster}: ${STATUS_TEXT[cl.status]} — ${cl.summary}`, { size: 8.5, gap: 0.1 });
    w.doc.moveDown(0.3);
  }
  if (c.evidence.length === 0) {
    w.paragraph(pdfText.noEvidence(), { size: 8.5, color: COLORS.muted, gap: 1 });
    return;
  }
  const ordered = [...c.evidence.filter((e) => e.finding), ...c.evidence.filter((e) => !e.finding)];
  const shown = ordered.slice(0, MAX_EVIDENCE_ROWS);
  w.table(
    [
      { header: TABLE_HEADERS.evidence[0], share: 0.35, align: 'center' },
      { header: TABLE_HEADERS.evidence[1], share: 1 },
      { header: TABLE_HEADERS.evidence[2], share: 2.2 },
      { header: TABLE_HEADERS.evidence[3], share: 3.6 },
      { header: TABLE_HEADERS.evidence[4], share: 2.6 },
    ],
    shown.map((e) => [e.finding ? '!' : '', e.cluster, e.object, e.detail, policyRule(e)]),
    { fontSize: 7.5, rowFill: (i) => (shown[i].finding ? COLORS.findingFill : undefined), cellColor: (i, col) => (col === 0 && shown[i].finding ? COLORS.fail : undefined), cellFont: (_i, col) => (col === 0 ? FONT.bold : undefined) },
  );
  if (shown.length < ordered.length) w.paragraph(pdfText.evidenceCapped(shown.length, ordered.length), { size: 8, color: COLORS.muted });
  w.doc.moveDown(0.6);
}

function policyRule(e: Evidence): string {
  if (e.rule) return e.rule;
  return e.policy ?? '';
}
