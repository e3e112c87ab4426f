/** The answers /work/shared/SCENARIOS.md requires, on the demo folders `npm start` shows. */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, DEMO } from './helpers';

async function lines(scenario: string, ...flags: string[]): Promise<string[]> {
  const r = await cli(['analyze', path.join(DEMO, scenario), ...flags]);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
  return r.stdout.trimEnd().split('\n');
}

describe('demo scenarios', () => {
  it('tiers: zero trust in three tiers', async () => {
    const ls = await lines('tiers');
    const into = (dst: string) => ls.filter((l) => l.includes(`=> ${dst}`));
    // Only web is reachable from outside, only on 9000.
    expect(ls.filter((l) => /^\S.*\[External\] =>/.test(l))).toEqual(['0.0.0.0/0 except 10.0.0.0/8[External] => front/web[Deployment] : TCP 9000']);
    expect(into('back/db-service')).toEqual(['front/web[Deployment] => back/db-service[Deployment] : TCP 9000,UDP 53']);
    expect(into('back/ext-service')).toEqual(['front/web[Deployment] => back/ext-service[Deployment] : TCP 9000,UDP 53']);
    // Only db-service reaches the database on 3306; only ext-service reaches the internet on 80/443.
    expect(ls.filter((l) => l.includes('3306'))).toEqual(['back/db-service[Deployment] => 10.20.0.0/16[External] : TCP 3306,UDP 53']);
    expect(ls.filter((l) => l.includes('=> 0.0.0.0/0') && l.includes('TCP'))).toEqual([
      'back/ext-service[Deployment] => 0.0.0.0/0 except 10.0.0.0/8[External] : TCP 80,443,UDP 53',
    ]);
    // back → front denied: web's only way in is the user range.
    expect(into('front/web')).toHaveLength(1);
  });

  it('no-ingress: frontend and backend cannot reach each other, both reach out', async () => {
    const ls = await lines('no-ingress');
    expect(ls.slice(1)).toEqual([
      'no-ingress-allowed/backend[Deployment] => 0.0.0.0/0[External] : All Connections',
      'no-ingress-allowed/frontend[Deployment] => 0.0.0.0/0[External] : All Connections',
    ]);
  });

  it('isolated: other namespaces are shut out under generic, let in under calico', async () => {
    const generic = await lines('isolated', '--cni', 'gke-dpv2');
    const calico = await lines('isolated', '--cni', 'calico');
    expect(generic[0]).toBe('# CNI profile: gke-dpv2 = generic (ipBlock never matches pod IPs)');
    expect(generic.filter((l) => l.startsWith('other/client[Pod] => isolated/'))).toEqual([]);
    expect(calico.filter((l) => l.startsWith('other/client[Pod] => isolated/'))).toEqual([
      'other/client[Pod] => isolated/api[Pod] : All Connections',
      'other/client[Pod] => isolated/worker[Pod] : All Connections',
    ]);
    // Egress excepts 10.0.0.0/8 (pod IPs live there): the isolated pods do not reach other/client either way.
    for (const ls of [generic, calico]) expect(ls.filter((l) => l.startsWith('isolated/') && l.includes('=> other/'))).toEqual([]);
  });
});
