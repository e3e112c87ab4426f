/**
 * The simulator at benchmark scale: start the L cluster (50k pods, 14k policies), then list all pods in
 * pages of 500 as client-go and the agent do, and once unpaged. Prints a `BENCH {...}` line.
 * Run: npx tsx apps/sim/bench/list.ts [S|M|L]
 */
import { GENERATED_SIZES, startSimCluster } from '../src';

async function main(): Promise<void> {
  const size = (process.argv[2] ?? 'L') as keyof typeof GENERATED_SIZES;
  const p = GENERATED_SIZES[size];
  if (!p) throw new Error(`unknown size ${size} (S, M, L, XL)`);
  const t0 = performance.now();
  const c = await startSimCluster({ name: `bench-${size.toLowerCase()}`, generated: { pods: p.pods, namespaces: p.namespaces, policies: p.policies }, podCidr: p.podCidr });
  const startMs = performance.now() - t0;
  try {
    const t1 = performance.now();
    let token = '';
    let pods = 0;
    let pages = 0;
    do {
      const r = (await (await fetch(`${c.url}/api/v1/pods?limit=500${token ? `&continue=${token}` : ''}`)).json()) as { items: unknown[]; metadata: { continue?: string } };
      pods += r.items.length;
      token = r.metadata.continue ?? '';
      pages++;
    } while (token);
    const pagedMs = performance.now() - t1;
    const t2 = performance.now();
    const all = (await (await fetch(`${c.url}/api/v1/pods`)).json()) as { items: unknown[] };
    const unpagedMs = performance.now() - t2;
    const t3 = performance.now();
    const nps = (await (await fetch(`${c.url}/apis/networking.k8s.io/v1/networkpolicies?limit=500`)).json()) as { items: unknown[] };
    const npPageMs = performance.now() - t3;
    if (pods !== p.pods || all.items.length !== p.pods || nps.items.length !== Math.min(500, p.policies)) throw new Error('wrong counts');
    const r = (x: number) => Math.round(x);
    console.log(`BENCH ${JSON.stringify({ suite: 'sim', size, pods, pages, startMs: r(startMs), pagedListMs: r(pagedMs), unpagedListMs: r(unpagedMs), policyPageMs: r(npPageMs) })}`);
  } finally {
    await c.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
