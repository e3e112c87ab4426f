import type { CompiledRule } from './rows';
import type { SelEntry } from './selector-cache';

/**
 * Which cells a change of rules can reach. Two plans that differ in some rules give the same value to a
 * peer that matches none of the changed rules (as long as the rules they share keep their order), so only
 * the members of the changed rules' entries need re-evaluating (rows.ts changedBlocks, rebase, derive,
 * replaceAnpLayers).
 */

/**
 * How two rule sequences of one layer relate: the selector entries such that a peer that is a member of
 * none of them sees the same matched rules, with the same actions and ports, in the same order under both
 * (so its value is the same under both plans) — or null when there is no such set (a rule matching every
 * peer changed, or the shared rules changed order). Of two sound answers the smaller is kept:
 * - as sets: the rules only one side has (by structural id), the shared ones keeping their order
 *   (NP layers are sets ordered by sid: an edited rule moves);
 * - by position: after the common prefix and suffix, rules paired by index that differ only in peers
 *   contribute the peers they do not share (ANP layers: editing one rule's peers changes its sid in place).
 */
export function layerChanges(a: readonly CompiledRule[], b: readonly CompiledRule[]): Set<SelEntry> | null {
  if (a === b) return new Set();
  const bySet = changesAsSets(a, b);
  const byPos = changesByPosition(a, b);
  if (bySet === null) return byPos;
  if (byPos === null) return bySet;
  return byPos.size < bySet.size ? byPos : bySet;
}

function changesAsSets(a: readonly CompiledRule[], b: readonly CompiledRule[]): Set<SelEntry> | null {
  const sa = new Set(a.map((r) => r.sid));
  const sb = new Set(b.map((r) => r.sid));
  const ca = a.filter((r) => sb.has(r.sid));
  const cb = b.filter((r) => sa.has(r.sid));
  if (ca.length !== cb.length) return null;
  for (let i = 0; i < ca.length; i++) if (ca[i].sid !== cb[i].sid) return null;
  const changed = new Set<SelEntry>();
  for (const [list, other] of [[a, sb], [b, sa]] as const) {
    for (const r of list) {
      if (other.has(r.sid)) continue;
      if (r.peers === null) return null;
      for (const e of r.peers) changed.add(e);
    }
  }
  return changed;
}

function changesByPosition(a: readonly CompiledRule[], b: readonly CompiledRule[]): Set<SelEntry> | null {
  let lo = 0;
  while (lo < a.length && lo < b.length && a[lo].sid === b[lo].sid) lo++;
  let ha = a.length;
  let hb = b.length;
  while (ha > lo && hb > lo && a[ha - 1].sid === b[hb - 1].sid) {
    ha--;
    hb--;
  }
  const changed = new Set<SelEntry>();
  for (let i = lo; i < Math.max(ha, hb); i++) {
    const x = i < ha ? a[i] : undefined;
    const y = i < hb ? b[i] : undefined;
    if ((x && x.peers === null) || (y && y.peers === null)) return null;
    if (x && y && sameEffect(x, y)) {
      const px = new Set(x.peers);
      const py = new Set(y.peers);
      for (const e of px) if (!py.has(e)) changed.add(e);
      for (const e of py) if (!px.has(e)) changed.add(e);
      continue;
    }
    for (const e of x?.peers ?? []) changed.add(e);
    for (const e of y?.peers ?? []) changed.add(e);
  }
  return changed;
}

/** Same action and ports: the rules differ at most in their peers. */
function sameEffect(x: CompiledRule, y: CompiledRule): boolean {
  if (x.action !== y.action || x.fixed !== y.fixed) return false;
  if (x.named === null || y.named === null) return x.named === y.named;
  return x.named.length === y.named.length && x.named.every((n, i) => n.name === y.named![i].name && n.protocol === y.named![i].protocol);
}

/** The class ids below `n` that are members of some of the entries, ascending. */
export function memberIds(entries: Iterable<SelEntry>, n: number): number[] {
  const words = (n + 31) >>> 5;
  const acc = new Uint32Array(words);
  for (const e of entries) {
    // The entry's window (selector-cache.ts): words outside it are 0.
    const bits = e.bits;
    const end = Math.min(bits.length, words - e.lo);
    for (let x = 0; x < end; x++) acc[e.lo + x] |= bits[x];
  }
  const out: number[] = [];
  for (let w = 0; w < words; w++) {
    let x = acc[w];
    while (x !== 0) {
      const low = x & -x;
      out.push((w << 5) + 31 - Math.clz32(low));
      x ^= low;
    }
  }
  return out;
}
