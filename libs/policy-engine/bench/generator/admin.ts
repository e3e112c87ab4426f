import { AdminNetworkPolicy, BaselineAdminNetworkPolicy, LabelSelector } from '../../src/model';

/**
 * The cluster-wide admin layer: PCI and HIPAA isolation, sandbox separation, Prometheus scrape passed to
 * NetworkPolicies, DNS for everyone, node metrics for monitoring (ANPs), and tenant separation (BANP).
 */
export function makeAdminPolicies(): { anps: AdminNetworkPolicy[]; banp: BaselineAdminNetworkPolicy } {
  const kubeDns = { pods: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } } };
  const dnsPorts = [{ portNumber: { protocol: 'UDP' as const, port: 53 } }, { portNumber: { protocol: 'TCP' as const, port: 53 } }];
  const anps: AdminNetworkPolicy[] = [
    {
      name: 'pci-cde-isolation',
      priority: 5,
      subject: { namespaces: { matchLabels: { pci: 'cde' } } },
      ingress: [
        { name: 'pass-from-cde-and-ingress', action: 'Pass', peers: [{ namespaces: { matchLabels: { pci: 'cde' } } }, { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }] },
        { name: 'deny-everything-else', action: 'Deny', peers: [{ namespaces: {} }] },
      ],
      egress: [
        { name: 'allow-dns', action: 'Allow', peers: [kubeDns], ports: dnsPorts },
        { name: 'allow-card-processor', action: 'Allow', peers: [{ networks: ['198.51.100.0/24'] }], ports: [{ portNumber: { protocol: 'TCP', port: 443 } }] },
        { name: 'deny-internet', action: 'Deny', peers: [{ networks: ['0.0.0.0/0', '::/0'] }] },
      ],
    },
    {
      name: 'sandbox-deny',
      priority: 10,
      subject: { namespaces: { matchExpressions: [{ key: 'sandbox', operator: 'DoesNotExist' }] } },
      ingress: [{ name: 'deny-from-sandboxes', action: 'Deny', peers: [{ namespaces: { matchLabels: { sandbox: 'true' } } }] }],
      egress: [{ name: 'deny-to-sandboxes', action: 'Deny', peers: [{ namespaces: { matchLabels: { sandbox: 'true' } } }] }],
    },
    {
      name: 'hipaa-egress',
      priority: 15,
      subject: { namespaces: { matchLabels: { hipaa: 'ephi' } } },
      ingress: [],
      egress: [
        { name: 'allow-dns', action: 'Allow', peers: [kubeDns], ports: dnsPorts },
        { name: 'allow-approved-saas', action: 'Allow', peers: [{ networks: ['203.0.113.0/24', '2001:db8:1000::/48'] }], ports: [{ portNumber: { protocol: 'TCP', port: 443 } }] },
        { name: 'deny-other-external', action: 'Deny', peers: [{ networks: ['0.0.0.0/0', '::/0'] }] },
      ],
    },
    {
      name: 'monitoring-pass',
      priority: 20,
      subject: { namespaces: {} },
      ingress: [
        {
          name: 'pass-prometheus-scrape',
          action: 'Pass',
          peers: [{ pods: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } } }],
          ports: [{ namedPort: 'metrics' }],
        },
      ],
      egress: [],
    },
    {
      name: 'allow-kube-dns',
      priority: 30,
      subject: { namespaces: {} },
      ingress: [],
      egress: [{ name: 'allow-dns', action: 'Allow', peers: [kubeDns], ports: dnsPorts }],
    },
    {
      name: 'monitoring-to-nodes',
      priority: 40,
      subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
      ingress: [],
      egress: [
        {
          name: 'allow-node-metrics',
          action: 'Allow',
          peers: [{ nodes: { matchLabels: { 'kubernetes.io/os': 'linux' } } }],
          ports: [{ portNumber: { protocol: 'TCP', port: 9100 } }, { portNumber: { protocol: 'TCP', port: 10250 } }, { portNumber: { protocol: 'TCP', port: 10249 } }],
        },
      ],
    },
  ];
  const tenants: LabelSelector = { matchExpressions: [{ key: 'tenant', operator: 'Exists' }] };
  const banp: BaselineAdminNetworkPolicy = {
    name: 'default',
    subject: { namespaces: tenants },
    ingress: [{ name: 'deny-from-tenants', action: 'Deny', peers: [{ namespaces: tenants }] }],
    egress: [{ name: 'deny-to-tenants', action: 'Deny', peers: [{ namespaces: tenants }] }],
  };
  return { anps, banp };
}
