/** What a check computes for one cluster, and the helpers that keep every check's verdict rule the same. */
import type { CheckStatus, Evidence } from '../model';
import type { ClusterContext } from '../context';
import { msg } from '../messages';

export interface ClusterOutcome {
  status: CheckStatus;
  /** One sentence a person can act on. */
  summary: string;
  evidence: Evidence[];
}

export type ClusterCheck = (ctx: ClusterContext) => ClusterOutcome;

/** The verdict rule of every check: fail iff some evidence is a finding. */
export function verdict(evidence: Evidence[], pass: string, fail: (findings: number) => string): ClusterOutcome {
  const findings = evidence.filter((e) => e.finding).length;
  return { status: findings ? 'fail' : 'pass', summary: findings ? fail(findings) : pass, evidence };
}

export function notApplicable(reason: string): ClusterOutcome {
  return { status: 'not-applicable', summary: reason, evidence: [] };
}

/** Checks that look at in-scope namespaces are not applicable when the scope selects none here. */
export function needsNamespaces(ctx: ClusterContext): ClusterOutcome | undefined {
  return ctx.inScopeNamespaces.length ? undefined : notApplicable(msg.noScopeNamespaces());
}

/** Checks that look at in-scope workloads are not applicable when there are none here. */
export function needsWorkloads(ctx: ClusterContext): ClusterOutcome | undefined {
  return needsNamespaces(ctx) ?? (ctx.workloads.some((w) => w.inScope) ? undefined : notApplicable(msg.noScopeWorkloads(ctx.inScopeNamespaces)));
}

/**
 * Several parts of one requirement (e.g. HIPAA access control = default deny + isolation + register):
 * fail when a part fails, pass when some part passes and none fails, not applicable when all are. The
 * summary joins the summaries of the parts that decide the verdict.
 */
export function combine(parts: ClusterOutcome[]): ClusterOutcome {
  const evidence = parts.flatMap((p) => p.evidence);
  const failing = parts.filter((p) => p.status === 'fail');
  if (failing.length) return { status: 'fail', summary: failing.map((p) => p.summary).join(' '), evidence };
  const passing = parts.filter((p) => p.status === 'pass');
  if (passing.length) return { status: 'pass', summary: passing.map((p) => p.summary).join(' '), evidence };
  return { status: 'not-applicable', summary: [...new Set(parts.map((p) => p.summary))].join(' '), evidence };
}
