import type { SimClusterOptions } from '@reachwatch/sim';

/**
 * The built-in demo fleet `npm start` runs: two simulated clusters whose timed scripts walk through the
 * scenarios of SCENARIOS.md, so the posture moves while you watch.
 */
export interface DemoCluster {
  name: string;
  cni: 'generic' | 'calico';
  sim: Omit<SimClusterOptions, 'name' | 'port' | 'host' | 'log'>;
}

/** A mid-size generated cluster: large enough to look like a real team's, small enough to sync in seconds. */
export const MID_SIZE = { pods: 2000, namespaces: 120, policies: 600, seed: 7 };

export const DEMO_FLEET: readonly DemoCluster[] = [
  { name: 'demo-east', cni: 'generic', sim: { scenarios: ['lol', 'tiers'], script: true, podCidr: '10.244.0.0/16' } },
  {
    name: 'demo-west',
    cni: 'generic',
    sim: { scenarios: ['no-ingress', 'isolated'], generated: MID_SIZE, script: true, podCidr: '10.96.0.0/12' },
  },
];
