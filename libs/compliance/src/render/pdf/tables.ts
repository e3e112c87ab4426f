/** The per-endpoint table, the segmentation matrices and the change log. */
import type { ComplianceReport, EndpointRow, SegmentationMatrix } from '../../model';
import { CELL_TEXT, TABLE_HEADERS, pdfText } from '../messages';
import { COLORS, FONT, type Column, type Writer } from './writer';

const MAX_DIFF_LINES = 24;
/** In-scope namespaces per matrix table (more go to the next table). */
const MATRIX_COLUMNS = 6;

export function drawEndpoints(w: Writer, r: ComplianceReport, outline?: PDFKit.PDFOutline): void {
  w.doc.addPage();
  w.heading(pdfText.endpoints(), 1, outline);
  const frac = (n: number, of: number) => `${n}/${of}`;
  const yn = (b: boolean) => (b ? pdfText.yes() : pdfText.no());
  const cols: Column[] = TABLE_HEADERS.endpoints.map((header, i) => ({ header, share: [1.2, 2.6, 0.6, 0.9, 0.9, 1.3, 0.8, 0.8, 0.8, 0.9][i], align: i >= 2 ? 'center' : 'left' }));
  const rows = r.endpoints.map((e: EndpointRow) => [
    e.cluster,
    `${e.namespace}/${e.workload} [${e.kind}]`,
    String(e.pods),
    frac(e.ingressIsolatedPods, e.pods),
    frac(e.egressIsolatedPods, e.pods),
    `${yn(e.defaultDenyIngress)}/${yn(e.defaultDenyEgress)}`,
    yn(e.hostNetwork),
    yn(e.dataStore),
    yn(e.internetExposed),
    `${e.flowsIn}/${e.flowsOut}`,
  ]);
  const bad = (e: EndpointRow) => e.hostNetwork || e.internetExposed || e.ingressIsolatedPods < e.pods || e.egressIsolatedPods < e.pods;
  w.table(cols, rows, { fontSize: 7.5, rowFill: (i) => (bad(r.endpoints[i]) ? COLORS.findingFill : undefined) });
}

export function drawSegmentation(w: Writer, m: SegmentationMatrix, outline?: PDFKit.PDFOutline): void {
  w.heading(pdfText.segmentation(m.cluster), 2, outline);
  w.paragraph(pdfText.segmentationNote(), { size: 8.5, color: COLORS.muted });
  for (let start = 0; start < Math.max(1, m.columns.length); start += MATRIX_COLUMNS) {
    const cols = m.columns.slice(start, start + MATRIX_COLUMNS);
    const columns: Column[] = [{ header: pdfText.matrixCorner(), share: 1.6, font: FONT.bold }, ...cols.map((c) => ({ header: c, share: 1, align: 'center' as const }))];
    const rows = m.rows.map((row) => [row.from, ...row.cells.slice(start, start + MATRIX_COLUMNS).map((c) => CELL_TEXT[c.status])]);
    w.table(columns, rows, {
      fontSize: 7.5,
      cellColor: (ri, ci) => {
        const cell = ci > 0 ? m.rows[ri].cells[start + ci - 1] : undefined;
        return cell?.status === 'open' ? COLORS.fail : cell?.status === 'approved' ? COLORS.pass : cell ? COLORS.muted : undefined;
      },
      cellFont: (ri, ci) => (ci > 0 && m.rows[ri].cells[start + ci - 1]?.status === 'open' ? FONT.bold : undefined),
    });
  }
}

export function drawChangeLog(w: Writer, r: ComplianceReport, outline?: PDFKit.PDFOutline): void {
  w.doc.addPage();
  w.heading(pdfText.changeLog(), 1, outline);
  if (r.changes === null) return w.paragraph(pdfText.noHistory(), { color: COLORS.muted });
  if (r.changes.length === 0) return w.paragraph(pdfText.noChanges(), { color: COLORS.muted });
  const cols: Column[] = TABLE_HEADERS.changes.map((header, i) => ({ header, share: [1.8, 0.9, 2.4, 0.8, 2.1, 1.5][i] }));
  for (const c of r.changes) {
    w.table(cols, [[c.at, c.cluster, `${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${c.name}`, c.action, c.who || '?', `+${c.impact.added}/-${c.impact.removed} pairs, ${c.impact.newExposures} new exposures`]], {
      fontSize: 7.5,
      rowFill: () => (c.impact.newExposures > 0 || !c.who.trim() ? COLORS.findingFill : undefined),
    });
    const lines = c.diff.split('\n');
    const shown = lines.slice(0, MAX_DIFF_LINES);
    if (lines.length > MAX_DIFF_LINES) shown.push(pdfText.diffCapped(lines.length - MAX_DIFF_LINES));
    w.paragraph(shown.join('\n'), { font: FONT.mono, size: 7, color: COLORS.muted, gap: 0.8 });
  }
}
