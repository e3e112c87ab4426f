import type { NamespaceGraph, WorkloadGraph } from './api-types';

/**
 * The `tiers` scenario (SCENARIOS.md §2) as the API answers it: front/web reached from users on 9000,
 * reaching back on 9000; back/db-service reaching the database network; back/ext-service the internet.
 */
export const USERS = '203.0.113.0/24[External]';
export const DB_NET = '10.20.0.0/16[External]';
export const ANY = '0.0.0.0/0[External]';
const ext = (key: string) => ({ id: key, type: 'external' as const, endpoint: { type: 'external' as const, cidr: key.replace('[External]', ''), except: [] } });

export function tiersNamespaceGraph(): NamespaceGraph {
  return {
    level: 'namespace',
    nodes: [
      ext(ANY),
      ext(DB_NET),
      ext(USERS),
      { id: 'back', type: 'namespace', namespace: 'back', pods: 2, score: 80, exposedToInternet: false },
      { id: 'front', type: 'namespace', namespace: 'front', pods: 1, score: 70, exposedToInternet: true },
    ],
    edges: [
      { src: USERS, dst: 'front', ports: 'TCP 9000', allPorts: false, workloadPairs: 1 },
      { src: 'back', dst: ANY, ports: 'TCP 80,443,UDP 53', allPorts: false, workloadPairs: 2 },
      { src: 'back', dst: DB_NET, ports: 'TCP 3306', allPorts: false, workloadPairs: 1 },
      { src: 'front', dst: ANY, ports: 'UDP 53', allPorts: false, workloadPairs: 1 },
      { src: 'front', dst: 'back', ports: 'TCP 9000', allPorts: false, workloadPairs: 2 },
    ],
  };
}

export const WEB = 'front/web[Deployment]';
export const DB = 'back/db-service[Deployment]';
export const EXT = 'back/ext-service[Deployment]';
const wl = (key: string) => {
  const [ns, rest] = key.split('/');
  return { id: key, type: 'workload' as const, namespace: ns, name: rest.replace('[Deployment]', ''), kind: 'Deployment' };
};

/** `level=workload&namespaces=back`. */
export function tiersBackWorkloads(): WorkloadGraph {
  return {
    level: 'workload',
    nodes: [ext(ANY), ext(DB_NET), wl(DB), wl(EXT), wl(WEB)],
    edges: [
      { src: DB, dst: ANY, ports: 'UDP 53', allPorts: false },
      { src: DB, dst: DB_NET, ports: 'TCP 3306', allPorts: false },
      { src: EXT, dst: ANY, ports: 'TCP 80,443,UDP 53', allPorts: false },
      { src: WEB, dst: DB, ports: 'TCP 9000', allPorts: false },
      { src: WEB, dst: EXT, ports: 'TCP 9000', allPorts: false },
    ],
    summaries: [],
    truncated: false,
    nextCursor: null,
  };
}

/** Deterministic shuffle (for order-independence tests). */
export function shuffled<T>(list: readonly T[], seed: number): T[] {
  const out = [...list];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
