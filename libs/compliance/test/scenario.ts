/**
 * A two-cluster fleet with known gaps and a change history, for the renderers' tests: the payments
 * scenario of the CLI demo (apps/cli/demo/pci) written as engine objects, plus a small second cluster.
 */
import type { NetworkPolicy } from '@reachwatch/policy-engine';
import type { ComplianceReport, FrameworkId } from '../src/model';
import { change, cluster, denyAll, flow, np, ns, pod, report, state } from './fixtures';

const only = (app: string) => ({ matchLabels: { app } });
const inNs = (name: string, app: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } }, podSelector: only(app) });
const tcp = (port: number) => ({ protocol: 'TCP' as const, port });

const policies: NetworkPolicy[] = [
  denyAll('payments'),
  np('payments', 'api', {
    podSelector: only('api'),
    policyTypes: ['Ingress', 'Egress'],
    ingress: [
      { peers: [inNs('shop', 'frontend'), { ipBlock: { cidr: '0.0.0.0/0', except: [] } }], ports: [tcp(8443)] },
      { peers: [inNs('monitoring', 'prometheus')], ports: [tcp(9090)] },
    ],
    egress: [
      { peers: [{ podSelector: only('postgres') }], ports: [tcp(5432)] },
      { peers: [inNs('vault', 'card-vault')], ports: [tcp(8200)] },
      { peers: [{ ipBlock: { cidr: '203.0.113.0/24', except: [] } }], ports: [tcp(443)] },
    ],
  }),
  np('payments', 'postgres', {
    podSelector: only('postgres'),
    ingress: [
      { peers: [{ podSelector: only('api') }], ports: [tcp(5432)] },
      { peers: [{ ipBlock: { cidr: '0.0.0.0/0', except: [] } }], ports: [tcp(5432)] },
    ],
  }),
  np('vault', 'default-deny-ingress'),
  np('vault', 'card-vault', { podSelector: only('card-vault'), ingress: [{ peers: [inNs('payments', 'api')], ports: [tcp(8200)] }] }),
];

export const EAST = state({
  namespaces: [ns('payments', { pci: 'cde' }), ns('vault', { pci: 'cde' }), ns('shop'), ns('monitoring')],
  pods: [
    pod('payments', 'api', { ports: [8443, 9090] }),
    pod('payments', 'postgres', { ports: [5432], kind: 'StatefulSet' }),
    pod('vault', 'card-vault', { ports: [8200] }),
    pod('shop', 'frontend', { ports: [8080] }),
    pod('monitoring', 'prometheus', { ports: [9090] }),
  ],
  services: [{ namespace: 'payments', name: 'postgres-debug', type: 'LoadBalancer', selector: { app: 'postgres' }, ports: [{ port: 5432, protocol: 'TCP' }], externalIPs: [], loadBalancerIPs: [] }],
  networkPolicies: policies,
});

export const WEST = state({
  namespaces: [ns('payments', { pci: 'cde' }), ns('batch')],
  pods: [pod('payments', 'settlement', { ports: [8443] }), pod('batch', 'legacy-ftp', { ports: [21] })],
  networkPolicies: [denyAll('payments'), np('payments', 'settlement', { podSelector: only('settlement'), ingress: [{ peers: [{ namespaceSelector: {} }], ports: [tcp(8443)] }] })],
});

export const REGISTER = [
  flow('AF-001', { namespace: 'shop', workload: 'frontend' }, { namespace: 'payments', workload: 'api' }, ['TCP/8443']),
  flow('AF-002', 'internet', { namespace: 'payments', workload: 'api' }, ['TCP/8443']),
  flow('AF-003', { namespace: 'payments', workload: 'api' }, { cidr: '203.0.113.0/24' }, ['TCP/443']),
  flow('AF-004', { namespace: 'monitoring', workload: 'prometheus' }, { namespace: 'payments', workload: 'api' }, ['TCP/9090'], { expiresAt: '2026-06-30T00:00:00Z' }),
  flow('AF-005', { namespace: 'payments', workload: 'api' }, { namespace: 'vault', workload: 'card-vault' }, ['TCP/8200']),
  flow('AF-006', { namespace: 'payments' }, 'any', ['UDP/53', 'TCP/53']),
];

export const CHANGES = [
  change({ name: 'postgres', namespace: 'payments', who: 'mallory@example.com', at: '2026-10-20T09:30:00Z', diff: '   ingress:\n+  - from:\n+    - ipBlock: {cidr: 0.0.0.0/0}\n+    ports: [{port: 5432}]', impact: { added: 2, removed: 0, newExposures: 2 } }),
  change({ name: 'api', namespace: 'payments', who: 'alice@example.com', at: '2026-10-05T14:00:00Z', diff: '-    ports: [{port: 443}]\n+    ports: [{port: 8443}]', impact: { added: 1, removed: 1, newExposures: 0 } }),
];

export function fleetReport(framework: FrameworkId = 'pci-dss-4.0.1'): ComplianceReport {
  return report(framework, [cluster('east', EAST, CHANGES), cluster('west', WEST, [])], { approvedFlows: REGISTER, period: { from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00Z' } });
}
