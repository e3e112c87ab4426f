import { extent, line, scaleLinear, scaleTime } from 'd3';

export interface SeriesPoint {
  at: string;
  value: number | null;
}

/**
 * SVG paths of one or more 0–100 series over time, sharing one time axis. Gaps (null) break the line
 * instead of being drawn as zero. Pure: d3 scales and the line generator, no DOM.
 */
export function sparkPaths(series: readonly (readonly SeriesPoint[])[], width: number, height: number, pad = 2): string[] {
  const times = series.flatMap((s) => s.map((p) => Date.parse(p.at))).filter((t) => !Number.isNaN(t));
  if (times.length === 0) return series.map(() => '');
  const [t0, t1] = extent(times) as [number, number];
  // A single instant still gets a visible (flat) line across the whole width.
  const x = scaleTime().domain(t0 === t1 ? [t0 - 1, t1 + 1] : [t0, t1]).range([pad, width - pad]);
  const y = scaleLinear().domain([0, 100]).range([height - pad, pad]).clamp(true);
  const gen = line<SeriesPoint>()
    .defined((p) => p.value !== null && Number.isFinite(p.value) && !Number.isNaN(Date.parse(p.at)))
    .x((p) => round(x(new Date(Date.parse(p.at)))))
    .y((p) => round(y(p.value as number)));
  return series.map((s) => {
    const pts = [...s].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    if (pts.length === 1) pts.push({ ...pts[0], at: new Date(t1 + 1).toISOString() });
    return gen(pts) ?? '';
  });
}

const round = (n: number) => Math.round(n * 10) / 10;

/** "from 40 % to 75 %" for a screen reader (first and last measured value). */
export function trendWords(points: readonly SeriesPoint[]): { first: number; last: number } | null {
  const measured = [...points].filter((p) => p.value !== null).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  if (measured.length === 0) return null;
  return { first: measured[0].value as number, last: measured[measured.length - 1].value as number };
}
