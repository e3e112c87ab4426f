/**
 * Reports page logic: the frameworks on offer, a report's pass/fail counts from its stored summary, and
 * the download links. Pure.
 */
export const FRAMEWORKS = [
  { id: 'pci-dss-4.0.1', label: 'PCI DSS v4.0.1 (req. 1.2, 1.3, 1.4, 11.4.5)' },
  { id: 'hipaa', label: 'HIPAA 45 CFR 164.312' },
  { id: 'cis-k8s', label: 'CIS Kubernetes 5.3.2' },
  { id: 'nsa-cisa', label: 'NSA/CISA Kubernetes hardening' },
] as const;

export const FORMATS = ['pdf', 'csv', 'json'] as const;
export type ReportFormat = (typeof FORMATS)[number];

/** GET /reports items (apps/api reports/report-view.ts). */
export interface ReportItem {
  id: number;
  framework: string;
  frameworkTitle?: string;
  period?: { from: string; to: string };
  scope: string;
  clusters: string[];
  createdAt: string;
  createdBy?: string | null;
  snapshotAt: string;
  stateHash: string;
  summary: unknown;
}

/** POST /reports/{id}/verify: whether the state hash recomputed now matches the report's. */
export interface Verification {
  matches: boolean;
  stateHash?: string;
  note?: string;
  clusters?: { cluster: string; matches: boolean; problem?: string }[];
}

/** One line for a verification: the verdict, the clusters that differ (or could not be rebuilt), the note. */
export function verificationText(v: Verification): { ok: boolean; detail: string } {
  const bad = (v.clusters ?? []).filter((c) => !c.matches).map((c) => (c.problem ? `${c.cluster}: ${c.problem}` : c.cluster));
  return { ok: v.matches, detail: [bad.join('; '), v.note ?? ''].filter(Boolean).join(' — ') };
}

export interface Counts {
  pass: number;
  fail: number;
  notApplicable: number;
}

/** `{pass, fail, notApplicable}` at the top of the summary or under `total` (libs/compliance ReportSummary). */
export function reportCounts(summary: unknown): Counts | null {
  const s = summary as { pass?: unknown; fail?: unknown; notApplicable?: unknown; total?: unknown } | null;
  const pick = (o: { pass?: unknown; fail?: unknown; notApplicable?: unknown } | null | undefined): Counts | null =>
    o && typeof o.pass === 'number' && typeof o.fail === 'number' ? { pass: o.pass, fail: o.fail, notApplicable: typeof o.notApplicable === 'number' ? o.notApplicable : 0 } : null;
  return pick(s) ?? pick(s?.total as typeof s);
}

export function frameworkLabel(id: string): string {
  return FRAMEWORKS.find((f) => f.id === id)?.label ?? id;
}

export function downloadHref(id: number, format: ReportFormat): string {
  return `/api/v1/reports/${id}/download?format=${format}`;
}

/** "a, b" → ['a', 'b'] (sorted, unique; empty means every cluster the user may see). */
export function clusterList(text: string): string[] {
  return [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))].sort();
}

/** A short hash for a table cell; the full one is in the title. */
export function shortHash(h: string): string {
  const hex = h.replace(/^sha256:/, '');
  return hex.length > 12 ? `${hex.slice(0, 12)}…` : hex;
}
