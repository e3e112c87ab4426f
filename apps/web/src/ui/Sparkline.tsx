import { percent } from './format';
import { sparkPaths, trendWords, type SeriesPoint } from './sparkline';

/** Ingress (solid) and egress (dashed) coverage over time; the numbers are in the accessible name. */
export function Sparkline({ ingress, egress, width = 120, height = 28, label }: { ingress: SeriesPoint[]; egress: SeriesPoint[]; width?: number; height?: number; label: string }) {
  // 3 px of padding keeps a 0 % line off the baseline.
  const [pi, pe] = sparkPaths([ingress, egress], width, height, 3);
  const wi = trendWords(ingress);
  const we = trendWords(egress);
  const words = [
    wi ? `ingress coverage ${percent(wi.first)} → ${percent(wi.last)}` : '',
    we ? `egress coverage ${percent(we.first)} → ${percent(we.last)}` : '',
  ].filter(Boolean).join('; ');
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${label}: ${words || 'no samples'}`}>
      <title>{`${label}: ${words || 'no samples'}`}</title>
      <line x1={0} x2={width} y1={height - 1} y2={height - 1} stroke="var(--rw-border)" />
      <path className="egress" d={pe} fill="none" strokeWidth={1.5} />
      <path className="ingress" d={pi} fill="none" strokeWidth={1.75} />
    </svg>
  );
}
