import { renderCsv, renderJson, renderPdf, type ComplianceReport } from '@reachwatch/compliance';
import type { ComplianceReportMeta } from '@reachwatch/db';
import type { ReportFormat } from './reports.schemas';

const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
};

/**
 * A stored report rendered for download. The JSON document is the record; CSV and PDF are rendered from it
 * on each download (the renderers are deterministic, so the same report gives the same file).
 */
export async function renderReport(meta: ComplianceReportMeta, document: ComplianceReport, format: ReportFormat) {
  let body: Buffer;
  switch (format) {
    case 'json':
      body = Buffer.from(renderJson(document), 'utf8');
      break;
    case 'csv':
      body = Buffer.from(renderCsv(document), 'utf8');
      break;
    case 'pdf':
      body = Buffer.from(await renderPdf(document));
      break;
    default: {
      const unreachable: never = format;
      throw new Error(`unknown report format ${String(unreachable)}`);
    }
  }
  return { body, contentType: CONTENT_TYPES[format], fileName: fileName(meta, format) };
}

/** `reachwatch-pci-dss-4.0.1-report-12-20261123T1005Z.pdf`: ASCII only, so Content-Disposition needs no encoding. */
export function fileName(meta: ComplianceReportMeta, format: ReportFormat): string {
  const at = meta.snapshotAt.toISOString().replace(/[-:]/g, '').replace(/\d\d\.\d{3}Z$/, 'Z');
  return `reachwatch-${meta.framework.replace(/[^A-Za-z0-9.-]/g, '_')}-report-${meta.id}-${at}.${format}`;
}
