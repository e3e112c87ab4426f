import { memo, useRef, type KeyboardEvent } from 'react';
import type { NamespacePosture } from '../../api/types';
import { score as scoreText } from '../../ui/format';
import { BAND_MARK, scoreBand, scoreColor, textOn } from '../../ui/palette';
import { NS_MSG } from './messages';

/** Above this many namespaces the tiles drop their names (hover, focus or the table tell them). */
export const COMPACT_ABOVE = 150;

/**
 * One tile per namespace, coloured by score (RdYlBu: red poor → blue good) with the number, the band
 * shape, and ⚠ / ↔ marks for internet / cross-namespace exposure. One tab stop: arrows move inside.
 */
export const Heatmap = memo(function Heatmap({ rows, selected, changed, onSelect }: { rows: NamespacePosture[]; selected?: string; changed: ReadonlyMap<string, number>; onSelect(ns: string): void }) {
  const box = useRef<HTMLDivElement>(null);
  const focusAt = (i: number) => {
    const tiles = box.current?.querySelectorAll<HTMLButtonElement>('button.tile');
    if (!tiles?.length) return;
    tiles[Math.max(0, Math.min(tiles.length - 1, i))].focus();
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const tiles = [...(box.current?.querySelectorAll<HTMLButtonElement>('button.tile') ?? [])];
    const i = tiles.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    // Tiles wrap in rows; up/down jump by the number of tiles that fit on the first line.
    const perRow = Math.max(1, tiles.filter((t) => t.offsetTop === tiles[0].offsetTop).length);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, ArrowDown: i + perRow, ArrowUp: i - perRow, Home: 0, End: tiles.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    focusAt(to);
  };
  const tabStop = selected && rows.some((r) => r.namespace === selected) ? selected : rows[0]?.namespace;
  // 1,400 named tiles would be a wall; small squares keep the whole cluster on one screen.
  const compact = rows.length > COMPACT_ABOVE;
  return (
    <div>
      <div className="legend" aria-hidden="true">
        <span>
          {BAND_MARK.poor.shape} {NS_MSG.legend.poor}
        </span>
        <span className="legend-ramp" style={{ background: `linear-gradient(to right, ${[0, 25, 50, 75, 100].map((s) => scoreColor(s)).join(', ')})` }} />
        <span>
          {BAND_MARK.good.shape} {NS_MSG.legend.good}
        </span>
        <span>{compact ? NS_MSG.legend.compactInternet : `⚠ ${NS_MSG.legend.internet}`}</span>
        <span>{compact ? NS_MSG.legend.compactCrossNs : `↔ ${NS_MSG.legend.crossNs}`}</span>
      </div>
      <div className={compact ? 'heatmap compact' : 'heatmap'} ref={box} role="group" aria-label={NS_MSG.heatmap} onKeyDown={onKey} data-testid="ns-heatmap">
        {rows.map((r) => {
          const bg = scoreColor(r.score);
          const band = BAND_MARK[scoreBand(r.score)];
          const marks = `${r.exposedToInternet ? ' ⚠' : ''}${r.reachableFromOtherNamespaces ? ' ↔' : ''}`;
          const label = [
            `${r.namespace}: score ${scoreText(r.score)} (${band.label})`,
            r.exposedToInternet ? NS_MSG.legend.internet : '',
            r.reachableFromOtherNamespaces ? NS_MSG.legend.crossNs : '',
            changed.has(r.namespace) ? NS_MSG.changed : '',
          ].filter(Boolean).join(', ');
          return (
            <button
              key={r.namespace}
              type="button"
              className={['tile', changed.has(r.namespace) ? 'flash' : '', r.exposedToInternet ? 'exposed' : '', r.reachableFromOtherNamespaces ? 'cross' : ''].filter(Boolean).join(' ')}
              style={{ background: bg, color: textOn(bg) }}
              aria-pressed={selected === r.namespace}
              aria-label={label}
              title={label}
              tabIndex={r.namespace === tabStop ? 0 : -1}
              onClick={() => onSelect(r.namespace)}
              data-testid={`ns-tile-${r.namespace}`}
            >
              {compact ? (
                <span aria-hidden="true">{band.shape}</span>
              ) : (
                <>
                  <span aria-hidden="true">
                    {band.shape} {scoreText(r.score)}
                    {marks}
                  </span>
                  <br />
                  <span aria-hidden="true">{r.namespace}</span>
                </>
              )}
            </button>
          );
        })}
      </div>
    </div>
  );
});
