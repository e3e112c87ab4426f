import { describe, expect, it } from 'vitest';
import { Codes } from '../src';
import { clean, errors, load, only, warnings } from './helpers';

const pod = (meta: string, spec = '', status = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-1\n  namespace: shop\n${meta}spec:\n  containers:\n  - name: c\n    ports: [{containerPort: 8080, name: http}]\n${spec}${status ? `status:\n${status}` : ''}`;

describe('Pods', () => {
  it('reads labels, podIPs, hostNetwork, nodeName and container ports; a bare pod is its own workload', () => {
    const r = clean(
      load(
        pod(
          `  labels: {app: web}\n`,
          `  nodeName: node-1\n  hostNetwork: true\n`,
          `  podIP: 10.0.0.5\n  podIPs:\n  - ip: 10.0.0.5\n  - ip: fd00::5\n`,
        ),
      ),
    );
    expect(r.state.pods).toEqual([
      {
        namespace: 'shop',
        name: 'web-1',
        labels: { app: 'web' },
        ips: ['10.0.0.5', 'fd00::5'],
        hostNetwork: true,
        nodeName: 'node-1',
        ports: [{ port: 8080, protocol: 'TCP', name: 'http' }],
        workload: { kind: 'Pod', name: 'web-1' },
      },
    ]);
  });

  it('falls back to status.podIP, and to no IPs', () => {
    expect(clean(load(pod('', '', `  podIP: 10.0.0.7\n`))).state.pods[0].ips).toEqual(['10.0.0.7']);
    const r = clean(load(pod('')));
    expect(r.state.pods[0]).toMatchObject({ ips: [], hostNetwork: false });
    expect(r.state.pods[0].nodeName).toBeUndefined();
  });

  it('an invalid IP is dropped with a warning', () => {
    const r = load(pod('', '', `  podIPs:\n  - ip: 10.0.0.300\n  - ip: 10.0.0.3\n`));
    expect(only(r, 'warning', Codes.INVALID_IP).message).toContain('status.podIPs[0] "10.0.0.300" is not an IP address');
    expect(r.state.pods[0].ips).toEqual(['10.0.0.3']);
  });

  it('is reported under its controller owner', () => {
    const r = clean(
      load(
        pod(`  ownerReferences:
  - {apiVersion: v1, kind: ConfigMap, name: cfg}
  - {apiVersion: apps/v1, kind: ReplicaSet, name: web-7d77fb55cc, controller: true}
`),
      ),
    );
    expect(r.state.pods[0].workload).toEqual({ kind: 'ReplicaSet', name: 'web-7d77fb55cc' });
  });

  it('without a controller owner, the first ownerReference is used', () => {
    const r = clean(load(pod(`  ownerReferences:\n  - {kind: DaemonSet, name: agent}\n  - {kind: Job, name: j}\n`)));
    expect(r.state.pods[0].workload).toEqual({ kind: 'DaemonSet', name: 'agent' });
  });

  it('a static (mirror) pod owned by its Node stands alone', () => {
    const r = clean(load(pod(`  ownerReferences:\n  - {apiVersion: v1, kind: Node, name: minikube, controller: true}\n`)));
    expect(r.state.pods[0].workload).toEqual({ kind: 'Pod', name: 'web-1' });
  });

  it('an ownerReference without kind is read as kind Pod (as netpol-analyzer does), one without name is ignored', () => {
    const r = load(pod(`  ownerReferences:\n  - {name: internal-security, controller: true}\n`));
    expect(only(r, 'warning', Codes.OWNER_REFERENCE_INVALID).message).toContain('"internal-security" has no kind');
    expect(r.state.pods[0].workload).toEqual({ kind: 'Pod', name: 'internal-security' });
    const r2 = load(pod(`  ownerReferences:\n  - {kind: ReplicaSet}\n`));
    expect(only(r2, 'warning', Codes.OWNER_REFERENCE_INVALID).message).toContain('has no name and is ignored');
    expect(r2.state.pods[0].workload).toEqual({ kind: 'Pod', name: 'web-1' });
  });

  it('Succeeded and Failed pods are left out with a POD_TERMINATED warning', () => {
    for (const phase of ['Succeeded', 'Failed']) {
      const r = load(pod('', '', `  phase: ${phase}\n`));
      expect(only(r, 'warning', Codes.POD_TERMINATED).message).toBe(
        `test.yaml#1 Pod shop/web-1: status.phase is ${phase}: the pod takes no traffic and is left out`,
      );
      expect(r.state.pods).toEqual([]);
    }
    expect(clean(load(pod('', '', `  phase: Running\n`))).state.pods).toHaveLength(1);
    expect(clean(load(pod('', '', `  phase: Pending\n`))).state.pods).toHaveLength(1);
  });

  it('includeTerminatedPods keeps them (netpol-analyzer does)', () => {
    const r = clean(load(pod('', '', `  phase: Succeeded\n`), { includeTerminatedPods: true }));
    expect(r.state.pods).toHaveLength(1);
  });
});

describe('real pods stand for their workload', () => {
  const rs = `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web-7d77fb55cc, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c}]}
`;
  const realPod = (name: string, owner: string, hash = '7d77fb55cc') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: shop
  labels: {app: web, pod-template-hash: "${hash}"}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: ${owner}, controller: true}]
status: {podIP: 10.1.1.1}
`;

  it("a workload's representative pod is dropped when its real pods are present", () => {
    const r = clean(load([rs, realPod('web-7d77fb55cc-aaaaa', 'web-7d77fb55cc'), realPod('web-7d77fb55cc-bbbbb', 'web-7d77fb55cc')].join('---\n')));
    expect(r.state.pods.map((p) => [p.name, p.workload.kind, p.workload.name])).toEqual([
      ['web-7d77fb55cc-aaaaa', 'ReplicaSet', 'web-7d77fb55cc'],
      ['web-7d77fb55cc-bbbbb', 'ReplicaSet', 'web-7d77fb55cc'],
    ]);
  });

  it('a Deployment is stood for by the pods of its ReplicaSet (<deployment>-<pod-template-hash>)', () => {
    const deploy = rs.replace('kind: ReplicaSet', 'kind: Deployment').replace('name: web-7d77fb55cc', 'name: web');
    const r = clean(load([deploy, realPod('web-7d77fb55cc-aaaaa', 'web-7d77fb55cc')].join('---\n')));
    expect(r.state.pods.map((p) => p.name)).toEqual(['web-7d77fb55cc-aaaaa']);
  });

  it('pods of another owner do not hide a workload', () => {
    const r = clean(load([rs, realPod('other-1', 'other-5f5f5f5f5f', '5f5f5f5f5f')].join('---\n')));
    expect(r.state.pods.map((p) => p.name)).toEqual(['other-1', 'web-7d77fb55cc']);
  });

  it('a pod without a name is an error, the rest still loads', () => {
    const r = load(`apiVersion: v1\nkind: Pod\nmetadata: {namespace: x}\n---\n${realPod('a', 'b')}`);
    expect(errors(r).map((d) => d.message)).toEqual(['test.yaml#1 Pod (unnamed): metadata.name is required']);
    expect(warnings(r)).toEqual([]);
    expect(r.state.pods).toHaveLength(1);
  });
});
