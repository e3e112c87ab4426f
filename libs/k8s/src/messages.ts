/**
 * Every user-facing text of libs/k8s. A diagnostic reads `<where> <Kind> <ns/name>: <field> <detail>`, e.g.
 * `policies.yaml#3 NetworkPolicy default/allow-web: ingress[0].from[1].ipBlock.cidr "10.0.0.0/33": prefix
 * /33 is longer than 32 bits`. Functions here return the `<detail>` parts; objectRef/where build the rest.
 */

export const Codes = {
  // ---- errors: the file, document or object is skipped ----
  PATH_NOT_FOUND: 'PATH_NOT_FOUND',
  READ_ERROR: 'READ_ERROR',
  PARSE_ERROR: 'PARSE_ERROR',
  NOT_AN_OBJECT: 'NOT_AN_OBJECT',
  MISSING_KIND: 'MISSING_KIND',
  MISSING_API_VERSION: 'MISSING_API_VERSION',
  MISSING_FIELD: 'MISSING_FIELD',
  INVALID_TYPE: 'INVALID_TYPE',
  INVALID_VALUE: 'INVALID_VALUE',
  INVALID_SELECTOR: 'INVALID_SELECTOR',
  INVALID_CIDR: 'INVALID_CIDR',
  INVALID_PEER: 'INVALID_PEER',
  INVALID_PORT: 'INVALID_PORT',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  // ---- warnings: the object is read ----
  POD_TERMINATED: 'POD_TERMINATED',
  IGNORED_KIND: 'IGNORED_KIND',
  UNEXPECTED_API_VERSION: 'UNEXPECTED_API_VERSION',
  DUPLICATE_OBJECT: 'DUPLICATE_OBJECT',
  NUMERIC_STRING_PORT: 'NUMERIC_STRING_PORT',
  LABEL_VALUE_COERCED: 'LABEL_VALUE_COERCED',
  CONTAINER_PORT_DROPPED: 'CONTAINER_PORT_DROPPED',
  INVALID_IP: 'INVALID_IP',
  NAMESPACE_LABEL_OVERRIDDEN: 'NAMESPACE_LABEL_OVERRIDDEN',
  ANP_PRIORITY_CONFLICT: 'ANP_PRIORITY_CONFLICT',
  ANP_OLD_PEER_SHAPE: 'ANP_OLD_PEER_SHAPE',
  UNSUPPORTED_PEER: 'UNSUPPORTED_PEER',
  BANP_NOT_DEFAULT: 'BANP_NOT_DEFAULT',
  BANP_MULTIPLE: 'BANP_MULTIPLE',
  POD_NAME_CONFLICT: 'POD_NAME_CONFLICT',
  OWNER_REFERENCE_INVALID: 'OWNER_REFERENCE_INVALID',
  REQUIRED_FIELD_DEFAULTED: 'REQUIRED_FIELD_DEFAULTED',
  CIDR_HOST_BITS: 'CIDR_HOST_BITS',
} as const;

const q = (v: unknown): string => JSON.stringify(v) ?? String(v);

