/** The approved-flow form → the body of POST /approved-flows (apps/api approved-flows.schemas.ts). Pure. */
export interface FlowForm {
  cluster: string;
  sourceType: 'namespace' | 'internet' | 'cidr';
  sourceNamespace: string;
  sourceWorkload: string;
  sourceCidr: string;
  destNamespace: string;
  destWorkload: string;
  ports: string;
  justification: string;
  owner: string;
  approver: string;
  /** ISO 8601 (the form converts its local inputs). */
  approvedAt: string;
  expiresAt: string;
}

export function flowBody(f: FlowForm): Record<string, unknown> {
  const source =
    f.sourceType === 'internet'
      ? { internet: true }
      : f.sourceType === 'cidr'
        ? { cidr: f.sourceCidr.trim() }
        : { namespace: f.sourceNamespace.trim(), ...(f.sourceWorkload.trim() ? { workload: f.sourceWorkload.trim() } : {}) };
  return {
    ...(f.cluster ? { cluster: f.cluster } : {}),
    source,
    destination: { namespace: f.destNamespace.trim(), ...(f.destWorkload.trim() ? { workload: f.destWorkload.trim() } : {}) },
    ports: f.ports.split(',').map((p) => p.trim()).filter(Boolean),
    justification: f.justification.trim(),
    owner: f.owner.trim(),
    approver: f.approver.trim(),
    approvedAt: f.approvedAt,
    ...(f.expiresAt ? { expiresAt: f.expiresAt } : {}),
  };
}

/** A stored source or destination in words: `ns/workload`, `ns (any workload)`, `internet`, a CIDR. */
export function peerText(p: unknown, internetWord: string): string {
  const x = (p ?? {}) as { namespace?: string; workload?: string; internet?: boolean; cidr?: string };
  if (x.internet) return internetWord;
  if (x.cidr) return x.cidr;
  if (x.namespace) return x.workload ? `${x.namespace}/${x.workload}` : `${x.namespace}/*`;
  return '?';
}
