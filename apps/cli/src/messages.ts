/**
 * Every text a user of the `reachwatch` command can read: help pages and error messages.
 * Keep the help honest: each flag listed here exists, the examples are real command lines, and the exit
 * codes match errors.ts (tests check that every flag of a command appears in its help).
 */
import type { CniProfile } from '@reachwatch/policy-engine';

export const FORMATS = ['txt', 'json', 'csv', 'dot', 'md'] as const;
export const LEVELS = ['workload', 'pod'] as const;
export type Format = (typeof FORMATS)[number];
export const DIFF_FORMATS = ['txt', 'json'] as const;
export const CNI_NAMES = ['generic', 'calico', 'cilium', 'gke-dpv2'] as const;
export const REPORT_FORMATS = ['pdf', 'csv', 'json'] as const;

const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  some input had errors (listed on stderr: file, document, object); everything
     else was still analysed and printed — treat the output as incomplete
  2  usage error: bad flag or value, unknown workload, missing path; nothing was analysed
  3  diff --fail-on-exposure: at least one new exposure; report --fail-on-findings:
     at least one check fails (takes precedence over 1)
  4  internal error (set REACHWATCH_DEBUG=1 to see the stack trace)`;

const CNI_HELP = `  --cni PROFILE      what an ipBlock matches, which Kubernetes leaves to the network plugin:
                       generic (default; also cilium, gke-dpv2): only addresses outside the
                         cluster — pod traffic is matched by selectors alone
                       calico: any address, pod IPs included (pods from manifests of
                         Deployments etc. have no IP; bare Pods with status.podIP do)
                     Every output that can depend on it names the profile used.`;

const INPUTS_HELP = `Inputs: files or folders of Kubernetes manifests (.yaml, .yml, .json; folders are read
recursively; multi-document YAML and *List kinds are fine). Workloads come from Pods and from the pod
templates of Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs; a workload is written
ns/name (or ns/name[Kind] when two kinds share a name). Problems in the input are printed on stderr with
the file and document number (counted from 1) and never stop the analysis of the rest.`;

export const PROGRAM_HELP = `reachwatch — who can reach whom in your Kubernetes manifests, on which ports, and why.
Reads NetworkPolicies (and AdminNetworkPolicy / BaselineAdminNetworkPolicy) the way a cluster enforces them.

Usage:
  reachwatch <command> [options]
  reachwatch <command> --help

Commands:
  analyze   every allowed connection between workloads and external address ranges
  explain   why one connection (A to B on a port) is allowed or denied, policy by policy
  diff      what changes between two versions of the manifests, and which changes are new exposures
  report    a compliance report (PCI DSS, HIPAA, CIS, NSA/CISA) of a scope, as PDF, CSV or JSON

Options:
  -h, --help       this help
  -V, --version    print the version

${INPUTS_HELP}

${EXIT_CODES_HELP}

Environment:
  REACHWATCH_PROGRESS=1   draw progress bars on stderr even when it is not a terminal (0: never)
  REACHWATCH_DEBUG=1      show stack traces of internal errors

Examples:
  reachwatch analyze k8s/
  reachwatch explain k8s/ --from yahoo/miao-yahoo --to default/lol-default --port TCP/80
  reachwatch diff main/k8s/ pr/k8s/ --fail-on-exposure
  reachwatch report k8s/ --framework pci --scope pci=cde -o pci-report.pdf
`;

export const ANALYZE_HELP = `reachwatch analyze — list every allowed connection between workloads and external ranges.

Usage:
  reachwatch analyze <path>... [--format txt|json|csv|dot|md] [--cni PROFILE]
                     [--focus ns/workload] [--level workload|pod] [--output FILE]

One entry per (source, destination) pair with at least one allowed port. A source or destination is a
workload (ns/name[Kind]) or an external address range: the address space cut by every CIDR and except
the policies mention, written as its CIDR minus its excepts, e.g. 0.0.0.0/0 except 10.0.0.0/8[External].
Self pairs and range-to-range pairs are never listed; replies of allowed connections are implicit.

