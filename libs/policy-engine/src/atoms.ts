import { Cidr, IpFamily, formatIp, parseCidr, universe } from './ip';

/**
 * External address space cut into atoms. CIDR blocks are either nested or disjoint, so all the blocks
 * that policies mention form a forest; an atom is one block minus its largest sub-blocks in the forest
 * (`cidr` + `except`). Every ipBlock treats all addresses of one atom alike, so one representative
 * address per atom decides for the whole atom.
 */
export interface IpAtom {
  family: IpFamily;
  cidr: Cidr;
  except: Cidr[];
  /** An address inside the atom, used to evaluate it. */
  representative: bigint;
}

export function buildIpAtoms(cidrs: Iterable<Cidr>): IpAtom[] {
  const byText = new Map<string, Cidr>();
  for (const f of [4, 6] as IpFamily[]) byText.set(universe(f).text, universe(f));
  for (const c of cidrs) byText.set(c.text, c);
  // Parents before children: by family, then start ascending, then larger blocks first.
  const all = [...byText.values()].sort(
    (a, b) => a.family - b.family || (a.first < b.first ? -1 : a.first > b.first ? 1 : a.prefix - b.prefix),
  );
  const children = new Map<string, Cidr[]>();
  const stack: Cidr[] = [];
  for (const c of all) {
    while (stack.length && !(stack[stack.length - 1].family === c.family && stack[stack.length - 1].last >= c.last)) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) {
      const list = children.get(parent.text) ?? [];
      list.push(c);
      children.set(parent.text, list);
    }
    stack.push(c);
  }
  const atoms: IpAtom[] = [];
  for (const c of all) {
    const kids = children.get(c.text) ?? [];
    const rep = firstUncovered(c, kids);
    if (rep === undefined) continue; // fully covered by its sub-blocks: not an atom
    atoms.push({ family: c.family, cidr: c, except: kids, representative: rep });
  }
  return atoms;
}

function firstUncovered(c: Cidr, kids: Cidr[]): bigint | undefined {
  let next = c.first;
  for (const k of kids) {
    if (k.first > next) return next;
    if (k.last >= next) next = k.last + 1n;
  }
  return next <= c.last ? next : undefined;
}

/** The atom an address falls in (the deepest block containing it). */
export function atomOf(atoms: readonly IpAtom[], family: IpFamily, v: bigint): IpAtom | undefined {
  let best: IpAtom | undefined;
  for (const a of atoms) {
    if (a.family !== family || v < a.cidr.first || v > a.cidr.last) continue;
    if (a.except.some((e) => v >= e.first && v <= e.last)) continue;
    if (!best || a.cidr.prefix > best.cidr.prefix) best = a;
  }
  return best;
}

/** The inclusive intervals an atom covers. */
export function atomIntervals(a: Pick<IpAtom, 'cidr' | 'except'>): [bigint, bigint][] {
  const out: [bigint, bigint][] = [];
  let next = a.cidr.first;
  for (const k of a.except) {
    if (k.first > next) out.push([next, k.first - 1n]);
    if (k.last >= next) next = k.last + 1n;
  }
  if (next <= a.cidr.last) out.push([next, a.cidr.last]);
  return out;
}

export function describeAtom(a: Pick<IpAtom, 'cidr' | 'except'>): string {
  return a.except.length ? `${a.cidr.text} except ${a.except.map((e) => e.text).join(', ')}` : a.cidr.text;
}

export function intervalText(family: IpFamily, [a, b]: [bigint, bigint]): string {
  return `${formatIp(family, a)}-${formatIp(family, b)}`;
}

export { parseCidr };
