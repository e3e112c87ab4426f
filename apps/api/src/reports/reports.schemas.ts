import { FRAMEWORK_ALIASES, FRAMEWORK_IDS, resolveFramework, type FrameworkId } from '@reachwatch/compliance';
import { z } from 'zod';
import { checkSelectorText } from '../alert-rules/selector-text';
import { ClusterName } from '../clusters/clusters.schemas';
import { cronProblem } from './cron';

/** A framework id or one of its short names (pci, hipaa, cis, nsa), as the CLI takes them; the canonical id is stored. */
export const Framework = z
  .string()
  .trim()
  .max(40)
  .transform((s, ctx): FrameworkId => {
    try {
      return resolveFramework(s);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  })
  .describe(`one of ${FRAMEWORK_IDS.join(', ')} (or ${Object.keys(FRAMEWORK_ALIASES).filter((a) => !(FRAMEWORK_IDS as readonly string[]).includes(a)).join(', ')})`);

/** Namespaces in scope, as kubectl label-selector text over namespace labels; '' = every namespace. */
export const Scope = z
  .string()
  .trim()
  .max(500)
  .default('')
  .superRefine((s, ctx) => checkSelectorText(s, ctx))
  .describe('namespaces in scope: a label selector over namespace labels, e.g. "pci=cde"; empty: every namespace');

const Clusters = z.array(ClusterName).max(1000).default([]).describe("the clusters to cover; empty: every cluster the caller may see");
const PeriodDays = z.coerce.number().int().min(1).max(400).default(30).describe('the change-log period: the days up to the snapshot');

export const GenerateReportBody = z.strictObject({ framework: Framework, scope: Scope, clusters: Clusters, periodDays: PeriodDays });
export type GenerateReportBody = z.infer<typeof GenerateReportBody>;

export const REPORT_FORMATS = ['json', 'csv', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const DownloadQuery = z.strictObject({ format: z.enum(REPORT_FORMATS).default('pdf') });
export type DownloadQuery = z.infer<typeof DownloadQuery>;

export const VerifyQuery = z.strictObject({
  against: z.enum(['snapshot', 'current']).default('snapshot').describe("snapshot: the state at the report's journal positions; current: the state now"),
});
export type VerifyQuery = z.infer<typeof VerifyQuery>;

export const CreateScheduleBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  framework: Framework,
  scope: Scope,
  clusters: Clusters,
  cron: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .superRefine((s, ctx) => {
      const problem = cronProblem(s);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe('when to run, UTC: five cron fields (e.g. "0 6 * * 1") or @daily, @weekly, @monthly; at most once an hour'),
  periodDays: PeriodDays,
});
export type CreateScheduleBody = z.infer<typeof CreateScheduleBody>;
