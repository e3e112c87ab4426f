/**
 * Corpus 2: kubernetes-sigs/network-policy-api ANP/BANP conformance, 289 probes, `calico` profile
 * (probes address pods by IP). One `it` per probe; a test's subtests share cumulative mutations, so each
 * test is simulated once (on its first probe) and its probes read the results in order.
 */
import { afterAll, describe, it } from 'vitest';
import { NpapiProbeResult, listNpapiProbes, readNpapiTests, runNpapiTest } from './network-policy-api';
import { Tally, deviationFor } from './report';

const CORPUS = 'network-policy-api';
const tests = readNpapiTests();
const probes = listNpapiProbes(tests);
const tally = new Tally(CORPUS, probes.length);
const byTest = new Map<string, Map<string, NpapiProbeResult>>();

function resultOf(test: string, id: string): NpapiProbeResult {
  let rs = byTest.get(test);
  if (!rs) {
    rs = runNpapiTest(tests.find((t) => t.test === test)!);
    byTest.set(test, rs);
  }
  const r = rs.get(id);
  if (!r) throw new Error(`no result for ${id}`);
  return r;
}

function verdict(b: boolean | undefined): string {
  return b === undefined ? 'n/a' : b ? 'allowed' : 'blocked';
}

describe(`conformance: ${CORPUS} (calico profile, naive and incremental engines)`, () => {
  afterAll(() => {
    console.log(tally.summary());
  });

  for (const p of probes) {
    it(p.title, () => {
      tally.record(p.id, 'fail');
      const r = resultOf(p.test, p.id);
      if (r.error) throw new Error(r.error);
      const ok = r.naive === r.expect && r.fast === r.expect;
      const text = `expected ${verdict(r.expect)}, naive ${verdict(r.naive)}, fast ${verdict(r.fast)}; ${r.detail}`;
      const dev = deviationFor(CORPUS, p.id);
      if (!dev) {
        if (!ok) throw new Error(text);
        tally.record(p.id, 'pass');
        return;
      }
      if (ok) throw new Error(`deviation entry for ${p.id} is stale (the probe now matches): remove it. ${text}`);
      tally.record(p.id, 'deviation');
      console.log(`DEVIATION ${CORPUS}/${p.id}: ${dev.reason}\n  ${text}`);
    });
  }
});
