/** The JSON format: the report as is (its shape is the published schema, schema/report.schema.json). */
import type { ComplianceReport } from '../model';
import schema from '../../schema/report.schema.json';

/** The published JSON Schema (draft 2020-12) of renderJson's output. */
export const REPORT_SCHEMA: Readonly<Record<string, unknown>> = schema;

export function renderJson(report: ComplianceReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
