import { describe, expect, it } from 'vitest';
import { Codes, WORKLOAD_KINDS } from '../src';
import { clean, load, only, warnings } from './helpers';

const template = `
    metadata:
      labels: {app: web, tier: front}
    spec:
      hostNetwork: true
      initContainers:
      - name: init
        ports: [{containerPort: 9999}]
      - name: sidecar
        restartPolicy: Always
        ports: [{containerPort: 15001, name: proxy}]
      containers:
      - name: a
        ports:
        - containerPort: 80
          name: http
        - {containerPort: 53, protocol: UDP, name: dns}
      - name: b
        ports:
        - {containerPort: 9090, protocol: SCTP}
      - name: c`;

function manifest(kind: string, apiVersion: string): string {
  const head = `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: web\n  namespace: shop\n  labels: {owner-label: ignored}\n`;
  if (kind === 'CronJob') {
    return `${head}spec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:${template.replace(/\n/g, '\n    ')}`;
  }
  return `${head}spec:\n  replicas: 3\n  template:${template}`;
}

const API: Record<string, string> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  ReplicationController: 'v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
};

describe('workloads → one representative pod', () => {
  it.each(WORKLOAD_KINDS.map((k) => [k]))('%s: template labels, ports of containers and native sidecars, hostNetwork, no IPs', (kind) => {
    const r = clean(load(manifest(kind, API[kind])));
    expect(r.state.pods).toEqual([
      {
        namespace: 'shop',
        name: 'web',
        labels: { app: 'web', tier: 'front' },
        ips: [],
        hostNetwork: true,
        ports: [
          { port: 80, protocol: 'TCP', name: 'http' },
          { port: 53, protocol: 'UDP', name: 'dns' },
          { port: 9090, protocol: 'SCTP' },
          { port: 15001, protocol: 'TCP', name: 'proxy' },
        ],
        workload: { kind, name: 'web' },
      },
    ]);
  });

  it('a workload without a pod template is an error', () => {
    const d = only(load(`apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec: {replicas: 1}`), 'error', Codes.MISSING_FIELD);
    expect(d.message).toBe('test.yaml#1 Deployment default/w: spec.template is required (the pod template)');
    const c = only(load(`apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec: {schedule: x}`), 'error', Codes.MISSING_FIELD);
    expect(c.message).toContain('spec.jobTemplate is required');
  });

  it('a template without labels gives a pod without labels; hostNetwork defaults to false', () => {
    const r = clean(load(`apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers: [{name: x}]`));
    expect(r.state.pods[0]).toMatchObject({ labels: {}, hostNetwork: false, ports: [] });
  });

  it('a broken container port is dropped with a warning (field names are case-sensitive)', () => {
    const r = load(`apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers:
      - name: x
        ports:
        - {name: udps, containerport: 3535, protocol: UDP}
        - {containerPort: 70000}
        - {containerPort: 81, protocol: ICMP}
        - {containerPort: 82}`);
    const w = warnings(r, Codes.CONTAINER_PORT_DROPPED).map((d) => d.message);
    expect(w).toEqual([
      'test.yaml#1 Deployment default/d: spec.template.spec.containers[0].ports[0] has no containerPort (field names are case-sensitive: "containerPort")',
      'test.yaml#1 Deployment default/d: spec.template.spec.containers[0].ports[1] is ignored: containerPort 70000 is not a port number (1-65535)',
      'test.yaml#1 Deployment default/d: spec.template.spec.containers[0].ports[2] is ignored: protocol "ICMP" is not valid (expected TCP, UDP, SCTP)',
    ]);
    expect(r.state.pods[0].ports).toEqual([{ port: 82, protocol: 'TCP' }]);
  });

  it('older API versions of a workload are read with a warning', () => {
    const r = load(manifest('Deployment', 'apps/v1beta2'));
    expect(only(r, 'warning', Codes.UNEXPECTED_API_VERSION).message).toContain('apps/v1beta2 Deployment read as apps/v1');
    expect(r.state.pods).toHaveLength(1);
  });

  it('a workload and a bare pod with the same name: the representative pod is renamed, with a warning', () => {
    const r = load(`apiVersion: v1
kind: Pod
metadata: {name: web}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec: {template: {metadata: {labels: {app: web}}}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec: {template: {metadata: {labels: {app: web}}}}`);
    expect(warnings(r, Codes.POD_NAME_CONFLICT)).toHaveLength(2);
    expect(r.state.pods.map((p) => [p.name, p.workload])).toEqual([
      ['web', { kind: 'Pod', name: 'web' }],
      ['web-deployment', { kind: 'Deployment', name: 'web' }],
      ['web-statefulset', { kind: 'StatefulSet', name: 'web' }],
    ]);
  });
});
