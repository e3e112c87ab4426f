import { describe, expect, it } from 'vitest';
import { K8sObjectError, LAST_APPLIED_ANNOTATION, LiveCodes, latestManager, normalizeLiveObject } from '..';

const livePod = () => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-1',
    namespace: 'shop',
    uid: 'u-1',
    resourceVersion: '1234',
    generation: 1,
    creationTimestamp: '2026-11-23T10:00:00Z',
    labels: { app: 'web' },
    annotations: { [LAST_APPLIED_ANNOTATION]: '{"huge":"json"}', team: 'a' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d', uid: 'rs-1', controller: true }],
    managedFields: [
      { manager: 'kubectl-client-side-apply', operation: 'Update', time: '2026-11-23T10:00:00Z' },
      { manager: 'kubelet', operation: 'Update', subresource: 'status', time: '2026-11-23T10:00:05Z' },
    ],
    selfLink: '/api/v1/namespaces/shop/pods/web-1',
  },
  spec: { nodeName: 'n1', containers: [{ name: 'c', ports: [{ containerPort: 8080, name: 'http' }] }] },
  status: {
    phase: 'Running',
    podIP: '10.0.0.5',
    podIPs: [{ ip: '10.0.0.5' }, { ip: 'fd00::5' }],
    hostIP: '192.168.1.10',
    conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-11-23T10:00:05Z' }],
    containerStatuses: [{ name: 'c', ready: true, restartCount: 3 }],
    startTime: '2026-11-23T10:00:01Z',
  },
});

describe('normalizeLiveObject', () => {
  it('keeps identity, labels, owners, spec and the Pod status fields the engine reads; drops the noise', () => {
    const input = livePod();
    const before = JSON.stringify(input);
    const { object, manager } = normalizeLiveObject(input);
    expect(object).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'web-1',
        namespace: 'shop',
        uid: 'u-1',
        resourceVersion: '1234',
        labels: { app: 'web' },
        annotations: { team: 'a' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d', uid: 'rs-1', controller: true }],
        creationTimestamp: '2026-11-23T10:00:00Z',
        generation: 1,
      },
      spec: input.spec,
      status: { phase: 'Running', podIP: '10.0.0.5', podIPs: [{ ip: '10.0.0.5' }, { ip: 'fd00::5' }], hostIP: '192.168.1.10' },
    });
    expect(manager).toBe('kubelet');
    expect(JSON.stringify(input)).toBe(before);
  });

  it('keeps deletionTimestamp, drops an annotation map left empty, and Node keeps only addresses', () => {
    const { object, manager } = normalizeLiveObject({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: 'n1',
        namespace: '',
        uid: 'n-1',
        resourceVersion: 'abc',
        deletionTimestamp: '2026-11-23T11:00:00Z',
        annotations: { [LAST_APPLIED_ANNOTATION]: '{}' },
      },
      spec: { podCIDRs: ['10.0.1.0/24'] },
      status: {
        addresses: [{ type: 'InternalIP', address: '192.168.1.10' }],
        conditions: [{ type: 'Ready', lastHeartbeatTime: '2026-11-23T11:00:00Z' }],
        allocatable: { cpu: '4' },
      },
    });
    expect(object).toEqual({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n1', uid: 'n-1', resourceVersion: 'abc', deletionTimestamp: '2026-11-23T11:00:00Z' },
      spec: { podCIDRs: ['10.0.1.0/24'] },
      status: { addresses: [{ type: 'InternalIP', address: '192.168.1.10' }] },
    });
    expect(manager).toBeNull();
  });

  it('keeps a Service load-balancer ingress, and no status at all for kinds whose status the engine ignores', () => {
    const svc = normalizeLiveObject({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', namespace: 'a', uid: 's-1', resourceVersion: '9' },
      spec: { type: 'LoadBalancer' },
      status: { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] }, conditions: [] },
    });
    expect(svc.object.status).toEqual({ loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } });
    const ns = normalizeLiveObject({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'a', uid: 'ns-1', resourceVersion: '3' },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    expect(ns.object).not.toHaveProperty('status');
    const anp = normalizeLiveObject({
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'AdminNetworkPolicy',
      metadata: { name: 'deny', uid: 'anp-1', resourceVersion: '7' },
      spec: { priority: 10 },
      status: { conditions: [{ type: 'Ready' }] },
    });
    expect(anp.object).toEqual({
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'AdminNetworkPolicy',
      metadata: { name: 'deny', uid: 'anp-1', resourceVersion: '7' },
      spec: { priority: 10 },
    });
  });

  it.each([
    ['not an object', ['a list'], LiveCodes.NOT_AN_OBJECT, 'a watched object must be a JSON object, got a list'],
    ['no kind', { apiVersion: 'v1', metadata: {} }, LiveCodes.MISSING_FIELD, '(no kind) (unnamed): kind is required'],
    ['no metadata', { apiVersion: 'v1', kind: 'Pod' }, LiveCodes.MISSING_FIELD, 'Pod (unnamed): metadata is required'],
    [
      'no uid',
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'n', resourceVersion: '1' } },
      LiveCodes.MISSING_FIELD,
      'Pod n/p: metadata.uid is required',
    ],
    [
      'no resourceVersion',
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n', uid: 'u' } },
      LiveCodes.MISSING_FIELD,
      'Namespace n: metadata.resourceVersion is required',
    ],
    [
      'a numeric label value',
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n', uid: 'u', resourceVersion: '1', labels: { a: 1 } } },
      LiveCodes.INVALID_TYPE,
      'Namespace n: metadata.labels.a must be a string, got a number (1)',
    ],
  ])('refuses %s with a coded, readable error', (_what, input, code, text) => {
    let err: unknown;
    try {
      normalizeLiveObject(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(K8sObjectError);
    expect((err as K8sObjectError).code).toBe(code);
    expect((err as K8sObjectError).message).toContain(text);
  });
});

describe('latestManager', () => {
  const e = (manager: string, time?: string, subresource?: string) => ({ manager, operation: 'Update', time, subresource });

  it('picks the most recent entry by time, not by list position, comparing instants not strings', () => {
    expect(latestManager([e('late', '2026-11-23T10:00:09Z'), e('early', '2026-11-23T10:00:01Z')])).toBe('late');
    // 11:00+02:00 is 09:00Z: earlier than 10:00Z although its text sorts later.
    expect(latestManager([e('utc', '2026-11-23T10:00:00Z'), e('offset', '2026-11-23T11:00:00+02:00')])).toBe('utc');
  });

  it('on a tie prefers the main resource over a subresource, then the later entry', () => {
    const t = '2026-11-23T10:00:00Z';
    expect(latestManager([e('spec-writer', t), e('kubelet', t, 'status')])).toBe('spec-writer');
    expect(latestManager([e('kubelet', t, 'status'), e('a', t), e('b', t)])).toBe('b');
  });

  it('ranks entries without a readable time last and ignores malformed ones', () => {
    expect(latestManager([e('untimed'), e('timed', '2026-01-01T00:00:00Z'), { manager: 7 }, null])).toBe('timed');
    expect(latestManager([e('untimed')])).toBe('untimed');
    expect(latestManager(undefined)).toBeNull();
    expect(latestManager([])).toBeNull();
  });
});
