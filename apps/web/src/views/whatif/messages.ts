/** Every sentence the what-if view shows a person, in one place. */
const n = (x: number) => x.toLocaleString('en-US');
const plural = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;
const kib = (b: number) => `${n(Math.ceil(b / 1024))} KiB`;

export const WHATIF_MSG = {
  title: 'What-if',
  intro: 'Paste or upload manifests (NetworkPolicies, AdminNetworkPolicies, workloads, namespaces…) to see what they would change before you apply them. Nothing is stored or applied.',
  input: 'Manifests (YAML or JSON, several documents)',
  placeholder: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n…',
  upload: 'Add files',
  files: 'Files',
  remove: (name: string) => `Remove ${name}`,
  run: 'Show the impact',
  running: 'Computing the impact on the live cluster…',
  clear: 'Start over',
  emptyInput: 'Paste manifests or add files first.',
  tooLarge: (bytes: number, max: number) => `${kib(bytes)} of YAML: the API takes at most ${kib(max)}. Send fewer objects at once.`,
  readFailed: (name: string) => `Could not read ${name}.`,
  ranges: 'address ranges',
  summary: (added: number, removed: number, exposures: number) =>
    `${plural(added, 'connection')} added, ${plural(removed, 'connection')} removed, ${plural(exposures, 'new exposure')}.`,
  nothing: 'These manifests change no connection.',
  truncated: (limit: number) => `Only the first ${n(limit)} of each list are shown; the counts are complete.`,
  asOf: (seq: number) => `Compared with the cluster at journal position ${n(seq)}.`,
  applied: 'Objects in the manifests',
  change: { created: 'new', replaced: 'replaces the live one' } as Record<string, string>,
  warnings: 'Warnings',
  invalidTitle: 'The manifests have errors',
  diagnostic: { document: 'Document', kind: 'Kind', name: 'Name', problem: 'Problem' },
  tabs: { table: 'Table', graph: 'On the graph' },
  tabsLabel: 'Show the impact as',
  added: 'Added connections',
  removed: 'Removed connections',
  exposures: 'New exposures',
  reason: { internet: 'Reachable from the internet', 'other-namespace': 'Reachable from another namespace' } as Record<string, string>,
  col: { from: 'From', to: 'To', ports: 'Ports' },
  group: (key: string, count: number) => `${key} (${n(count)})`,
  graphLoading: 'Reading the graph to overlay…',
  graphNote: 'Live connections in grey; what the manifests would add and remove drawn over them.',
} as const;
