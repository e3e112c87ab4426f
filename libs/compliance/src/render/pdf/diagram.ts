/**
 * Draws one cluster's data-flow diagram as vector graphics on landscape pages (one, or several when
 * diagram-pages.ts cuts a tall graph), from the layout of diagram-layout.ts. Edge styles tell the status apart by colour AND dash pattern (so it survives
 * greyscale printing): approved solid green, not in the register dashed red, within scope dotted blue.
 */
import type { ComplianceReport, EdgeStatus } from '../../model';
import { EDGE_TEXT, pdfText } from '../messages';
import { layoutDiagram, type Box, type LaidEdge, type LaidNode, type Point } from './diagram-layout';
import { paginateDiagram, type DiagramPage } from './diagram-pages';
import { COLORS, FONT, safe, type Writer } from './writer';

const EDGE_STYLE: Record<EdgeStatus, { color: string; dash?: [number, number]; width: number }> = {
  approved: { color: COLORS.approved, width: 1 },
  unapproved: { color: COLORS.unapproved, dash: [5, 3], width: 1.3 },
  internal: { color: COLORS.internal, dash: [1.2, 2], width: 1 },
};

const ZONE_FILL = { external: COLORS.zoneExternal, 'out-of-scope': COLORS.zoneOut, 'in-scope': COLORS.zoneIn } as const;
const ZONE_TITLE = { external: pdfText.zoneExternal, 'out-of-scope': pdfText.zoneOut, 'in-scope': pdfText.zoneIn } as const;
// Room under the diagram for the legend line and one line of notes.
const LEGEND_H = 42;

export function drawDiagram(w: Writer, report: ComplianceReport, cluster: string, outline?: PDFKit.PDFOutline): void {
  const doc = w.doc;
  doc.addPage({ size: 'A4', layout: 'landscape', margin: 36 });
  w.heading(pdfText.diagram(cluster), 2, outline);
  const nodes = report.dataFlow.nodes.filter((n) => n.cluster === cluster);
  const edges = report.dataFlow.edges.filter((e) => e.cluster === cluster);
  if (!nodes.some((n) => n.zone === 'in-scope')) {
    w.paragraph(pdfText.diagramEmpty(), { color: COLORS.muted });
    return;
  }
  // Every page of one diagram has the same heading, so the same drawing area.
  const titleY = doc.y + 2;
  const area = { x: w.left, y: titleY + 18, w: w.width, h: w.bottom - titleY - 18 - LEGEND_H };
  const pages = paginateDiagram(nodes, edges, area.h);
  pages.forEach((page, i) => {
    if (i > 0) {
      doc.addPage({ size: 'A4', layout: 'landscape', margin: 36 });
      w.heading(pdfText.diagram(cluster), 2);
    }
    if (pages.length > 1) {
      doc.font(FONT.regular).fontSize(9).fillColor(COLORS.muted).text(pdfText.diagramPart(i + 1, pages.length), w.left, w.doc.page.margins.top + 4, { width: w.width, align: 'right', lineBreak: false });
    }
    drawPage(w, page, area, titleY);
  });
}

function drawPage(w: Writer, page: DiagramPage, area: Box, titleY: number): void {
  const doc = w.doc;
  const layout = layoutDiagram(page.nodes, page.edges, area);
  const f = layout.fontSize;

  for (const c of layout.columns) {
    doc.roundedRect(c.x, area.y - 4, c.w, area.h + 8, 6).fill(ZONE_FILL[c.zone]);
    doc.font(FONT.bold).fontSize(9).fillColor(COLORS.muted).text(ZONE_TITLE[c.zone](), c.x, titleY, { width: c.w, align: 'center', lineBreak: false });
  }
  for (const g of layout.groups) {
    if (!g.label) continue;
    doc.roundedRect(g.x + 2, g.y, g.w - 4, g.h, 4).lineWidth(0.6).dash(2, { space: 2 }).strokeColor(COLORS.rule).stroke().undash();
    const fit = fitText(doc, safe(`namespace ${g.label}`), g.w - 12, FONT.italic, f * 0.9);
    doc.font(FONT.italic).fontSize(fit.size).fillColor(COLORS.muted).text(fit.text, g.x + 6, g.y + 2, { lineBreak: false });
  }
  for (const e of layout.edges) drawEdge(doc, e);
  for (const n of layout.nodes) drawNode(doc, n, f);
  for (const e of layout.edges) drawLabel(doc, e, f * 0.9);
  drawLegend(w, area.y + area.h + 10);
  const notes = [
    layout.shownNodes < layout.totalNodes ? pdfText.diagramTruncated(layout.shownNodes, layout.totalNodes) : '',
    page.omittedEdges ? pdfText.diagramOmitted(page.omittedEdges) : '',
  ].filter(Boolean);
  if (notes.length) {
    doc.font(FONT.italic).fontSize(8).fillColor(COLORS.fail).text(notes.join(' '), w.left, area.y + area.h + 24, { width: w.width, align: 'right', lineBreak: false });
  }
}