Options:
  -f, --format FMT   output format (default txt):
                       txt   SRC => DST : CONN, one line per pair, sorted; CONN is "All Connections" or
                             e.g. "TCP 80,8080-8090,UDP 53". A first line "# CNI profile: …" when a
                             result involves an external range or the policies use ipBlocks.
                       json  {"connections":[{"src":P,"dst":P,"all":BOOL,"ports":[{"protocol":"TCP",
                             "from":80,"to":80}]}]} with P = {"namespace","name","kind"} for a workload
                             or {"cidr","except":[...]} for an external range. "ports" always lists
                             the allowed ranges (protocols SCTP, TCP, UDP in that order, ports
                             ascending, both ends included); "all" is true when they are every port of
                             all three protocols (ports is then the three 1-65535 ranges).
                       csv   header src,dst,protocol,from,to; one row per port range (RFC 4180 quoting)
                       dot   Graphviz digraph: namespaces as clusters, external ranges as their own
                             nodes, edges labelled with ports (render: dot -Tsvg)
                       md    a Markdown table
${CNI_HELP}
  --focus WORKLOAD   keep only connections from or to this workload (ns/name or ns/name[Kind])
  --level LEVEL      workload (default): pods grouped by their owner; pod: every pod on its own
                     (ns/pod[Pod]). From manifests a Deployment etc. is one pod, its template.
  -o, --output FILE  write the result to FILE instead of stdout
  -h, --help         this help

Warnings and input problems go to stderr; stdout carries only the result. The CNI profile is also noted
on stderr for json and csv, which have no room for it.

${EXIT_CODES_HELP}

Examples:
  reachwatch analyze k8s/ manifests/extra-policies.yaml
  reachwatch analyze k8s/ --focus payments/api --format md --output reach.md
  reachwatch analyze k8s/ --cni calico --format json | jq '.connections[] | select(.src.cidr)'
`;

export const EXPLAIN_HELP = `reachwatch explain — why is one connection allowed or denied?

Usage:
  reachwatch explain <path>... --from ENDPOINT --to ENDPOINT --port PROTO/PORT [--cni PROFILE]

Prints the verdict for the source reaching the destination on that port, the policies that select each
end and the rules that decide (or why none matches), then every port allowed between the two.
An ENDPOINT is a workload (ns/name or ns/name[Kind]) or an IP address outside the cluster (one end must
be a workload). A workload loaded from manifests is one representative pod; when a workload has several
pods (bare Pods with an owner), the first by name is explained and the output says so.

Options:
  --from ENDPOINT    the source (client)
  --to ENDPOINT      the destination (server)
  --port SPEC        protocol/port, e.g. TCP/8080, UDP/53, SCTP/9003; a bare number means TCP
${CNI_HELP}
  -h, --help         this help

Explain answers a question, it does not check anything: it exits 0 whether the connection is allowed or
denied (1 if some input had errors, 2 for bad arguments).

${EXIT_CODES_HELP}

Examples:
  reachwatch explain k8s/ --from yahoo/miao-yahoo --to default/lol-default --port TCP/80
  reachwatch explain k8s/ --from 203.0.113.7 --to front/web --port 9000
  reachwatch explain k8s/ --from back/db-service --to 10.20.0.5 --port TCP/3306 --cni calico
`;

export const DIFF_HELP = `reachwatch diff — what changes in reachability between two versions of the manifests.

Usage:
  reachwatch diff <before-path> <after-path> [--format txt|json] [--fail-on-exposure]
                  [--cni PROFILE] [--output FILE]

Analyses both versions (each a file or a folder) and lists, per (source, destination) pair, the ports
added and the ports removed. An added connection is a new exposure when it comes from the internet (an
external range) or from a workload in another namespace. Typical use: in CI, compare the manifests of the
target branch with those of the pull request and fail on new exposures.

Options:
  -f, --format FMT     txt (default): "+ SRC => DST : PORTS" for added, "- …" for removed,
                       "! … (reason)" for new exposures, each under a counted heading.
                       json: {"added":[C],"removed":[C],"exposures":[C + "reason"]} where C is a
                       connection as in "analyze --format json" (its ports are the ports added or
                       removed) and reason is "internet" or "other-namespace".
  --fail-on-exposure   exit 3 when there is at least one new exposure
