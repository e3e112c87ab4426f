import { describe, expect, it } from 'vitest';
import { Codes } from '../src';
import { clean, load, only, warnings } from './helpers';

describe('Services', () => {
  it('reads type, selector, ports (protocol TCP and targetPort = port by default), external addresses', () => {
    const r = clean(
      load(`apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  type: LoadBalancer
  selector: {app: web}
  externalIPs: [203.0.113.7]
  ports:
  - {name: http, port: 80, targetPort: http, nodePort: 30080}
  - {port: 53, protocol: UDP}
  - {port: 8443, targetPort: 443}
status:
  loadBalancer:
    ingress:
    - ip: 198.51.100.1
    - hostname: lb.example.com
`),
    );
    expect(r.state.services).toEqual([
      {
        namespace: 'shop',
        name: 'web',
        type: 'LoadBalancer',
        selector: { app: 'web' },
        ports: [
          { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http', nodePort: 30080 },
          { port: 53, protocol: 'UDP', targetPort: 53 },
          { port: 8443, protocol: 'TCP', targetPort: 443 },
        ],
        externalIPs: ['203.0.113.7'],
        loadBalancerIPs: ['198.51.100.1'],
      },
    ]);
  });

  it('type defaults to ClusterIP; no (or an empty) selector stays absent', () => {
    const r = clean(load(`apiVersion: v1\nkind: Service\nmetadata: {name: ext}\nspec:\n  selector: {}\n  ports: [{port: 443}]`));
    expect(r.state.services[0]).toMatchObject({ namespace: 'default', type: 'ClusterIP', externalIPs: [], loadBalancerIPs: [] });
    expect(r.state.services[0].selector).toBeUndefined();
  });

  it('errors: unknown type, port out of range; a numeric-string targetPort is read as a number with a warning', () => {
    expect(only(load(`apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: Magic}`), 'error', Codes.INVALID_VALUE).message).toContain(
      'spec.type "Magic" is not valid',
    );
    expect(only(load(`apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 0}]}`), 'error', Codes.INVALID_PORT));
    const r = load(`apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80, targetPort: "8080"}]}`);
    expect(warnings(r, Codes.NUMERIC_STRING_PORT)).toHaveLength(1);
    expect(r.state.services[0].ports[0].targetPort).toBe(8080);
  });
});

describe('Nodes', () => {
  it('reads labels, InternalIP/ExternalIP addresses and podCIDRs', () => {
    const r = clean(
      load(`apiVersion: v1
kind: Node
metadata:
  name: node-1
  labels: {kubernetes.io/hostname: node-1}
spec:
  podCIDR: 10.244.0.0/24
  podCIDRs: [10.244.0.0/24, "fd00:10:244::/64"]
status:
  addresses:
  - {type: InternalIP, address: 192.168.49.2}
  - {type: ExternalIP, address: 203.0.113.9}
  - {type: Hostname, address: node-1}
`),
    );
    expect(r.state.nodes).toEqual([
      {
        name: 'node-1',
        labels: { 'kubernetes.io/hostname': 'node-1' },
        ips: ['192.168.49.2', '203.0.113.9'],
        podCIDRs: ['10.244.0.0/24', 'fd00:10:244::/64'],
      },
    ]);
  });

  it('falls back to spec.podCIDR; bad values are dropped with warnings', () => {
    const r = load(`apiVersion: v1
kind: Node
metadata: {name: n}
spec: {podCIDR: 10.244.1.0/24}
status:
  addresses: [{type: InternalIP, address: not-an-ip}]
`);
    expect(only(r, 'warning', Codes.INVALID_IP).message).toContain('status.addresses[0].address "not-an-ip" is not an IP address');
    expect(r.state.nodes[0]).toMatchObject({ ips: [], podCIDRs: ['10.244.1.0/24'] });
    const bad = load(`apiVersion: v1\nkind: Node\nmetadata: {name: n}\nspec: {podCIDRs: [10.244.1.0/33]}`);
    expect(only(bad, 'warning', Codes.INVALID_CIDR).message).toContain('spec.podCIDRs[0] is ignored');
  });
});
