import { HATCH_ID, HatchPattern } from './MatrixGrid';
import { MATRIX_MSG } from './messages';
import { BUCKETS, bucketCounts, countText, type Grid } from './model';

const SAMPLE = { one: 1, few: 8, many: 120, wide: 65535, all: 'all' } as const;

/** Each colour with the number a cell of it prints and its words, and how many cells of this grid have it. */
export function MatrixLegend({ grid }: { grid: Grid }) {
  const counts = bucketCounts(grid);
  return (
    <div className="legend rw-mx-legend" data-testid="matrix-legend">
      <span>{MATRIX_MSG.legend}</span>
      <ul>
        <li className="rw-mx-cell rw-mx-cell--none">
          <svg width="26" height="18" aria-hidden="true"><rect width="26" height="18" rx="3" /></svg>
          {MATRIX_MSG.none}
        </li>
        {BUCKETS.map((b) => (
          <li key={b.id} className={`rw-mx-cell rw-mx-cell--${b.id}`}>
            <svg width="26" height="18" aria-hidden="true">
              {b.id === 'all' ? <HatchPattern /> : null}
              <rect width="26" height="18" rx="3" />
              {b.id === 'all' ? <rect width="26" height="18" rx="3" fill={`url(#${HATCH_ID})`} className="rw-mx-hatched" /> : null}
              <text x="13" y="9" textAnchor="middle" dominantBaseline="central">{countText(SAMPLE[b.id])}</text>
            </svg>
            {b.label} ({counts[b.id]})
          </li>
        ))}
      </ul>
      <span className="muted">{MATRIX_MSG.rows} · {MATRIX_MSG.cols}</span>
    </div>
  );
}
