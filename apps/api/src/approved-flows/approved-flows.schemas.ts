import { portSpecSet } from '@reachwatch/compliance';
import { parseCidr } from '@reachwatch/policy-engine';
import { z } from 'zod';
import { ClusterName } from '../clusters/clusters.schemas';
import { Cursor, Instant, Limit, NamespaceName } from '../clusters/query';
import { APPROVED_FLOWS_MSG } from './messages';

/** A workload's name (a DNS-1123 subdomain, as Kubernetes names Deployments, StatefulSets, …). */
const WorkloadName = z.string().regex(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, 'not a workload name');

/** An address range, normalised (`10.20.0.0/16`); the engine's parser, strict about host bits. */
const Cidr = z.string().trim().max(60).transform((s, ctx) => {
  try {
    return parseCidr(s).text;
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

/** A source: one of `{namespace, workload?}`, `{internet: true}`, `{cidr}` — each field checked on its own. */
const Source = z
  .strictObject({ namespace: NamespaceName.optional(), workload: WorkloadName.optional(), internet: z.literal(true).optional(), cidr: Cidr.optional() })
  .superRefine((s, ctx) => {
    const forms = [s.namespace !== undefined, s.internet !== undefined, s.cidr !== undefined].filter(Boolean).length;
    if (forms !== 1) ctx.addIssue({ code: 'custom', message: APPROVED_FLOWS_MSG.peerForm });
    else if (s.workload !== undefined && s.namespace === undefined) ctx.addIssue({ code: 'custom', path: ['workload'], message: APPROVED_FLOWS_MSG.workloadNeedsNamespace });
  })
  .transform((s) => (s.internet ? { internet: true as const } : s.cidr !== undefined ? { cidr: s.cidr } : { namespace: s.namespace!, ...(s.workload ? { workload: s.workload } : {}) }));

const Destination = z
  .strictObject({ namespace: NamespaceName, workload: WorkloadName.optional() })
  .transform((d) => ({ namespace: d.namespace, ...(d.workload ? { workload: d.workload } : {}) }));

/** `TCP/5432`, `UDP/53`, `TCP/8000-8080`, `TCP` (every TCP port), `any` — read by libs/compliance, which judges flows with it. */
const PortSpec = z.string().trim().min(1).max(40).superRefine((s, ctx) => {
  try {
    portSpecSet(s);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
  }
});

export const CreateApprovedFlowBody = z
  .strictObject({
    cluster: ClusterName.optional().describe('the cluster it holds in; absent: every cluster'),
    source: Source,
    destination: Destination,
    ports: z.array(PortSpec).min(1).max(100),
    justification: z.string().trim().min(1).max(2000),
    owner: z.string().trim().min(1).max(200),
    approver: z.string().trim().min(1).max(200),
    approvedAt: Instant,
    expiresAt: Instant.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.expiresAt && b.expiresAt.getTime() <= b.approvedAt.getTime()) ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: APPROVED_FLOWS_MSG.expiresBeforeApproval });
  });
export type CreateApprovedFlowBody = z.infer<typeof CreateApprovedFlowBody>;

export const ApprovedFlowsQuery = z.strictObject({
  cluster: ClusterName.optional().describe("only the entries that hold in this cluster (its own and the fleet-wide ones)"),
  limit: Limit(500, 100),
  cursor: Cursor(z.number().int().positive()).optional(),
});
export type ApprovedFlowsQuery = z.infer<typeof ApprovedFlowsQuery>;
