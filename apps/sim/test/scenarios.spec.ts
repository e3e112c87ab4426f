/**
 * The four scenarios of SCENARIOS.md, run through their scripts (fast), then checked against the answers
 * Reachwatch must give: simulator objects → libs/k8s → the engine.
 */
import { describe, expect, it } from 'vitest';
import { SimCluster, startSimCluster } from '../src';
import { connectionLines } from './analysis';

async function withScenario(scenarios: string[], fn: (c: SimCluster) => Promise<void> | void, script = true): Promise<void> {
  const c = await startSimCluster({ name: 'scn', scenarios, script, scriptSpeed: 1000 });
  try {
    const reports = await c.scriptDone();
    for (const r of reports) expect(r.errors).toEqual([]);
    await fn(c);
  } finally {
    await c.close();
  }
}

describe('lol: one allowed client across namespaces', () => {
  it('step 1 (first state): everything reaches everything', () =>
    withScenario(['lol'], (c) => {
      const ls = connectionLines(c, 'generic');
      expect(ls).toContain('yahoo/miao-yahoo[Deployment] => default/lol-default[Deployment] : All Connections');
      expect(ls).toContain('yahoo/lol-yahoo[Deployment] => default/lol-default[Deployment] : All Connections');
    }, false));

  it('after the script: only lol-yahoo reaches lol-default, on TCP 80 (any port of the pod), with 3 replicas', () =>
    withScenario(['lol'], (c) => {
      const ls = connectionLines(c, 'generic');
      expect(ls.filter((l) => l.includes('=> default/'))).toEqual(['yahoo/lol-yahoo[Deployment] => default/lol-default[Deployment] : All Connections']);
      // Egress is untouched: default still reaches yahoo and the outside.
      expect(ls).toContain('default/lol-default[Deployment] => yahoo/miao-yahoo[Deployment] : All Connections');
      expect(c.objects('Pod').filter((p) => p.metadata.labels.app === 'lol-yahoo')).toHaveLength(3);
      const np = c.get('NetworkPolicy', 'default', 'allow-lol-yahoo-lol-default');
      expect(np?.metadata.managedFields[0].manager).toBe('reachwatch-sim-script');
    }));
});

describe('tiers: zero trust in three tiers', () => {
  it('only web is reachable from outside on 9000; only db-service reaches the database; only ext-service the internet', () =>
    withScenario(['tiers'], (c) => {
      const ls = connectionLines(c, 'generic');
      expect(ls.filter((l) => /\[External\] =>/.test(l))).toEqual(['0.0.0.0/0 except 10.0.0.0/8[External] => front/web[Deployment] : TCP 9000']);
      expect(ls.filter((l) => l.includes('=> back/'))).toEqual([
        'front/web[Deployment] => back/db-service[Deployment] : TCP 9000,UDP 53',
        'front/web[Deployment] => back/ext-service[Deployment] : TCP 9000,UDP 53',
      ]);
      expect(ls.filter((l) => l.includes('3306'))).toEqual(['back/db-service[Deployment] => 10.20.0.0/16[External] : TCP 3306,UDP 53']);
      expect(ls.filter((l) => l.includes('=> 0.0.0.0/0') && l.includes('TCP'))).toEqual(['back/ext-service[Deployment] => 0.0.0.0/0 except 10.0.0.0/8[External] : TCP 80,443,UDP 53']);
      // back → front denied; the back-end services do not reach each other.
      expect(ls.filter((l) => l.startsWith('back/') && l.includes('=> front/'))).toEqual([]);
      expect(ls.filter((l) => l.startsWith('back/') && l.includes('=> back/'))).toEqual([]);
    }));
});

describe('no-ingress: default deny ingress in one namespace', () => {
  it('before the script frontend and backend talk; after it neither reaches the other, both reach out', async () => {
    await withScenario(['no-ingress'], (c) => {
      expect(connectionLines(c, 'generic')).toContain('no-ingress-allowed/frontend[Deployment] => no-ingress-allowed/backend[Deployment] : All Connections');
    }, false);
    await withScenario(['no-ingress'], (c) => {
      expect(connectionLines(c, 'generic')).toEqual([
        'no-ingress-allowed/backend[Deployment] => 0.0.0.0/0[External] : All Connections',
        'no-ingress-allowed/frontend[Deployment] => 0.0.0.0/0[External] : All Connections',
      ]);
    });
  });
});

describe('isolated: open to 0.0.0.0/0', () => {
  it('other/client is shut out under generic and let in under calico; isolated pods never reach other', () =>
    withScenario(['isolated'], (c) => {
      const generic = connectionLines(c, 'generic');
      const calico = connectionLines(c, 'calico');
      expect(generic.filter((l) => l.startsWith('other/client[Pod] => isolated/'))).toEqual([]);
      expect(calico.filter((l) => l.startsWith('other/client[Pod] => isolated/'))).toEqual([
        'other/client[Pod] => isolated/api[Pod] : All Connections',
        'other/client[Pod] => isolated/worker[Pod] : All Connections',
      ]);
      for (const ls of [generic, calico]) expect(ls.filter((l) => l.startsWith('isolated/') && l.includes('=> other/'))).toEqual([]);
      // The pod IPs that make the difference: inside 0.0.0.0/0 and inside the excepted 10.0.0.0/8.
      for (const p of c.objects('Pod')) expect(p.status.podIP).toMatch(/^10\.244\./);
      expect(generic).toContain('isolated/api[Pod] => 10.123.182.3/32[External] : All Connections');
    }));
});

describe('two scenarios in one cluster (demo-east)', () => {
  it('serves lol and tiers side by side and runs both scripts', () =>
    withScenario(['lol', 'tiers'], (c) => {
      const ls = connectionLines(c, 'generic');
      expect(ls.filter((l) => l.includes('=> default/'))).toEqual(['yahoo/lol-yahoo[Deployment] => default/lol-default[Deployment] : All Connections']);
      expect(ls.filter((l) => /\[External\] => front/.test(l))).toEqual(['0.0.0.0/0 except 10.0.0.0/8[External] => front/web[Deployment] : TCP 9000']);
    }));
});
