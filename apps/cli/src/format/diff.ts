/** Output of `reachwatch diff`: txt for people and CI logs, json for tools. */
import type { CniProfile, Connection, Exposure } from '@reachwatch/policy-engine';
import { msg } from '../messages';
import { connectionJson, connectionText, jsonLines, profileLine, sortConnections, type FormatOptions } from './common';

export interface DiffView {
  profile: CniProfile;
  added: Connection[];
  removed: Connection[];
  exposures: Exposure[];
}

function sortExposures(es: readonly Exposure[]): Exposure[] {
  const order = new Map(sortConnections(es.map((e) => e.connection)).map((c, i) => [c, i]));
  return [...es].sort((a, b) => order.get(a.connection)! - order.get(b.connection)!);
}

/**
 * ```
 * # CNI profile: …                      (when the result depends on it)
 * Added connections: N
 * + SRC => DST : PORTS
 * Removed connections: M
 * - SRC => DST : PORTS
 * New exposures: K
 * ! SRC => DST : PORTS (from the internet)
 * ```
 * PORTS are the ports added (or removed) for the pair, not everything it allows.
 */
export function formatDiffTxt(d: DiffView, opts: FormatOptions = {}): string {
  const out: string[] = [];
  const profile = profileLine(d.profile, [...d.added, ...d.removed], opts);
  if (profile) out.push(`# ${profile}`);
  out.push(`Added connections: ${d.added.length}`);
  for (const c of sortConnections(d.added)) out.push(`+ ${connectionText(c)}`);
  out.push(`Removed connections: ${d.removed.length}`);
  for (const c of sortConnections(d.removed)) out.push(`- ${connectionText(c)}`);
  out.push(`New exposures: ${d.exposures.length}`);
  for (const e of sortExposures(d.exposures)) out.push(`! ${connectionText(e.connection)} (${msg.reason(e.reason)})`);
  return out.join('\n') + '\n';
}

/** `{"added":[C],"removed":[C],"exposures":[C + "reason"]}`, C as in `analyze --format json`. */
export function formatDiffJson(d: DiffView): string {
  const added = jsonLines(sortConnections(d.added).map(connectionJson));
  const removed = jsonLines(sortConnections(d.removed).map(connectionJson));
  const exposures = jsonLines(sortExposures(d.exposures).map((e) => ({ ...connectionJson(e.connection), reason: e.reason })));
  return `{"added":${added},\n"removed":${removed},\n"exposures":${exposures}}\n`;
}
