/** The CLI entry's argument parsing; the clusters it starts are what startSimCluster tests cover. */
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/main';

describe('main.ts arguments', () => {
  it('parses clusters, scenarios, generated sizes and options', () => {
    const a = parseArgs(['--cluster', 'demo-east=lol,tiers', '--cluster', 'demo-west=no-ingress,generated:200/20/40/3', '--port', '7000', '--no-script', '--speed', '10']);
    expect(a.clusters).toEqual([
      { name: 'demo-east', scenarios: ['lol', 'tiers'] },
      { name: 'demo-west', scenarios: ['no-ingress'], generated: { pods: 200, namespaces: 20, policies: 40, seed: 3 } },
    ]);
    expect([a.port, a.script, a.speed]).toEqual([7000, false, 10]);
    expect(parseArgs(['--cluster', 'x=generated:L']).clusters[0]).toMatchObject({ generated: { pods: 50_000 }, podCidr: '10.244.0.0/14' });
  });

  it.each([
    [[], /at least one --cluster/],
    [['--cluster'], /needs a value/],
    [['--cluster', 'x'], /NAME=SCENARIO/],
    [['--cluster', 'x=generated:huge'], /expected S, M, L, XL/],
    [['--cluster', 'x=lol', '--port', '-1'], /--port/],
    [['--cluster', 'x=lol', '--speed', '0'], /--speed/],
    [['--bogus'], /unknown argument --bogus/],
  ])('refuses %j', (argv, re) => {
    expect(() => parseArgs(argv as string[])).toThrow(re);
  });
});
