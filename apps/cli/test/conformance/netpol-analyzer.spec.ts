/**
 * Corpus 1: np-guard/netpol-analyzer, 170 cases, `generic` CNI profile (USING.md). One `it` per case.
 */
import { afterAll, describe, it } from 'vitest';
import { mismatchText } from './connmap';
import { listNpaCases } from './netpol-analyzer-reader';
import { describeRun, runNpaCase } from './netpol-analyzer-run';
import { Tally, checkPairDeviation, checkQ6, deviationFor } from './report';

const CORPUS = 'netpol-analyzer';
const cases = listNpaCases(); // throws (fails the file) when the corpus is missing
const tally = new Tally(CORPUS, cases.length);

describe(`conformance: ${CORPUS} (generic profile, fast and naive engines)`, () => {
  afterAll(() => {
    console.log(tally.summary());
  });

  for (const c of cases) {
    it(c.id, () => {
      tally.record(c.id, 'fail'); // until proven otherwise (a throw below leaves it failed)
      const r = runNpaCase(c);
      if (r.errors.length) throw new Error(describeRun(r));
      const dev = deviationFor(CORPUS, c.id);
      const ms = r.mismatches.naive; // every other engine path was checked equal to it (else r.errors)
      if (!dev) {
        if (ms.length) throw new Error(describeRun(r));
        tally.record(c.id, 'pass');
        return;
      }
      const problems = [...checkPairDeviation(dev, ms), ...checkQ6(dev, ms, r.hostNetworkWorkloads)];
      if (problems.length) {
        throw new Error(`deviation entry for ${c.id} is stale or incomplete:\n  ${problems.join('\n  ')}\n${describeRun(r)}`);
      }
      tally.record(c.id, 'deviation');
      // Keep the deviation visible in the output, not only in deviations.ts.
      const shown = ms.slice(0, 3).map(mismatchText);
      if (ms.length > 3) shown.push(`… ${ms.length - 3} more, all on the listed pairs`);
      console.log(`DEVIATION ${CORPUS}/${c.id}: ${dev.reason}\n  ${shown.join('\n  ')}`);
    });
  }
});
