import { PortSet, type Protocol } from '@reachwatch/policy-engine';
import type { StoredPortRange } from '@reachwatch/db';

/** The union of stored port lists (PortSet.toList() as the worker wrote them); everything when `all`. */
export function portsOf(all: boolean, lists: readonly StoredPortRange[][]): PortSet {
  if (all) return PortSet.ALL;
  const ranges: Partial<Record<Protocol, [number, number][]>> = {};
  for (const list of lists) for (const r of list) (ranges[r.protocol] ??= []).push([r.from, r.to]);
  return PortSet.fromRanges(ranges);
}
