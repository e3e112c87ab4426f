/**
 * Per-corpus bookkeeping: each case ends as passed, a (still valid) listed deviation, or failed; the
 * afterAll of each suite prints one `CONFORMANCE <corpus> <passed>/<total> passed (...)` line.
 */
import { Deviation, DEVIATIONS } from './deviations';
import { Mismatch, mismatchPair } from './connmap';

export type Outcome = 'pass' | 'deviation' | 'fail';

export class Tally {
  private readonly outcomes = new Map<string, Outcome>();

  constructor(readonly corpus: string, readonly total: number) {}

  record(id: string, o: Outcome): void {
    this.outcomes.set(id, o);
  }

  count(o: Outcome): number {
    return [...this.outcomes.values()].filter((x) => x === o).length;
  }

  summary(): string {
    const pass = this.count('pass');
    const dev = this.count('deviation');
    const fail = this.count('fail');
    const notRun = this.total - this.outcomes.size;
    const failed = [...this.outcomes].filter(([, o]) => o === 'fail').map(([id]) => id);
    let s = `CONFORMANCE ${this.corpus} ${pass}/${this.total} passed (${dev} listed deviation${dev === 1 ? '' : 's'}`;
    if (fail) s += `, ${fail} failed`;
    if (notRun) s += `, ${notRun} not run`;
    s += ')';
    if (failed.length) s += `\n  failed: ${failed.join(', ')}`;
    return s;
  }
}

export function deviationFor(corpus: string, id: string): Deviation | undefined {
  return DEVIATIONS[`${corpus}/${id}`];
}

/** `*` matches any run of characters (deviation pair patterns may leave an external range open). */
export function globMatch(pattern: string, text: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(text);
}

/**
 * Whether a deviation still describes reality: there are differences, each difference is on a listed pair,
 * and each listed pair still differs. Returns the problems
 * (empty = the deviation holds).
 */
export function checkPairDeviation(d: Deviation, mismatches: readonly Mismatch[]): string[] {
  const pairs = d.pairs ?? [];
  const problems: string[] = [];
  if (!pairs.length) problems.push('a netpol-analyzer deviation must list the pairs that differ');
  if (!mismatches.length) problems.push('listed as a deviation but now matches the expected answer: remove the entry');
  const covers = (m: Mismatch) => pairs.some((p) => globMatch(p, mismatchPair(m)));
  for (const m of mismatches) {
    if (!covers(m)) problems.push(`unlisted difference ${mismatchPair(m)}: expected ${m.expected}, got ${m.actual}`);
  }
  if (mismatches.length) {
    for (const p of pairs) {
      if (!mismatches.some((m) => globMatch(p, mismatchPair(m)))) problems.push(`listed pair ${p} no longer differs: update the entry`);
    }
  }
  return problems;
}

/** The extra conditions of a Q6 (host-network) deviation; see Deviation.q6HostNetwork. */
export function checkQ6(d: Deviation, mismatches: readonly Mismatch[], hostNetworkWorkloads: ReadonlySet<string>): string[] {
  if (!d.q6HostNetwork) return [];
  const problems: string[] = [];
  for (const m of mismatches) {
    if (!hostNetworkWorkloads.has(m.src) && !hostNetworkWorkloads.has(m.dst)) {
      problems.push(`${mismatchPair(m)}: neither end is a host-network workload, so Q6 does not explain it`);
    }
    if (!m.expectedPorts || !m.actualPorts) continue;
    const lost = m.expectedPorts.subtract(m.actualPorts);
    if (!lost.isEmpty()) problems.push(`${mismatchPair(m)}: we deny ${lost.toString()} which the corpus allows — Q6 can only make us more permissive`);
  }
  return problems;
}
