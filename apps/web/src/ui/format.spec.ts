import { describe, expect, it } from 'vitest';
import { ago, count, dateTime, fromLocalInput, percent, plural, ratio, score, toLocalInput } from './format';
import { scoreBand, scoreColor, textOn } from './palette';
import { sparkPaths, trendWords } from './sparkline';

describe('formatting', () => {
  it('numbers, percentages and scores', () => {
    expect(count(1234567)).toBe('1,234,567');
    expect(count(null)).toBe('—');
    expect(percent(87.54)).toBe('87.5 %');
    expect(percent(40)).toBe('40 %');
    expect(percent(99.96)).toBe('100 %');
    expect(percent(null)).toBe('—');
    expect(ratio(1, 3)).toBeCloseTo(33.333, 2);
    expect(ratio(0, 0)).toBeNull();
    expect(score(66.66)).toBe('66.7');
    expect(score(70)).toBe('70');
    expect(plural(1, 'namespace')).toBe('1 namespace');
    expect(plural(1200, 'pod')).toBe('1,200 pods');
  });

  it('relative and absolute times', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(ago(null, now)).toBe('never');
    expect(ago('2026-11-23T11:59:58Z', now)).toBe('just now');
    expect(ago('2026-11-23T11:59:18Z', now)).toBe('42 s ago');
    expect(ago('2026-11-23T11:55:00Z', now)).toBe('5 min ago');
    expect(ago('2026-11-23T09:00:00Z', now)).toBe('3 h ago');
    expect(ago('2026-11-21T11:00:00Z', now)).toBe('2 d ago');
    expect(ago('2026-11-23T12:00:30Z', now)).toBe('just now'); // a clock slightly ahead is not "in the future"
    expect(dateTime('2026-11-23T13:39:05.123Z')).toBe('2026-11-23 13:39:05 UTC');
    expect(dateTime('2026-11-23T13:39:05Z', 'Europe/Berlin')).toBe('2026-11-23 14:39:05');
    expect(dateTime('garbage')).toBe('—');
  });

  it('datetime-local inputs are UTC both ways', () => {
    expect(toLocalInput('2026-11-23T13:39:05.000Z')).toBe('2026-11-23T13:39:05');
    expect(fromLocalInput('2026-11-23T13:39:05')).toBe('2026-11-23T13:39:05.000Z');
    expect(fromLocalInput('2026-11-23T13:39')).toBe('2026-11-23T13:39:00.000Z');
    expect(fromLocalInput('')).toBeUndefined();
    expect(fromLocalInput('nope')).toBeUndefined();
  });
});

describe('palette', () => {
  it('bands scores into words and keeps text readable on every tile colour', () => {
    expect([0, 49.9, 50, 79.9, 80, 100].map(scoreBand)).toEqual(['poor', 'poor', 'fair', 'fair', 'good', 'good']);
    for (let s = 0; s <= 100; s += 5) {
      const bg = scoreColor(s);
      expect(bg).toMatch(/^rgb\(/);
      expect(['#000000', '#ffffff']).toContain(textOn(bg));
    }
    expect(scoreColor(null)).toBe('#8a8a8a');
    expect(textOn('#000000')).toBe('#ffffff');
    expect(textOn('#ffffff')).toBe('#000000');
    expect(textOn('#0072B2')).toBe('#ffffff');
    expect(textOn('#F0E442')).toBe('#000000');
  });

  it('poor and good ends differ in lightness, not only hue (greyscale-readable)', () => {
    const lum = (c: string) => {
      const [r, g, b] = (/rgb\((\d+), (\d+), (\d+)\)/.exec(c) ?? []).slice(1).map(Number);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    expect(Math.abs(lum(scoreColor(0)) - lum(scoreColor(50)))).toBeGreaterThan(40);
    expect(Math.abs(lum(scoreColor(100)) - lum(scoreColor(50)))).toBeGreaterThan(40);
  });
});

describe('sparkline', () => {
  it('maps time to x and 0–100 to y, breaking the line at gaps', () => {
    const pts = [
      { at: '2026-11-23T00:00:00Z', value: 0 },
      { at: '2026-11-23T01:00:00Z', value: 100 },
      { at: '2026-11-23T02:00:00Z', value: null },
      { at: '2026-11-23T03:00:00Z', value: 50 },
    ];
    const [d] = sparkPaths([pts], 102, 22, 1);
    // x: 1 → 101 over three hours; y: 0 → 21 (bottom), 100 → 1 (top); the null starts a new segment
    // (a lone point after a gap is d3's closed one-point subpath).
    expect(d).toBe('M1,21L34.3,1M101,11Z');
    expect(trendWords(pts)).toEqual({ first: 0, last: 50 });
  });

  it('sorts by time, draws one point as a flat line, and shares the axis across series', () => {
    const [a, b] = sparkPaths(
      [
        [{ at: '2026-11-23T02:00:00Z', value: 10 }, { at: '2026-11-23T00:00:00Z', value: 20 }],
        [{ at: '2026-11-23T01:00:00Z', value: 40 }],
      ],
      100,
      100,
      0,
    );
    expect(a).toBe('M0,80L100,90');
    expect(b).toMatch(/^M50,60L/);
    expect(sparkPaths([[]], 10, 10)).toEqual(['']);
    expect(trendWords([])).toBeNull();
  });
});