${CNI_HELP}
  -o, --output FILE    write the result to FILE instead of stdout
  -h, --help           this help

${EXIT_CODES_HELP}

Examples:
  reachwatch diff main/k8s/ pr/k8s/
  reachwatch diff old-policies.yaml new-policies.yaml --fail-on-exposure
  reachwatch diff base/ head/ --format json --cni calico > reach-delta.json
`;

export const REPORT_HELP = `reachwatch report — a compliance report of the namespaces in scope, computed from the manifests.

Usage:
  reachwatch report <path>... --framework pci|hipaa|cis|nsa [--scope SELECTOR]
                    [--approved-flows FILE] [--format pdf|csv|json] [--output FILE]
                    [--cni PROFILE] [--cluster NAME] [--at TIME] [--fail-on-findings]

Runs the checks of one framework on the namespaces the scope selects and prints each check's verdict
(pass, fail, not applicable) with its evidence: the namespace, workload or flow, and the policy and rule
that decide. Frameworks: pci (PCI DSS v4.0.1: 1.2.1, 1.2.2, 1.2.4, 1.2.5, 1.2.6, 1.3.1, 1.3.2, 1.4.2,
1.4.4, 11.4.5), hipaa (164.312(a)(1), (b), (e)(1), 164.308(a)(1)(ii)(D)), cis (CIS Kubernetes 5.3.2),
nsa (NSA/CISA network separation). Manifests have no change history: checks on changes say "not
applicable". Every report carries its time and the SHA-256 of the state it was computed from.

Options:
  --framework NAME        pci, hipaa, cis or nsa (also pci-dss-4.0.1, cis-k8s, nsa-cisa)
  --scope SELECTOR        namespaces in scope, a label selector as kubectl -l takes it: pci=cde,
                          'env in (prod,stage),tier!=web', '!legacy'. Default: every namespace
  --approved-flows FILE   the approved-flows register (YAML or JSON): a list (or {approvedFlows: [...]})
                          of {id, from, to, ports, justification, owner, approver, approvedAt,
                          expiresAt?, cluster?}; from/to is internet, any, {cidr: 203.0.113.0/24},
                          {namespace: shop} or {namespace: shop, workload: api}; ports like TCP/443,
                          UDP/53, TCP/8000-8080, TCP or any. Without it, every flow across the scope
                          boundary is unapproved
  -f, --format FMT        pdf (default): cover, summary, findings per check, data-flow diagram,
                            endpoint table, segmentation matrix, change log. Written to stdout only
                            when stdout is not a terminal; otherwise give --output
                          csv: one row per check and object (RFC 4180): framework, check_id, title,
                            status, finding, cluster, object, detail, policy, rule
                          json: the whole report; its JSON Schema is
                            libs/compliance/schema/report.schema.json
${CNI_HELP}
  --cluster NAME          the cluster's name in the report (default: manifests)
  --at TIME               the report's time, ISO 8601 (default: now): the snapshot time, and the time
                          at which approvals are judged in force or expired
  --fail-on-findings      exit 3 when at least one check fails
  -o, --output FILE       write the report to FILE instead of stdout
  -h, --help              this help

A line with the totals (checks passed, failed, not applicable; findings) goes to stderr.

${EXIT_CODES_HELP}

Examples:
  reachwatch report k8s/ --framework pci --scope pci=cde --approved-flows flows.yaml -o pci.pdf
  reachwatch report k8s/ --framework hipaa --scope hipaa=ephi --format csv > hipaa.csv
  reachwatch report k8s/ --framework cis --format json --fail-on-findings | jq '.checks[].status'
