import type { PortSet } from '@reachwatch/policy-engine';
import { parseEndpointKey } from '../graph/keys';
import { parsePorts, portCount, samplePorts, type PortQuery } from '../graph/ports';
import { MATRIX_MSG } from './messages';

/** `GET …/matrix?level=namespace`. */
export interface NamespaceMatrix {
  level: 'namespace';
  namespaces: string[];
  cells: { src: string; dst: string; ports: string; workloadPairs: number }[];
  truncated: boolean;
}

/** `GET …/matrix?level=workload`. */
export interface WorkloadMatrix {
  level: 'workload';
  namespaces: string[];
  workloads: string[];
  cells: { src: string; dst: string; ports: string }[];
  truncated: boolean;
}

/**
 * Colour by how much is open: one port, a few, many, most of a protocol, everything. Each bucket has an
 * Okabe–Ito colour (CSS variable), and the cell prints its count, so neither colour nor text stands alone.
 */
export type Bucket = 'one' | 'few' | 'many' | 'wide' | 'all';

export interface BucketInfo {
  id: Bucket;
  /** Largest port count in the bucket (inclusive); Infinity for the last counted one. */
  max: number;
  label: string;
}

export const BUCKETS: readonly BucketInfo[] = [
  { id: 'one', max: 1, label: MATRIX_MSG.bucket.one },
  { id: 'few', max: 10, label: MATRIX_MSG.bucket.few },
  { id: 'many', max: 1000, label: MATRIX_MSG.bucket.many },
  { id: 'wide', max: Infinity, label: MATRIX_MSG.bucket.wide },
  { id: 'all', max: Infinity, label: MATRIX_MSG.bucket.all },
];

export function bucketOf(count: number | 'all'): Bucket {
  if (count === 'all') return 'all';
  return BUCKETS.find((b) => b.id !== 'all' && count <= b.max)!.id;
}

/** What a cell prints: `1`, `12`, `4k`, `65k`, `all` (at most four characters). */
export function countText(count: number | 'all'): string {
  if (count === 'all') return MATRIX_MSG.all;
  return count < 1000 ? String(count) : `${Math.floor(count / 1000)}k`;
}

export interface Cell {
  src: string;
  dst: string;
  ports: PortSet;
  count: number | 'all';
  bucket: Bucket;
  /** Namespace level: workload pairs behind the cell. */
  pairs?: number;
}

export interface Grid {
  rows: string[];
  cols: string[];
  /** Row and column captions (namespace names, or workload names). */
  rowLabels: string[];
  colLabels: string[];
  cells: Map<string, Cell>;
  truncated: boolean;
}

export const cellKey = (src: string, dst: string) => `${src}\u0000${dst}`;

const cell = (src: string, dst: string, text: string, pairs?: number): Cell => {
  const ports = parsePorts(text);
  const count = portCount(ports);
  return { src, dst, ports, count, bucket: bucketOf(count), pairs };
};

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Namespace × namespace: rows are sources, columns destinations, both sorted by name. */
export function namespaceGrid(m: NamespaceMatrix): Grid {
  const names = [...m.namespaces].sort(cmp);
  return {
    rows: names, cols: names, rowLabels: names, colLabels: names,
    cells: new Map(m.cells.map((c) => [cellKey(c.src, c.dst), cell(c.src, c.dst, c.ports, c.workloadPairs)])),
    truncated: m.truncated,
  };
}

/**
 * The drill-down of one namespace cell: the workloads of `src` against those of `dst` (the API answers
 * every pair among the two namespaces; only src → dst is this cell's).
 */
export function workloadGrid(m: WorkloadMatrix, src: string, dst: string): Grid {
  const nsOf = (k: string) => {
    const e = parseEndpointKey(k);
    return e?.type === 'workload' ? e.namespace : null;
  };
  const name = (k: string) => {
    const e = parseEndpointKey(k);
    return e?.type === 'workload' ? e.name : k;
  };
  const rows = m.workloads.filter((w) => nsOf(w) === src).sort(cmp);
  const cols = m.workloads.filter((w) => nsOf(w) === dst).sort(cmp);
  const cells = new Map<string, Cell>();
  for (const c of m.cells) if (nsOf(c.src) === src && nsOf(c.dst) === dst) cells.set(cellKey(c.src, c.dst), cell(c.src, c.dst, c.ports));
  return { rows, cols, rowLabels: rows.map(name), colLabels: cols.map(name), cells, truncated: m.truncated };
}

/** How many cells of each bucket (for the legend's counts). */
export function bucketCounts(g: Grid): Record<Bucket, number> {
  const out: Record<Bucket, number> = { one: 0, few: 0, many: 0, wide: 0, all: 0 };
  for (const c of g.cells.values()) out[c.bucket]++;
  return out;
}

export interface Position {
  row: number;
  col: number;
}

/** Arrow keys, Home/End (row start/end) and PageUp/PageDown (column top/bottom) inside the grid. */
export function moveCell(p: Position, key: string, rows: number, cols: number): Position | null {
  const clamp = (v: number, n: number) => Math.max(0, Math.min(n - 1, v));
  switch (key) {
    case 'ArrowRight': return { row: p.row, col: clamp(p.col + 1, cols) };
    case 'ArrowLeft': return { row: p.row, col: clamp(p.col - 1, cols) };
    case 'ArrowDown': return { row: clamp(p.row + 1, rows), col: p.col };
    case 'ArrowUp': return { row: clamp(p.row - 1, rows), col: p.col };
    case 'Home': return { row: p.row, col: 0 };
    case 'End': return { row: p.row, col: cols - 1 };
    case 'PageUp': return { row: 0, col: p.col };
    case 'PageDown': return { row: rows - 1, col: p.col };
    default: return null;
  }
}

/**
 * The port to explain a cell on: its own first port; for an empty cell (why is this denied?), the first
 * port someone else may reach the same destination on — the port it serves; else null (the user types one).
 */
export function suggestPort(g: Grid, src: string, dst: string): PortQuery | null {
  const own = g.cells.get(cellKey(src, dst));
  if (own) return samplePorts(own.ports, 1)[0] ?? null;
  for (const r of g.rows) {
    const c = g.cells.get(cellKey(r, dst));
    if (c && !c.ports.isAll()) return samplePorts(c.ports, 1)[0] ?? null;
  }
  return null;
}
