/**
 * Corpus 3: ahmetb/kubernetes-network-policy-recipes, 14 recipes, `calico` profile. One `it` per recipe;
 * every probe of every step (implied ones included) must hold in both engines.
 */
import { afterAll, describe, it } from 'vitest';
import { listRecipes, runRecipe } from './recipes';
import { Tally, deviationFor } from './report';

const CORPUS = 'recipes';
const recipes = listRecipes();
const tally = new Tally(CORPUS, recipes.length);

describe(`conformance: ${CORPUS} (calico profile, naive and incremental engines)`, () => {
  afterAll(() => {
    console.log(tally.summary());
  });

  for (const name of recipes) {
    it(name, () => {
      tally.record(name, 'fail');
      const results = runRecipe(name);
      if (!results.length) throw new Error(`${name}: no probes`);
      const bad = results.filter((r) => !r.ok);
      const dev = deviationFor(CORPUS, name);
      if (!dev) {
        if (bad.length) throw new Error(bad.map((r) => r.text).join('\n'));
        tally.record(name, 'pass');
        return;
      }
      if (!bad.length) throw new Error(`deviation entry for ${name} is stale (all probes now hold): remove it`);
      tally.record(name, 'deviation');
      console.log(`DEVIATION ${CORPUS}/${name}: ${dev.reason}\n  ${bad.map((r) => r.text).join('\n  ')}`);
    });
  }
});