`;

export const COMMAND_HELP: Record<string, string> = { analyze: ANALYZE_HELP, explain: EXPLAIN_HELP, diff: DIFF_HELP, report: REPORT_HELP };

export function profileDescription(profile: CniProfile, cniName?: string): string {
  const named = cniName && cniName.toLowerCase() !== profile ? `${cniName.toLowerCase()} = ${profile}` : profile;
  return profile === 'calico'
    ? `${named} (ipBlock also matches pod IPs inside the block)`
    : `${named} (ipBlock never matches pod IPs)`;
}

export const msg = {
  unknownCommand: (c: string) => `unknown command "${c}" (expected analyze, explain, diff or report)`,
  missingCommand: () => 'missing command (analyze, explain, diff or report)',
  helpHint: (command?: string) => `Try: reachwatch ${command ? `${command} ` : ''}--help`,
  unknownOption: (opt: string, command: string) => `unknown option ${opt} for "reachwatch ${command}"`,
  missingValue: (opt: string) => `option ${opt} needs a value`,
  badValue: (flag: string, value: string, allowed: readonly string[]) =>
    `invalid --${flag} "${value}" (expected ${allowed.join(', ')})`,
  noPaths: (command: string) => `"reachwatch ${command}" needs at least one file or folder of manifests`,
  diffArity: (n: number) => `"reachwatch diff" takes exactly two paths, before and after (got ${n})`,
  pathMissing: (p: string) => `no such file or folder: ${p}`,
  noManifests: (paths: string[]) => `no manifest files (.yaml, .yml, .json) found in ${paths.join(', ')}`,
  missingFlag: (flag: string, example: string) => `missing --${flag} (e.g. --${flag} ${example})`,
  badPort: (spec: string) =>
    `invalid --port "${spec}": expected PROTOCOL/PORT with PROTOCOL one of TCP, UDP, SCTP and PORT in 1-65535 (e.g. --port TCP/8080, --port UDP/53, or --port 8080 for TCP)`,
  badEndpoint: (flag: string, spec: string) =>
    `invalid --${flag} "${spec}": expected a workload as namespace/name (e.g. default/web or default/web[Deployment]) or an IP address`,
  unknownWorkload: (flag: string, spec: string, suggestions: string[]) =>
    `unknown workload "${spec}" for --${flag}` +
    (suggestions.length ? `. Did you mean: ${suggestions.join(', ')}?` : '. No workload has a similar name.'),
  ambiguousWorkload: (flag: string, spec: string, choices: string[]) =>
    `--${flag} "${spec}" names several workloads: ${choices.join(', ')}. Add the kind, e.g. ${choices[0]}`,
  focusNeedsWorkload: (spec: string) =>
    `invalid --focus "${spec}": expected a workload as namespace/name (e.g. default/web); to see external ranges, filter the output`,
  bothExternal: () => 'explain needs a workload at one end at least: connections between two external addresses are never analysed',
  selfPair: (w: string) => `${w} to itself: a workload's pods talking to each other are not analysed (it has one pod here)`,
  cannotWrite: (file: string, reason: string) => `cannot write --output ${file}: ${reason}`,
  internal: (message: string) => `internal error: ${message}`,
  debugHint: () => 'This is a bug in reachwatch. Set REACHWATCH_DEBUG=1 to see the stack trace.',
  noConnections: () => 'no allowed connections',
  profileNote: (desc: string) => `note: CNI profile ${desc}`,
  analysing: (pods: number, policies: number) =>
    `Analysing ${pods.toLocaleString('en-US')} pods and ${policies.toLocaleString('en-US')} policies…`,
  severalPods: (workload: string, count: number, pod: string) =>
    `Note: ${workload} has ${count} pods; explaining the first by name, ${pod}.`,
  badTime: (t: string) => `invalid --at "${t}": expected an ISO 8601 time such as 2026-11-01 or 2026-11-01T12:00:00Z`,
  pdfToTerminal: () => 'a PDF is not for a terminal: give --output FILE, redirect stdout, or choose --format csv or json',
  noScope: () => 'no --scope: every namespace is in scope',
  reporting: (pods: number) => `Computing the report over ${pods.toLocaleString('en-US')} pods…`,
  reportTotals: (pass: number, fail: number, na: number, findings: number) =>
    `checks: ${pass} passed, ${fail} failed, ${na} not applicable; ${findings} ${findings === 1 ? 'finding' : 'findings'}`,
  reason: (r: 'internet' | 'other-namespace') => (r === 'internet' ? 'from the internet' : 'from another namespace'),
};
