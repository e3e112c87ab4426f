/**
 * Every text of a report a person reads — check titles and requirements, summaries, evidence details —
 * and every error message of the library. Summaries are one sentence that says what to do.
 * (Headings of the rendered documents are in render/messages.ts.)
 */
import type { FrameworkId, PolicyChange } from './model';

type Way = 'ingress' | 'egress';
type Selection = 'boundary' | 'cross-namespace' | 'inbound';
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** "The flow" / "All 3 flows". */
const all = (n: number, noun: string) => (n === 1 ? `The ${noun}` : `All ${n} ${noun}s`);
const list = (xs: readonly string[], max = 8) => (xs.length <= max ? xs.join(', ') : `${xs.slice(0, max).join(', ')} and ${xs.length - max} more`);

export const FRAMEWORK_TEXT: Record<FrameworkId, { title: string; version: string }> = {
  'pci-dss-4.0.1': { title: 'PCI DSS', version: 'v4.0.1' },
  hipaa: { title: 'HIPAA Security Rule', version: '45 CFR 164.308, 164.312' },
  'cis-k8s': { title: 'CIS Kubernetes Benchmark', version: 'v1.10.0' },
  'nsa-cisa': { title: 'NSA/CISA Kubernetes Hardening Guide', version: 'v1.2 (August 2022)' },
};

export const CHECK_TEXT: Record<FrameworkId, Record<string, { title: string; requirement: string }>> = {
  'pci-dss-4.0.1': {
    '1.2.1': { title: 'Default deny in scope (ingress and egress)', requirement: 'Configuration standards for NSC rulesets are defined, implemented, and maintained.' },
    '1.2.2': { title: 'Changes to in-scope policies in the period', requirement: 'All changes to network connections and to configurations of NSCs are approved and managed in accordance with the change control process.' },
    '1.2.4': { title: 'Data-flow diagram of the scope', requirement: 'An accurate data-flow diagram is maintained that shows all account data flows across systems and networks.' },
    '1.2.5': { title: 'Flows into and out of scope are in the approved-flows register', requirement: 'All services, protocols, and ports allowed are identified, approved, and have a defined business need.' },
    '1.2.6': { title: 'Insecure ports reaching scope', requirement: 'Security features are defined and implemented for all services, protocols, and ports that are in use and considered to be insecure.' },
    '1.3.1': { title: 'Inbound traffic to scope restricted', requirement: 'Inbound traffic to the CDE is restricted to only traffic that is necessary, and all other traffic is specifically denied.' },
    '1.3.2': { title: 'Outbound traffic from scope restricted', requirement: 'Outbound traffic from the CDE is restricted to only traffic that is necessary, and all other traffic is specifically denied.' },
    '1.4.2': { title: 'Internet reaches scope only through approved services', requirement: 'Inbound traffic from untrusted networks to trusted networks is restricted to publicly accessible services that are authorized, and all other traffic is denied.' },
    '1.4.4': { title: 'No direct path from the internet to data stores', requirement: 'System components that store cardholder data are not directly accessible from untrusted networks.' },
    '11.4.5': { title: 'Segmentation: out-of-scope namespaces cannot reach the scope', requirement: 'Segmentation controls are operational and effective, and isolate all out-of-scope systems from systems in the CDE.' },
  },
  hipaa: {
    '164.312(a)(1)': { title: 'Access control: in-scope workloads admit only approved clients', requirement: 'Allow access to systems that maintain ePHI only to persons or software programs that have been granted access rights.' },
    '164.312(b)': { title: 'Audit controls: changes to in-scope policies recorded with author and time', requirement: 'Implement mechanisms that record and examine activity in information systems that contain or use ePHI.' },
    '164.312(e)(1)': { title: 'Transmission security: no clear-text services, no egress to any address', requirement: 'Guard against unauthorized access to ePHI that is being transmitted over an electronic communications network.' },
    '164.308(a)(1)(ii)(D)': { title: 'Activity review: every flow reviewed in the register, exposing changes reviewed', requirement: 'Regularly review records of information system activity, such as audit logs, access reports, and security incident tracking reports.' },
  },
  'cis-k8s': {
    '5.3.2': { title: 'Namespaces have network policies, and default deny is in effect', requirement: 'Ensure that all Namespaces have Network Policies defined.' },
  },
  'nsa-cisa': {
    'NS-1': { title: 'Default deny ingress and egress in every namespace', requirement: 'Network separation: select all pods with a default policy that denies all ingress and egress, then allow only what is needed.' },
    'NS-2': { title: 'Traffic between namespaces is explicitly approved', requirement: 'Network separation: isolate namespaces from each other; allow traffic between them only where there is a need.' },
    'NS-3': { title: 'No host-network pods in scope', requirement: 'Network policies do not apply to pods on the host network; keep them out of separated namespaces.' },
  },
};

