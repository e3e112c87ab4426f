/**
 * Cases where the corpus encodes one tool's quirk rather than Kubernetes semantics (USING.md; README.txt
 * Q4, Q6, Q9). We follow Kubernetes (libs/policy-engine/SEMANTICS.md) and keep each such case in the suite
 * as a listed deviation: the case must STILL differ, and only on the listed pairs (netpol-analyzer) —
 * a stale entry, or a new difference elsewhere in the same case, fails the test.
 *
 * Key: `<corpus>/<case id>` — netpol-analyzer: the case dir; network-policy-api: `<Test>/<subtest #>/<probe #>`;
 * recipes: the recipe dir; policy-assistant-walkthrough: `flow-<n>`.
 */
export interface Deviation {
  reason: string;
  /**
   * netpol-analyzer only: the pairs whose answer differs, as `src => dst` (workload `ns/name[Kind]`,
   * external `a.b.c.d-e.f.g.h[External]`; `*` matches anything).
   */
  pairs?: string[];
  /**
   * README Q6 (netpol-analyzer only): every difference must have a host-network workload at one end, and
   * there we must allow at least what the corpus allows (NetworkPolicy does not restrict host-network
   * pods, so Kubernetes can only be more permissive there than netpol-analyzer).
   */
  q6HostNetwork?: boolean;
}

const Q6 =
  'README Q6: netpol-analyzer applies NetworkPolicy to hostNetwork pods as if they were ordinary pods. In Kubernetes ' +
  'a host-network pod shares its node\'s network namespace, so NetworkPolicy does not isolate it (SEMANTICS.md, ' +
  '"hostNetwork subjects are selected by no policy"): we allow everything the other end permits, the corpus ' +
  'allows only what the policy lists.';

function q6(policy: string, isolated: { ingress?: string[]; egress?: string[] }): Deviation {
  const ing = isolated.ingress ?? [];
  const eg = isolated.egress ?? [];
  const what = [
    ...ing.map((w) => `ingress to host-network ${w}`),
    ...eg.map((w) => `egress from host-network ${w}`),
  ].join(', ');
  return {
    reason: `${Q6} Here ${policy} selects them; differs on ${what} (corpus: none or the policy's ports; we: all).`,
    pairs: [...ing.map((w) => `* => ${w}`), ...eg.map((w) => `${w} => *`)],
    q6HostNetwork: true,
  };
}

// ipblockstest*: a live IBM-cloud PodList whose kube-system DaemonSets with tier=frontend run with hostNetwork.
const TIER_FRONTEND = [
  'kube-system/calico-node-tier[DaemonSet]',
  'kube-system/ibm-keepalived-watcher[DaemonSet]',
  'kube-system/ibm-kube-fluentd-with-tier[DaemonSet]',
];
const TIER_POLICY = 'kube-system/enable-from-ipblock-to-isolated-by-tier (podSelector tier=frontend)';
// multiple_topology_resources_* and semanticDiff-same-topologies-*: the bank demo's DaemonSets run with hostNetwork.
const COMMAND = 'demo/cog-agents-account-command[DaemonSet]';
const QUERY = 'demo/cog-agents-account-query[DaemonSet]';
const UI = 'demo/cog-agents-bank-ui[DaemonSet]';

export const DEVIATIONS: Record<string, Deviation> = {
  'netpol-analyzer/ipblockstest': q6(`${TIER_POLICY}, policyTypes [Ingress],`, { ingress: TIER_FRONTEND }),
  'netpol-analyzer/ipblockstest_2': q6(`${TIER_POLICY}, policyTypes [Ingress],`, { ingress: TIER_FRONTEND }),
  'netpol-analyzer/ipblockstest_3': q6(`${TIER_POLICY}, policyTypes [Ingress],`, { ingress: TIER_FRONTEND }),
  'netpol-analyzer/ipblockstest_4': q6(`${TIER_POLICY}, policyTypes [Egress],`, { egress: TIER_FRONTEND }),
  'netpol-analyzer/multiple_topology_resources_1': q6('demo/ui-to-command (Ingress) and demo/query-to-ui (Egress)', { ingress: [COMMAND], egress: [QUERY] }),
  'netpol-analyzer/multiple_topology_resources_2': q6('demo/ui-to-command (Ingress) and demo/query-to-ui (Egress)', { ingress: [COMMAND], egress: [QUERY] }),
  'netpol-analyzer/semanticDiff-same-topologies-new1': q6('demo/ui-to-command (Ingress) and demo/query-to-ui (Egress)', { ingress: [COMMAND], egress: [QUERY] }),
  'netpol-analyzer/semanticDiff-same-topologies-new1a': q6('demo/ui-to-command (Ingress, no rules) and demo/query-to-ui (Egress)', { ingress: [COMMAND], egress: [QUERY] }),
  'netpol-analyzer/semanticDiff-same-topologies-new2': q6('demo/ui-to-command (Ingress)', { ingress: [COMMAND] }),
  'netpol-analyzer/semanticDiff-same-topologies-new3': q6('demo/query-to-ui (Ingress, app=bank-ui-selector) and demo/capture-query (Egress)', { ingress: [UI], egress: [QUERY] }),
  'netpol-analyzer/semanticDiff-same-topologies-old1': q6('demo/ui-to-command (Ingress) and demo/query-to-ui (Egress)', { ingress: [COMMAND], egress: [QUERY] }),
  'netpol-analyzer/semanticDiff-same-topologies-old2': q6('demo/ui-to-command (Ingress)', { ingress: [COMMAND] }),
  'netpol-analyzer/semanticDiff-same-topologies-old3': q6('demo/query-to-ui (Egress) and demo/capture-ui (Ingress, app=bank-ui-selector)', { ingress: [UI], egress: [QUERY] }),
};
