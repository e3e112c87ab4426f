/** Every message of the REST resources (clusters, posture, graph, reachability, audit, what-if, alerts). */
export const REST_MSG = {
  badCursor: 'not a cursor this API returned',
  badPort: 'expected PROTOCOL/PORT, e.g. TCP/80 (protocol TCP, UDP or SCTP; port 1–65535)',
  badEndpoint: 'expected namespace/workload, namespace/workload[Kind], or an IP address (or a CIDR, whose first address is used)',
  bothExternal: 'at least one end must be a workload: two addresses outside the cluster are not a connection this cluster decides',
  unknownWorkload: (text: string, suggestions: readonly string[]) =>
    `No workload ${text} in this cluster${suggestions.length ? `; did you mean ${suggestions.join(', ')}?` : '.'}`,
  ambiguousWorkload: (text: string, found: readonly string[]) => `${text} names several workloads (${found.join(', ')}); add the kind, e.g. ${found[0]}.`,
  selfPair: (text: string) => `${text} has a single pod: a pod to itself is not a connection.`,
  severalPods: (text: string, n: number, first: string) => `${text} has ${n} pods; explaining its pod ${first} (pods of one workload share labels, so the verdict is the same unless their node or address differs).`,
  cidrFirstAddress: (cidr: string, ip: string) => `${cidr} is a range; explaining its first address ${ip}.`,
  journalPruned: (at: string) => `The journal no longer holds every change since ${at}; the state at that time cannot be rebuilt.`,
  alertNotFound: (id: number) => `No alert with id ${id}.`,
  alertWrongState: (id: number, state: string, to: string) => `Alert ${id} is ${state}; it cannot be ${to}.`,
  unknownCluster: (name: string) => `No cluster named "${name.length > 63 ? `${name.slice(0, 63)}…` : name}".`,
  manifestsInvalid: (n: number) => `The manifests have ${n} error${n === 1 ? '' : 's'}; nothing was analysed (see details.diagnostics).`,
  manifestsEmpty: 'The manifests hold no object Reachwatch analyses (NetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy, Namespace, workloads, Pods, Services, Nodes).',
};
