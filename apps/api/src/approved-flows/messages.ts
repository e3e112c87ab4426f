/** Every message of the approved-flows resource a client can read. */
export const APPROVED_FLOWS_MSG = {
  notFound: (id: number) => `No approved flow with id ${id}.`,
  peerForm: 'give exactly one of: namespace (with an optional workload), internet: true, or cidr',
  workloadNeedsNamespace: 'a workload is named within a namespace: add namespace',
  expiresBeforeApproval: 'expiresAt must be after approvedAt',
} as const;
