/**
 * Formatting shared by every view. Pure and locale-fixed (en-US digits, UTC unless a zone is given) so
 * that what a test sees is what a person sees, on any machine.
 */
const NUMBER = new Intl.NumberFormat('en-US');

export const DASH = '—';

export function count(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? DASH : NUMBER.format(n);
}

/** 87.5 → "87.5 %"; whole numbers without ".0". */
export function percent(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return DASH;
  const r = Math.round(p * 10) / 10;
  return `${Number.isInteger(r) ? r.toFixed(0) : r.toFixed(1)} %`;
}

/** part / whole as a percentage, or null when there is no whole (no pods: nothing to cover). */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? (100 * part) / whole : null;
}

export function score(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return DASH;
  const r = Math.round(s * 10) / 10;
  return Number.isInteger(r) ? r.toFixed(0) : r.toFixed(1);
}

/** "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago" — or "never". */
export function ago(iso: string | null | undefined, now: number): string {
  if (!iso) return 'never';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return DASH;
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

/** "2026-11-23 13:39:05" in the given zone (default UTC, suffixed "UTC"). */
export function dateTime(iso: string | null | undefined, timeZone = 'UTC'): string {
  if (!iso) return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return DASH;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}${timeZone === 'UTC' ? ' UTC' : ''}`;
}

/** "1 namespace", "3 namespaces". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** A value for <input type="datetime-local"> (UTC) ↔ ISO 8601 with offset. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 19);
}
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(/Z|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