function drawNode(doc: PDFKit.PDFDocument, n: LaidNode, f: number): void {
  doc.roundedRect(n.x, n.y, n.w, n.h, 3).lineWidth(n.dataStore ? 1.8 : 0.8);
  doc.fillAndStroke('#ffffff', n.internet ? '#ef6c00' : n.dataStore ? '#4e342e' : '#607d8b');
  const badge = n.dataStore ? 'DB' : '';
  const badgeW = badge ? doc.font(FONT.bold).fontSize(f * 0.85).widthOfString(badge) + 6 : 0;
  const font = n.zone === 'external' ? FONT.regular : FONT.bold;
  const fit = fitText(doc, safe(n.label), n.w - 8 - badgeW, font, f);
  doc.font(font).fontSize(fit.size).fillColor(COLORS.text).text(fit.text, n.x + 4, n.y + (n.h - fit.size) / 2, { lineBreak: false });
  if (badge) {
    const bh = Math.min(n.h - 6, f * 1.6);
    const by = n.y + (n.h - bh) / 2;
    doc.roundedRect(n.x + n.w - badgeW - 3, by, badgeW, bh, 2).fill('#4e342e');
    doc.font(FONT.bold).fontSize(f * 0.85).fillColor('#ffffff').text(badge, n.x + n.w - badgeW - 3, by + (bh - f * 0.85) / 2 + 0.5, { width: badgeW, align: 'center', lineBreak: false });
  }
}

/** Shrinks text down to 75 % of `size` to fit `width`, then cuts it with an ellipsis. */
function fitText(doc: PDFKit.PDFDocument, text: string, width: number, font: string, size: number): { text: string; size: number } {
  const measured = doc.font(font).fontSize(size).widthOfString(text);
  if (measured <= width) return { text, size };
  const smaller = Math.max(size * 0.75, (size * width) / measured);
  let t = text;
  doc.fontSize(smaller);
  while (t.length > 1 && doc.widthOfString(`${t}…`) > width) t = t.slice(0, -1);
  return { text: t === text ? t : `${t}…`, size: smaller };
}

function drawEdge(doc: PDFKit.PDFDocument, e: LaidEdge): void {
  const s = EDGE_STYLE[e.status];
  const [p0, c1, c2, p3] = e.curve;
  doc.moveTo(p0[0], p0[1]).bezierCurveTo(c1[0], c1[1], c2[0], c2[1], p3[0], p3[1]).lineWidth(s.width);
  if (s.dash) doc.dash(s.dash[0], { space: s.dash[1] });
  doc.strokeColor(s.color).stroke().undash();
  arrowHead(doc, c2, p3, s.color);
}

function arrowHead(doc: PDFKit.PDFDocument, from: Point, tip: Point, color: string): void {
  let dx = tip[0] - from[0];
  let dy = tip[1] - from[1];
  const len = Math.hypot(dx, dy) || 1;
  dx /= len;
  dy /= len;
  const size = 5;
  const back: Point = [tip[0] - dx * size, tip[1] - dy * size];
  doc
    .polygon(tip, [back[0] - dy * size * 0.5, back[1] + dx * size * 0.5], [back[0] + dy * size * 0.5, back[1] - dx * size * 0.5])
    .fill(color);
}

function drawLabel(doc: PDFKit.PDFDocument, e: LaidEdge, size: number): void {
  const text = safe(e.label);
  doc.font(FONT.regular).fontSize(size);
  const tw = doc.widthOfString(text);
  const [x, y] = e.labelAt;
  doc.rect(x - tw / 2 - 1.5, y - size / 2 - 1, tw + 3, size + 2).fill('#ffffff');
  doc.fillColor(EDGE_STYLE[e.status].color).text(text, x - tw / 2, y - size / 2, { lineBreak: false });
}

function drawLegend(w: Writer, y: number): void {
  const doc = w.doc;
  let x = w.left;
  doc.font(FONT.bold).fontSize(8).fillColor(COLORS.text).text(pdfText.legendTitle(), x, y, { lineBreak: false });
  x += 44;
  for (const status of ['approved', 'unapproved', 'internal'] as EdgeStatus[]) {
    const s = EDGE_STYLE[status];
    doc.moveTo(x, y + 4).lineTo(x + 28, y + 4).lineWidth(s.width);
    if (s.dash) doc.dash(s.dash[0], { space: s.dash[1] });
    doc.strokeColor(s.color).stroke().undash();
    doc.font(FONT.regular).fontSize(8).fillColor(COLORS.text).text(EDGE_TEXT[status], x + 32, y, { lineBreak: false });
    x += 40 + doc.widthOfString(EDGE_TEXT[status]) + 14;
  }
  doc.roundedRect(x, y - 1, 18, 10, 2).lineWidth(1.8).strokeColor('#4e342e').stroke();
  doc.text(`DB = ${pdfText.dataStoreMark()}`, x + 22, y, { lineBreak: false });
  x += 100;
  doc.roundedRect(x, y - 1, 18, 10, 2).lineWidth(0.8).strokeColor('#ef6c00').stroke();
  doc.text(pdfText.internetMark(), x + 22, y, { lineBreak: false });
}
