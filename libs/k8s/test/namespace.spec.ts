import { describe, expect, it } from 'vitest';
import { Codes } from '../src';
import { clean, load, only } from './helpers';

describe('Namespaces', () => {
  it('labels always include kubernetes.io/metadata.name', () => {
    const r = clean(load(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {team: web}`));
    expect(r.state.namespaces).toEqual([{ name: 'shop', labels: { team: 'web', 'kubernetes.io/metadata.name': 'shop' } }]);
  });

  it('a wrong kubernetes.io/metadata.name label is overridden, with a warning', () => {
    const r = load(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {kubernetes.io/metadata.name: other}`);
    expect(only(r, 'warning', Codes.NAMESPACE_LABEL_OVERRIDDEN).message).toContain('using "shop"');
    expect(r.state.namespaces[0].labels).toEqual({ 'kubernetes.io/metadata.name': 'shop' });
  });

  it('namespaces that objects live in but have no Namespace object are implied with only the name label', () => {
    const r = clean(
      load(`apiVersion: v1
kind: Namespace
metadata: {name: zeta, labels: {x: y}}
---
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: beta}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec: {template: {metadata: {labels: {app: d}}}}
---
apiVersion: v1
kind: Service
metadata: {name: s, namespace: gamma}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: n, namespace: alpha}
spec: {podSelector: {}}
`),
    );
    expect(r.state.namespaces).toEqual([
      { name: 'alpha', labels: { 'kubernetes.io/metadata.name': 'alpha' } },
      { name: 'beta', labels: { 'kubernetes.io/metadata.name': 'beta' } },
      { name: 'default', labels: { 'kubernetes.io/metadata.name': 'default' } },
      { name: 'gamma', labels: { 'kubernetes.io/metadata.name': 'gamma' } },
      { name: 'zeta', labels: { x: 'y', 'kubernetes.io/metadata.name': 'zeta' } },
    ]);
  });

  it('a Namespace without a name is an error', () => {
    expect(only(load(`apiVersion: v1\nkind: Namespace\nmetadata: {labels: {a: b}}`), 'error', Codes.MISSING_FIELD).message).toBe(
      'test.yaml#1 Namespace (unnamed): metadata.name is required',
    );
  });
});
