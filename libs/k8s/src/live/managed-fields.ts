/**
 * Who made an object's latest change, from metadata.managedFields (server-side field ownership). Each entry
 * has `manager`, `operation` and `time` (RFC 3339, second precision). Ties are common (a controller writes
 * spec and status in the same second): the entry for the main resource wins over a subresource (`status`
 * is written by kubelet/controllers, the spec change is what an audit wants), then the later list position.
 */
import { isObject } from '../raw';

export function latestManager(managedFields: unknown): string | null {
  if (!Array.isArray(managedFields)) return null;
  let best: { t: number; main: boolean; manager: string } | undefined;
  for (const e of managedFields) {
    if (!isObject(e) || typeof e.manager !== 'string' || e.manager === '') continue;
    const parsed = typeof e.time === 'string' ? Date.parse(e.time) : NaN;
    // An entry without a readable time sorts before every timed one: it cannot be shown to be the latest.
    const t = Number.isNaN(parsed) ? -Infinity : parsed;
    const main = e.subresource === undefined || e.subresource === null || e.subresource === '';
    if (!best || t > best.t || (t === best.t && (main || !best.main))) best = { t, main, manager: e.manager };
  }
  return best?.manager ?? null;
}
