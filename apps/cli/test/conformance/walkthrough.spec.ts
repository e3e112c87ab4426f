/**
 * Corpus 4: the policy-assistant walkthrough (ANP Allow; ANP no-op → BANP Deny; ANP Pass → NP deny).
 * One `it` per flow, both engines.
 */
import { afterAll, describe, it } from 'vitest';
import { Tally, deviationFor } from './report';
import { readFlows, runFlows, FlowResult } from './walkthrough';

const CORPUS = 'policy-assistant-walkthrough';
const flows = readFlows();
const tally = new Tally(CORPUS, flows.length);
let results: FlowResult[] | undefined;

describe(`conformance: ${CORPUS} (naive and incremental engines)`, () => {
  afterAll(() => {
    console.log(tally.summary());
  });

  flows.forEach((f, i) => {
    const id = `flow-${i + 1}`;
    it(`${id} ${f.from} -> ${f.to} ${f.protocol}/${f.port} ${f.expect}`, () => {
      tally.record(id, 'fail');
      results ??= runFlows();
      const r = results[i];
      const dev = deviationFor(CORPUS, id);
      if (!dev) {
        if (!r.ok) throw new Error(r.text);
        tally.record(id, 'pass');
        return;
      }
      if (r.ok) throw new Error(`deviation entry for ${id} is stale: remove it`);
      tally.record(id, 'deviation');
      console.log(`DEVIATION ${CORPUS}/${id}: ${dev.reason}\n  ${r.text}`);
    });
  });
});
