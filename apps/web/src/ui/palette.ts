/**
 * Colour is never the only signal: every status has a colour from the Okabe–Ito palette (distinguishable
 * with the common colour-vision deficiencies), a shape and a word. Scores use ColorBrewer RdYlBu (red =
 * poor, blue = good; colour-blind safe), always printed as a number too.
 */
import { interpolateRdYlBu } from 'd3';

export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

export type Severity = 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export interface Mark {
  color: string;
  /** A glyph whose outline differs per status (readable in greyscale). */
  shape: string;
  label: string;
}

export const SEVERITY_MARK: Readonly<Record<Severity, Mark>> = {
  critical: { color: OKABE_ITO.vermillion, shape: '◆', label: 'critical' },
  high: { color: OKABE_ITO.orange, shape: '▲', label: 'high' },
  medium: { color: OKABE_ITO.yellow, shape: '■', label: 'medium' },
  low: { color: OKABE_ITO.skyBlue, shape: '●', label: 'low' },
};

/** Yes/no facts where "yes" is the safe answer (isolated, default deny) or the risky one (exposed). */
export const GOOD: Mark = { color: OKABE_ITO.blue, shape: '✓', label: 'yes' };
export const BAD: Mark = { color: OKABE_ITO.vermillion, shape: '✗', label: 'no' };
export const RISK: Mark = { color: OKABE_ITO.vermillion, shape: '⚠', label: 'exposed' };
export const SAFE: Mark = { color: OKABE_ITO.blue, shape: '○', label: 'not exposed' };

export type ScoreBand = 'poor' | 'fair' | 'good';

/** Bands for words and shapes beside the number: below 50 poor, below 80 fair, else good. */
export function scoreBand(score: number): ScoreBand {
  return score < 50 ? 'poor' : score < 80 ? 'fair' : 'good';
}

export const BAND_MARK: Readonly<Record<ScoreBand, Mark>> = {
  poor: { color: OKABE_ITO.vermillion, shape: '✗', label: 'poor' },
  fair: { color: OKABE_ITO.orange, shape: '▲', label: 'fair' },
  good: { color: OKABE_ITO.blue, shape: '✓', label: 'good' },
};

/** Heatmap fill for a 0–100 score (null: nothing to score). */
export function scoreColor(score: number | null): string {
  if (score === null || !Number.isFinite(score)) return '#8a8a8a';
  // Skip the palest middle of RdYlBu so every tile keeps contrast against both themes' backgrounds.
  const t = Math.min(1, Math.max(0, score / 100));
  return interpolateRdYlBu(0.05 + 0.9 * t);
}

/** Black or white text, whichever reads better on `hex` (WCAG relative luminance). */
export function textOn(color: string): '#000000' | '#ffffff' {
  const m = /^#?([0-9a-f]{6})$/i.exec(color) ?? /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(color);
  if (!m) return '#000000';
  const [r, g, b] = m.length === 2 ? [0, 2, 4].map((i) => parseInt(m[1].slice(i, i + 2), 16)) : [m[1], m[2], m[3]].map(Number);
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const L = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return L > 0.179 ? '#000000' : '#ffffff';
}