export const msg = {
  // ---- scope ----
  allNamespaces: () => 'all namespaces',
  scopeUnbalanced: (t: string) => `invalid scope "${t}": unbalanced parentheses`,
  scopeEmptyRequirement: (t: string) => `invalid scope "${t}": empty requirement between commas`,
  scopeEmptySet: (r: string) => `invalid scope requirement "${r}": "in" and "notin" need at least one value`,
  scopeBadRequirement: (r: string) => `invalid scope requirement "${r}": expected key, !key, key=value, key!=value, key in (a,b) or key notin (a,b)`,
  scopeBadKey: (r: string, k: string) => `invalid scope requirement "${r}": "${k}" is not a valid label key`,
  scopeBadValue: (r: string, v: string) => `invalid scope requirement "${r}": "${v}" is not a valid label value`,
  badFramework: (name: string, known: readonly string[]) => `unknown framework "${name}" (expected ${known.join(', ')})`,
  badInput: (what: string) => `invalid report input: ${what}`,

  // ---- approved-flows register ----
  flowsNotYaml: (src: string, m: string) => `${src}: not valid YAML or JSON: ${m}`,
  flowsNotList: (src: string) => `${src}: expected a list of approved flows (or {approvedFlows: [...]})`,
  flowsWhere: (src: string, i: number, id: string | undefined, field: string) => `${src}, entry ${i + 1}${id ? ` (${id})` : ''}${field ? `, ${field}` : ''}: `,
  flowsNotObject: () => 'expected an object with id, from, to, ports, justification, owner, approver, approvedAt',
  flowsNeedsText: () => 'required, a non-empty string',
  flowsDuplicateId: (id: string) => `id "${id}" is used twice`,
  flowsBadTime: (v: string) => `"${v}" is not a date/time (use ISO 8601, e.g. 2026-01-31 or 2026-01-31T12:00:00Z)`,
  flowsNeedsPorts: () => 'required, a non-empty list such as [TCP/443]',
  flowsBadPort: (spec: string) => `"${spec}" is not a port (expected TCP/443, UDP/53, TCP/8000-8080, TCP or any)`,
  flowsBadPeer: () => 'expected internet, any, {cidr: 203.0.113.0/24}, {namespace: shop} or {namespace: shop, workload: api}',

  // ---- allowing rules ----
  ruleNotIsolated: (end: Way) => `no policy selects the ${end === 'ingress' ? 'destination' : 'source'} for ${end} (cluster default allows)`,
  ruleHostNetwork: () => 'host network: no policy applies',

  // ---- applicability ----
  noScopeNamespaces: () => 'The scope selects no namespace in this cluster.',
  noScopeWorkloads: (nss: readonly string[]) => `The in-scope namespaces (${list(nss)}) hold no workloads.`,
  noDataStores: () => 'No in-scope workload is a data store (by database port or label; see data-stores.ts).',
  noHistory: () => 'No change history: report from manifests.',
  nothingOutside: () => 'No workload outside the scope in this cluster: nothing to segment from.',

  // ---- default deny, CIS ----
  hasDefaultDeny: (d: string, pols: string[]) => `default deny ${d.toLowerCase()} in effect (${pols.join(', ')})`,
  lacksDefaultDeny: (d: string, isolated: number, pods: number) =>
    `no default deny ${d.toLowerCase()}: no NetworkPolicy selects every pod for ${d.toLowerCase()} with no rules${d === 'Egress' ? ' (or DNS only)' : ''}; ${isolated} of ${plural(pods, 'pod')} isolated for ${d.toLowerCase()} by other policies`,
  defaultDenyPass: (n: number, dirs: string[]) => `Every in-scope namespace (${n}) has a default deny for ${dirs.map((d) => d.toLowerCase()).join(' and ')}.`,
  defaultDenyFail: (missing: string[]) => `Add a default-deny NetworkPolicy (podSelector: {}, no rules) to ${list(missing)}.`,
  cisNoPolicy: (admin: string[]) => `no NetworkPolicy in the namespace${admin.length ? ` (admin policies selecting its pods: ${admin.join(', ')})` : ''}`,
  cisPolicyNoDefaultDeny: (n: number, lacking: string[], ing: number, egr: number, pods: number) =>
    `has ${plural(n, 'NetworkPolicy', 'NetworkPolicies')} but no default deny for ${lacking.join(' and ')}: pods they do not select, and pods created later, are open (isolated: ${ing}/${pods} ingress, ${egr}/${pods} egress)`,
  cisDefaultDeny: (n: number) => `${plural(n, 'NetworkPolicy', 'NetworkPolicies')}, default deny in effect for ingress and egress`,
  cisPass: (n: number) => `Every in-scope namespace (${n}) has policies and a default deny for ingress and egress.`,
  cisFail: (none: string[], partial: string[]) =>
    [none.length ? `Define NetworkPolicies in ${list(none)}` : '', partial.length ? `add a default deny to ${list(partial)}` : '']
      .filter(Boolean)
      .join('; ')
      .replace(/^a/, 'A') + '.',

  // ---- isolation ----
  hostNetwork: (k: number, n: number) => `${k} of ${plural(n, 'pod')} use the host network: no NetworkPolicy applies to them`,
  notIsolated: (way: Way, iso: number, n: number) => `not isolated for ${way}: ${iso} of ${plural(n, 'pod')} selected by a policy for ${way}; the rest accept all traffic`,
  isolated: (way: Way, n: number) => `isolated for ${way} (${n === 1 ? 'its pod' : `all ${n} pods`}), no rule opens it wholesale`,
  wideOpen: (way: Way, ports: string) => (way === 'ingress' ? `every TCP port is open to this source (${ports})` : `egress to any address on ${ports}`),
  restrictedPass: (way: Way, n: number) =>
    n === 1 ? `The in-scope workload is isolated for ${way} and no rule opens it wholesale.` : `All ${n} in-scope workloads are isolated for ${way} and no rule opens them wholesale.`,
  restrictedFail: (way: Way, ws: string[]) => `Restrict ${way} of ${list(ws)} with a policy that admits only the needed peers and ports.`,
  dnsOnly: () => 'DNS only (port 53), as the default-deny recipe allows',
  egressAnywhere: (ports: string) => `egress to any address on ${ports}`,
  egressAnywherePass: () => 'No in-scope workload can send to any address beyond DNS.',
  egressAnywhereFail: (n: number) => `Limit egress of ${plural(n, 'flow')} from scope to any address to named destinations (ipBlock or selectors).`,
  noHostNetworkPass: () => 'No in-scope pod uses the host network.',
  noHostNetworkFail: (n: number) => `Move ${plural(n, 'host-network workload')} out of the scope or off the host network.`,

  // ---- flows ----
  flowDocumented: (direction: string, ports: string, byDefault: boolean) =>
    `${direction} flow on ${ports}${byDefault ? ', allowed only because no policy restricts the in-scope end' : ''}`,
  documentedPass: (n: number) =>
    n === 0 ? 'No flow crosses the scope boundary.' : `${all(n, 'flow')} across the scope boundary ${n === 1 ? 'is' : 'are'} in the data-flow diagram, each with the policy rule that permits it.`,
  documentedFail: (n: number) => `${plural(n, 'flow')} cross the scope boundary because no policy restricts the in-scope end: isolate those workloads so each flow is permitted by a rule.`,
  approvedBy: (ids: string[]) => `approved (${ids.join(', ')})`,
  notInRegister: (unapproved: string, allowed: string, approvals: string[], lapsed: string[]) =>
    `not in the approved-flows register: ${unapproved} (allowed: ${allowed})` +
    (approvals.length ? `; partly approved by ${approvals.join(', ')}` : '') +
    (lapsed.length ? `; approval ${lapsed.join(', ')} expired or not yet in force` : ''),
  registerPass: (n: number, which: Selection) =>
    n === 0 ? `No ${which === 'cross-namespace' ? 'flow between namespaces involves' : 'flow crosses'} the scope boundary.` : `${all(n, 'flow')} ${selectionText(which)} ${n === 1 ? 'is' : 'are'} in the approved-flows register.`,
  registerFail: (n: number, which: Selection) =>
    `${plural(n, 'flow')} ${selectionText(which)} ${n === 1 ? 'is' : 'are'} not approved: add ${n === 1 ? 'it' : 'them'} to the register with justification, owner and approver, or close ${n === 1 ? 'it' : 'them'}.`,
  insecurePort: (service: string, ports: string, undeclared: boolean) =>
    `${service} on ${ports}${undeclared ? ' (the destination declares no container ports: every allowed port counts)' : ''}`,
  insecurePass: () => 'No insecure service port (Telnet, FTP, plain HTTP, …) is reachable in scope.',
  insecureFail: (n: number) => `${plural(n, 'insecure service port')} reachable in scope: close them or document the security features that protect them.`,
  internetApproved: (ports: string, ids: string[]) => `from public addresses on ${ports}, approved public service (${ids.join(', ')})`,
  internetUnapproved: (ports: string) => `from public addresses on ${ports}, not an approved public service`,
  internetInboundPass: (n: number) => (n === 0 ? 'No in-scope workload is reachable from public addresses.' : `${all(n, 'flow')} from public addresses ${n === 1 ? 'reaches an approved public service' : 'reach approved public services'}.`),
  internetInboundFail: (n: number) => `${plural(n, 'flow')} from public addresses reach unapproved services in scope: deny them or approve them as public services.`,
  dataStoreExposed: (reason: string, ports: string, published: string[]) =>
    `data store (${reason}) reachable from public addresses on ${ports}${published.length ? `; published by ${published.join(', ')}` : ''}`,
  dataStoreClosed: (reason: string) => `data store (${reason}), not reachable from public addresses`,
  dataStoresPass: (n: number) => `${n === 1 ? 'The in-scope data store is not' : `None of the ${n} in-scope data stores is`} reachable straight from the internet.`,
  dataStoresFail: (n: number) => `${plural(n, 'direct path')} from the internet to data stores: deny ingress from ipBlocks holding public addresses to these workloads.`,

  // ---- changes ----
  changeDetail: (c: PolicyChange, anon: boolean) =>
    `${c.action} by ${anon ? 'an unknown author' : c.who} at ${c.at}; pairs +${c.impact.added}/−${c.impact.removed}` +
    (c.impact.newExposures ? `; ${plural(c.impact.newExposures, 'new exposure')}` : ''),
  changesPass: (n: number) => (n === 0 ? 'No change to in-scope policies in the period.' : `${all(n, 'change')} of the period ${n === 1 ? 'has' : 'have'} an author and opened no new exposure.`),
  changesNoExposure: (n: number) => (n === 0 ? 'No change to in-scope policies in the period.' : `No change of the period (${n}) opened a new exposure.`),
  changesFail: (anon: number, exposing: number) =>
    `Review ${[anon ? `${plural(anon, 'change')} without a recorded author` : '', exposing ? `${plural(exposing, 'change')} that opened new exposures` : ''].filter(Boolean).join(' and ')}.`,

  // ---- segmentation ----
  segmentationCell: (status: string, pairs: string[]) => `${status === 'open' ? 'open' : 'approved only'}: ${list(pairs, 5)}`,
  segmentationPass: (tested: number) => `No out-of-scope namespace reaches the scope except through approved flows (${plural(tested, 'namespace pair')} tested).`,
  segmentationFail: (n: number, tested: number) => `${n} of ${plural(tested, 'namespace pair')} ${n === 1 ? 'is' : 'are'} open from outside the scope: deny ${n === 1 ? 'it' : 'them'} in the in-scope namespaces' ingress policies, or approve the flows.`,

  // ---- fleet ----
  fleetPass: (passing: number, total: number) => `Passes in ${passing === total ? 'every cluster' : `${passing} of ${plural(total, 'cluster')}, not applicable in the others`}.`,
  fleetSummary: (failing: string[], total: number, first: string) =>
    `Fails in ${failing.length} of ${plural(total, 'cluster')} (${list(failing)}); ${failing[0]}: ${first}`,
};

function selectionText(which: Selection): string {
  return which === 'inbound' ? 'into the scope' : which === 'cross-namespace' ? 'between namespaces involving the scope' : 'across the scope boundary';
}
