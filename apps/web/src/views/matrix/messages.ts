/** Every sentence the reachability matrix shows a person, in one place. */
const n = (x: number) => x.toLocaleString('en-US');
const plural = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;

export const MATRIX_MSG = {
  title: 'Reachability matrix',
  loading: 'Reading the matrix…',
  all: 'all',
  bucket: {
    one: '1 port',
    few: '2–10 ports',
    many: '11–1,000 ports',
    wide: 'over 1,000 ports (e.g. all of TCP)',
    all: 'every port of every protocol',
  },
  none: 'nothing allowed',
  legend: 'Colour: how many ports are allowed (the number is printed in the cell)',
  rows: 'rows: from',
  cols: 'columns: to',
  gridLabel: (level: 'namespace' | 'workload') => (level === 'namespace' ? 'Namespace to namespace reachability' : 'Workload to workload reachability'),
  cellAria: (src: string, dst: string, allowed: string, pairs?: number) =>
    `${src} to ${dst}: ${allowed}${pairs !== undefined ? `, ${plural(pairs, 'workload pair')}` : ''}`,
  keys: 'Keyboard: Tab to the grid, arrows move, Home/End and PageUp/PageDown jump, Enter opens.',
  namespaces: 'Namespaces',
  pick: (shown: number, of: number, max: number) => `${n(shown)} of ${n(of)} shown (at most ${n(max)}).`,
  search: 'Find namespaces',
  apply: 'Show these',
  reset: 'First ones by name',
  tooMany: (max: number) => `At most ${n(max)} namespaces at once.`,
  noneSelected: 'Choose at least one namespace.',
  defaulted: (max: number, of: number) => `Showing the first ${n(max)} of ${n(of)} namespaces by name. Choose others below.`,
  back: 'Back to namespaces',
  drillTitle: (src: string, dst: string) => `Workloads of ${src} → workloads of ${dst}`,
  drillHint: 'Select a cell for its ports and why it is allowed.',
  drillEmpty: 'No workload of the first namespace reaches one of the second.',
  truncated: (limit: number) => `More than ${n(limit)} workload pairs: the first ${n(limit)} are shown. Narrow the namespaces.`,
  empty: 'No namespaces yet',
  emptyHint: 'The worker has not computed posture for this cluster yet, or it has no namespaces.',
  cell: {
    title: 'Selected cell',
    ports: 'Allowed ports',
    pairs: 'Workload pairs',
    open: 'Show its workloads',
    graph: 'See on the flow graph',
    nothing: 'Nothing is allowed from the row to the column.',
  },
  refreshFailed: 'Could not refresh; showing the last answer.',
} as const;
