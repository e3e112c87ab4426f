import { score as scoreText } from './format';
import { BAD, BAND_MARK, GOOD, RISK, SAFE, SEVERITY_MARK, scoreBand, scoreColor, textOn, type Mark, type Severity } from './palette';

/** A status shown three ways at once: colour, shape and word (the word may be visually hidden). */
export function MarkBadge({ mark, text, compact = false }: { mark: Mark; text?: string; compact?: boolean }) {
  const label = text ?? mark.label;
  return (
    <span className="mark" title={label}>
      <span className="mark-shape" style={{ color: mark.color }} aria-hidden="true">
        {mark.shape}
      </span>
      {compact ? <span className="visually-hidden">{label}</span> : <span className="mark-text">{label}</span>}
    </span>
  );
}

export function YesNo({ value, yes = 'yes', no = 'no', compact }: { value: boolean; yes?: string; no?: string; compact?: boolean }) {
  return <MarkBadge mark={value ? GOOD : BAD} text={value ? yes : no} compact={compact} />;
}

export function Exposure({ value, yes = 'exposed', no = 'no', compact }: { value: boolean; yes?: string; no?: string; compact?: boolean }) {
  return <MarkBadge mark={value ? RISK : SAFE} text={value ? yes : no} compact={compact} />;
}

export function SeverityBadge({ severity, count }: { severity: Severity; count?: number }) {
  const m = SEVERITY_MARK[severity];
  const text = count === undefined ? m.label : `${count} ${m.label}`;
  return (
    <span className={`severity severity-${severity}${count === 0 ? ' severity-zero' : ''}`} title={text}>
      <span className="mark-shape" style={{ color: count === 0 ? undefined : m.color }} aria-hidden="true">
        {m.shape}
      </span>
      <span className="mark-text">{text}</span>
    </span>
  );
}

/** The score as a coloured chip with its number and band word (poor / fair / good). */
export function ScoreChip({ score }: { score: number | null }) {
  if (score === null) return <span className="score-chip score-none">—</span>;
  const band = BAND_MARK[scoreBand(score)];
  const bg = scoreColor(score);
  return (
    <span className="score-chip" style={{ background: bg, color: textOn(bg) }} title={`score ${scoreText(score)} of 100: ${band.label}`}>
      <span aria-hidden="true">{band.shape} </span>
      {scoreText(score)}
      <span className="visually-hidden"> ({band.label})</span>
    </span>
  );
}