/** What a raw value is, for type errors: `a string ("80")`, `a list`, `null`. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `a string (${q(v.length > 40 ? v.slice(0, 40) + '…' : v)})`;
  return `${typeof v === 'number' ? 'a number' : `a ${typeof v}`} (${String(v)})`;
}

export const msg = {
  // ---- location ----
  /** `file.yaml#3` (documents counted from 1), plus ` items[4]` inside a List. */
  where(file?: string, documentIndex?: number, itemPath?: string): string {
    const doc = documentIndex === undefined ? '' : `#${documentIndex + 1}`;
    return [file === undefined ? (doc ? `document${doc}` : '') : `${file}${doc}`, itemPath ?? ''].filter(Boolean).join(' ');
  },
  objectRef: (kind: string, id: string) => `${kind} ${id}`,
  unnamed: '(unnamed)',

  internal: (why: string) => `could not be read because of an internal error (please report it): ${why}`,

  // ---- files and documents ----
  pathNotFound: (p: string) => `path "${p}" does not exist`,
  readError: (p: string, why: string) => `cannot read "${p}": ${why}`,
  yamlError: (why: string, line?: number, docStart?: number) =>
    `invalid YAML${line ? ` at line ${line}` : ''}${docStart && docStart !== line ? ` (in the document starting at line ${docStart})` : ''}: ${why}`,
  jsonError: (why: string) => `invalid JSON: ${why}`,
  notAnObject: (v: unknown) =>
    `a manifest must be a Kubernetes object (a mapping with apiVersion and kind), got ${describeValue(v)}`,
  missingKind: () => 'has no "kind"; every manifest needs apiVersion and kind (e.g. kind: NetworkPolicy)',
  missingApiVersion: (kind: string) => `${kind} has no "apiVersion" (e.g. apiVersion: ${suggestApiVersion(kind)})`,
  listItemNotObject: (v: unknown) => `a List item must be a Kubernetes object, got ${describeValue(v)}`,
  ignoredKind: (apiVersionKind: string, count: number) =>
    `${count === 1 ? '' : `${count} × `}${apiVersionKind} ignored: it does not affect pod reachability`,
  foreignKind: (apiVersion: string, kind: string, expected: string) =>
    `${apiVersion} ${kind} ignored: only ${expected} ${kind} is understood (this is a different API with the same kind name)`,
  unexpectedApiVersion: (apiVersion: string, kind: string, expected: string) =>
    `${apiVersion} ${kind} read as ${expected} (unexpected version of the API; check the result)`,
  duplicate: (previous: string) => `is defined again; this later definition replaces the one at ${previous}`,

  // ---- fields ----
  required: (hint?: string) => `is required${hint ? ` (${hint})` : ''}`,
  expected: (what: string, v: unknown) => `must be ${what}, got ${describeValue(v)}`,
  oneOf: (v: unknown, allowed: readonly string[]) => `${q(v)} is not valid (expected ${allowed.join(', ')})`,
  labelCoerced: (key: string, v: unknown) =>
    `label "${key}": value ${String(v)} is not a string; read as "${String(v)}" (quote it in YAML)`,
  nsLabelOverridden: (v: string, name: string) =>
    `labels."kubernetes.io/metadata.name" is "${v}" but Kubernetes always sets it to the namespace name "${name}"; using "${name}"`,
  podTerminated: (phase: string) => `status.phase is ${phase}: the pod takes no traffic and is left out`,
  ownerWithoutName: () => 'has no name and is ignored',
  ownerWithoutKind: (name: string) => `"${name}" has no kind; the pod is reported under ${name} as kind Pod`,
  invalidIp: (v: unknown, why: string) => `${q(v)} is not an IP address and is ignored (${why})`,
  invalidPodCidr: (why: string) => `is ignored: ${why}`,

  // ---- selectors ----
  badOperator: (op: unknown) => `${q(op)} is not valid (expected In, NotIn, Exists or DoesNotExist)`,
  valuesNeeded: (op: string) => `operator ${op} needs a non-empty "values" list`,
  valuesForbidden: (op: string) => `operator ${op} must not have "values" (remove them)`,

  // ---- ports ----
  portRange: (v: unknown) => `${q(v)} is not a port number (1-65535)`,
  numericStringPort: (v: string) => `"${v}" is a string of digits; read as the port number ${Number(v)} (write it without quotes)`,
  badPortName: (v: string) =>
    `"${v}" is not a valid port name (1-15 lowercase letters, digits and '-', with at least one letter)`,
  endPortWithoutNumber: () => 'endPort needs a numeric "port" (a named or absent port cannot have a range)',
  endPortBelowPort: (port: number, endPort: number) => `${endPort} is smaller than port ${port}`,
  containerPortDropped: (why: string) => `is ignored: ${why}`,
  containerPortMissing: (keys: string[]) =>
    `has no containerPort${keys.some((k) => k.toLowerCase() === 'containerport' && k !== 'containerPort') ? ' (field names are case-sensitive: "containerPort")' : ''}`,

  // ---- NetworkPolicy ----
  podSelectorMissing: () => 'is required (use "podSelector: {}" to select every pod of the namespace)',
  peerMixed: () => 'ipBlock cannot be combined with podSelector or namespaceSelector in one peer (make them two peers)',
  peerEmpty: () => 'is an empty peer; give podSelector, namespaceSelector or ipBlock (omit "from"/"to" to allow everyone)',
  exceptOutside: (except: string, cidr: string) => `${q(except)} is not inside the cidr ${cidr}`,
  exceptFamily: (except: string, cidr: string) => `${q(except)} is not of the same IP family as the cidr ${cidr}`,

  // ---- AdminNetworkPolicy / BaselineAdminNetworkPolicy ----
  priorityRange: (v: unknown) => `${q(v)} is out of range (0-1000)`,
  subjectShape: () => 'must have exactly one of "namespaces" or "pods"',
  peerShape: (allowed: readonly string[]) => `must have exactly one of ${allowed.map((a) => `"${a}"`).join(', ')}`,
  peerNotAllowed: (field: string, direction: string) => `"${field}" peers are only allowed in egress rules, not in ${direction}`,
  portShape: () => 'must have exactly one of "portNumber", "namedPort" or "portRange"',
  rangeReversed: (start: number, end: number) => `start ${start} is greater than end ${end}`,
  namespaceSelectorDefaulted: () =>
    'is missing (the API server requires it); read as "namespaceSelector: {}", i.e. every namespace',
  hostBits: (given: string, canonical: string) => `"${given}" has host bits set; read as ${canonical}`,
  emptyPeers: () => 'needs at least one peer',
  oldPeerShape: (field: string) =>
    `uses the old v1alpha1 shape "${field}: {namespaceSelector: …}"; read as "${field === 'namespaces' ? 'namespaces: <selector>' : 'pods: {namespaceSelector, podSelector}'}"`,
  sameLabelsUnsupported: () => 'is not supported (same/notSame namespace labels cannot be expressed); this peer is ignored',
  priorityConflict: (priority: number, names: string[]) =>
    `AdminNetworkPolicies ${names.map((n) => `"${n}"`).join(', ')} share priority ${priority}; Kubernetes leaves their order undefined, results use name order`,
  banpNotDefault: (name: string) =>
    `BaselineAdminNetworkPolicy "${name}": the only allowed name is "default" (Kubernetes rejects others); used anyway`,
  banpMultiple: (kept: string, dropped: string[]) =>
    `only one BaselineAdminNetworkPolicy can exist; using "${kept}", ignoring ${dropped.map((d) => `"${d}"`).join(', ')}`,

  // ---- assembling ----
  podNameConflict: (ns: string, name: string, kind: string, renamed: string) =>
    `the representative pod of ${kind} ${ns}/${name} would clash with another pod named ${ns}/${name}; it is named "${renamed}"`,
};

function suggestApiVersion(kind: string): string {
  switch (kind) {
    case 'NetworkPolicy':
      return 'networking.k8s.io/v1';
    case 'AdminNetworkPolicy':
    case 'BaselineAdminNetworkPolicy':
      return 'policy.networking.k8s.io/v1alpha1';
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
      return 'apps/v1';
    case 'Job':
    case 'CronJob':
      return 'batch/v1';
    default:
      return 'v1';
  }
}
