/**
 * A thin layer over pdfkit for flowing content: a cursor that breaks pages before (never inside) a
 * block, headings that register in the PDF outline, and tables that repeat their header on each page.
 * Only pdfkit's built-in fonts are used (no download, no embedding), so text goes through `safe()`:
 * their WinAnsi encoding has no arrow or minus sign.
 */
import type PDFDocument from 'pdfkit';

export const COLORS = {
  text: '#212121',
  muted: '#616161',
  rule: '#b0bec5',
  headerFill: '#eceff1',
  findingFill: '#fdecea',
  pass: '#2e7d32',
  fail: '#c62828',
  na: '#9e9e9e',
  approved: '#2e7d32',
  unapproved: '#d32f2f',
  internal: '#1565c0',
  zoneExternal: '#fff8e1',
  zoneOut: '#f5f5f5',
  zoneIn: '#e8f5e9',
};

export const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique', mono: 'Courier' };

const REPLACE: Record<string, string> = { '\r': '', '→': '->', '←': '<-', '−': '-', '≤': '<=', '≥': '>=', '✓': 'v', '✗': 'x' };

/** Text the standard fonts can show: known symbols spelled out, anything else outside Latin-1 as '?'. */
export function safe(text: string): string {
  return text.replace(/[^\u0020-\u00ff\n\t\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac]/g, (ch) => REPLACE[ch] ?? '?');
}

export interface Column {
  header: string;
  /** Share of the available width (the shares of a table are normalised). */
  share: number;
  align?: 'left' | 'right' | 'center';
  font?: string;
}

export interface TableOptions {
  fontSize?: number;
  /** Background of a whole row (e.g. findings). */
  rowFill?: (row: number) => string | undefined;
  /** Text colour of one cell. */
  cellColor?: (row: number, col: number) => string | undefined;
  /** Font of one cell (overrides the column's). */
  cellFont?: (row: number, col: number) => string | undefined;
}

const PAD = 3;
/** Longest cell text drawn; a longer one is cut (the JSON and CSV keep it whole). */
const MAX_CELL = 700;

export class Writer {
  constructor(readonly doc: PDFKit.PDFDocument) {}

  get left(): number {
    return this.doc.page.margins.left;
  }
  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }
  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Starts a new page unless `height` more points fit on this one. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  heading(text: string, level: 1 | 2 | 3, outline?: PDFKit.PDFOutline): PDFKit.PDFOutline | undefined {
    const size = level === 1 ? 18 : level === 2 ? 13 : 11;
    this.ensure(size * 3);
    if (level === 1 && this.doc.y > this.doc.page.margins.top + 1) this.doc.moveDown(0.5);
    this.doc.font(FONT.bold).fontSize(size).fillColor(COLORS.text).text(safe(text), this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(level === 1 ? 0.4 : 0.25);
    return outline?.addItem(safe(text));
  }

  paragraph(text: string, opts: { font?: string; size?: number; color?: string; gap?: number } = {}): void {
    const size = opts.size ?? 9.5;
    const t = safe(text);
    this.doc.font(opts.font ?? FONT.regular).fontSize(size);
    this.ensure(Math.min(this.doc.heightOfString(t, { width: this.width }), 200));
    this.doc.fillColor(opts.color ?? COLORS.text).text(t, this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(opts.gap ?? 0.3);
  }

  /** A table; rows that do not fit go to the next page, under a repeated header. */
  table(columns: Column[], rows: string[][], opts: TableOptions = {}): void {
    const doc = this.doc;
    const size = opts.fontSize ?? 8;
    const total = columns.reduce((n, c) => n + c.share, 0);
    const widths = columns.map((c) => (c.share / total) * this.width);
    const cellText = (v: string) => safe(v.length > MAX_CELL ? `${v.slice(0, MAX_CELL - 1)}…` : v);
    const heightOf = (cells: string[], font: (i: number) => string) =>
      Math.max(...cells.map((v, i) => doc.font(font(i)).fontSize(size).heightOfString(cellText(v) || ' ', { width: widths[i] - 2 * PAD }))) + 2 * PAD;

    const drawRow = (cells: string[], font: (i: number) => string, fill: string | undefined, color: (i: number) => string) => {
      const h = heightOf(cells, font);
      const y = doc.y;
      let x = this.left;
      if (fill) doc.rect(this.left, y, this.width, h).fill(fill);
      cells.forEach((v, i) => {
        doc.font(font(i)).fontSize(size).fillColor(color(i));
        doc.text(cellText(v), x + PAD, y + PAD, { width: widths[i] - 2 * PAD, align: columns[i].align ?? 'left' });
        x += widths[i];
      });
      doc.moveTo(this.left, y + h).lineTo(this.left + this.width, y + h).lineWidth(0.4).strokeColor(COLORS.rule).stroke();
      doc.x = this.left;
      doc.y = y + h;
    };
    const header = () => drawRow(columns.map((c) => c.header), () => FONT.bold, COLORS.headerFill, () => COLORS.text);

    this.ensure(heightOf(columns.map((c) => c.header), () => FONT.bold) * 2 + 4);
    header();
    rows.forEach((cells, r) => {
      const font = (i: number) => opts.cellFont?.(r, i) ?? columns[i].font ?? FONT.regular;
      if (doc.y + heightOf(cells, font) > this.bottom) {
        doc.addPage();
        header();
      }
      drawRow(cells, font, opts.rowFill?.(r), (i) => opts.cellColor?.(r, i) ?? COLORS.text);
    });
    doc.moveDown(0.6);
  }
}

export type Doc = InstanceType<typeof PDFDocument>;
