import type { Cluster, ClusterStatus, PostureSummary } from '@reachwatch/db';

const EMPTY: PostureSummary = {
  namespaces: 0, pods: 0, ingressIsolatedPods: 0, egressIsolatedPods: 0, defaultDenyIngressNamespaces: 0, defaultDenyEgressNamespaces: 0,
  internetExposedNamespaces: 0, crossNamespaceReachableNamespaces: 0, averageScore: null, minScore: null,
};

/** A cluster as the API shows it: identity, agent, sync, journal lag (head − worker cursor), posture summary. */
export function clusterView(c: Cluster, s: ClusterStatus | undefined, now: number) {
  const head = s?.head ?? c.nextSeq - 1;
  const cursor = s?.cursor ?? 0;
  return {
    name: c.name,
    cni: c.cni,
    createdAt: c.createdAt.toISOString(),
    tokenRotatedAt: c.tokenRotatedAt?.toISOString() ?? null,
    agent: {
      lastSeenAt: c.lastSeenAt?.toISOString() ?? null,
      // The agent sends only when something changes (no heartbeat yet): silence alone does not mean it is down.
      silentForSeconds: c.lastSeenAt === null ? null : Math.max(0, Math.floor((now - c.lastSeenAt.getTime()) / 1000)),
    },
    sync: { state: c.syncState },
    journal: { head, workerCursor: cursor, lag: Math.max(0, head - cursor), workerUpdatedAt: s?.cursorAt?.toISOString() ?? null },
    posture: s?.posture ?? EMPTY,
    openAlerts: s?.openAlerts ?? { low: 0, medium: 0, high: 0, critical: 0 },
  };
}
export type ClusterView = ReturnType<typeof clusterView>;

/** What an operator runs with a fresh agent token: the agent from a checkout, or its Kubernetes deployment. */
export function agentSetup(cluster: string, token: string, apiUrl: string) {
  return {
    command: `REACHWATCH_AGENT_TOKEN='${token}' npm run start -w @reachwatch/agent -- --cluster ${cluster} --ingest-url ${apiUrl} --kubeconfig ~/.kube/config`,
    kubernetes: [
      'kubectl create namespace reachwatch-agent',
      `kubectl -n reachwatch-agent create secret generic reachwatch-agent-token --from-literal=token='${token}'`,
      `# set --cluster ${cluster} and --ingest-url ${apiUrl} in apps/agent/deploy/deployment.yaml, then:`,
      'kubectl apply -k apps/agent/deploy',
    ],
  };
}
