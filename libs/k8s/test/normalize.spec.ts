import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  Codes,
  K8sObjectError,
  toAdminNetworkPolicy,
  toBaselineAdminNetworkPolicy,
  toNamespace,
  toNetworkPolicy,
  toNode,
  toPod,
  toService,
  toWorkloadPod,
} from '../src';

const y = (text: string): unknown => parse(text);

function thrown(f: () => unknown): K8sObjectError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(K8sObjectError);
    return e as K8sObjectError;
  }
  throw new Error('did not throw');
}

describe('single-object normalisers (watch events)', () => {
  it('return the model object', () => {
    expect(toNamespace(y('apiVersion: v1\nkind: Namespace\nmetadata: {name: a}'))).toEqual({
      name: 'a',
      labels: { 'kubernetes.io/metadata.name': 'a' },
    });
    expect(toPod(y('kind: Pod\nmetadata: {name: p}\nstatus: {podIP: 10.0.0.1}'))).toMatchObject({ namespace: 'default', ips: ['10.0.0.1'] });
    expect(toService(y('kind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}')).ports).toEqual([
      { port: 80, protocol: 'TCP', targetPort: 80 },
    ]);
    expect(toNode(y('kind: Node\nmetadata: {name: n}')).podCIDRs).toEqual([]);
    expect(toNetworkPolicy(y('kind: NetworkPolicy\nmetadata: {name: n}\nspec: {podSelector: {}}')).policyTypes).toEqual(['Ingress']);
    expect(
      toAdminNetworkPolicy(y('kind: AdminNetworkPolicy\nmetadata: {name: a}\nspec: {priority: 3, subject: {namespaces: {}}}')).priority,
    ).toBe(3);
    expect(toBaselineAdminNetworkPolicy(y('kind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec: {subject: {namespaces: {}}}')).name).toBe(
      'default',
    );
    expect(toWorkloadPod(y('apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec: {template: {}}')).workload).toEqual({
      kind: 'StatefulSet',
      name: 's',
    });
  });

  it('a payload without kind is read as the requested kind (list items of the API omit it)', () => {
    expect(toNamespace({ metadata: { name: 'a' } }).name).toBe('a');
  });

  it('throw K8sObjectError with a code and a message naming object and field', () => {
    const e = thrown(() =>
      toNetworkPolicy(y('kind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  podSelector: {}\n  ingress: [{from: [{}]}]')),
    );
    expect(e.code).toBe(Codes.INVALID_PEER);
    expect(e.message).toBe(
      'NetworkPolicy shop/web: ingress[0].from[0] is an empty peer; give podSelector, namespaceSelector or ipBlock (omit "from"/"to" to allow everyone)',
    );
    expect(thrown(() => toPod('nope')).code).toBe(Codes.NOT_AN_OBJECT);
    expect(thrown(() => toPod({ kind: 'Service', metadata: { name: 'x' } })).code).toBe(Codes.INVALID_VALUE);
    expect(thrown(() => toNetworkPolicy({ apiVersion: 'projectcalico.org/v3', kind: 'NetworkPolicy', metadata: { name: 'x' } })).code).toBe(
      Codes.IGNORED_KIND,
    );
    expect(thrown(() => toAdminNetworkPolicy({ kind: 'AdminNetworkPolicy', metadata: { name: 'x' }, spec: {} })).code).toBe(Codes.MISSING_FIELD);
  });

  it('toPod throws POD_TERMINATED for a finished pod (a delete, for the live pipeline), unless asked to keep it', () => {
    const raw = y('kind: Pod\nmetadata: {name: job-1}\nstatus: {phase: Succeeded}');
    expect(thrown(() => toPod(raw)).code).toBe(Codes.POD_TERMINATED);
    expect(toPod(raw, { includeTerminatedPods: true }).name).toBe('job-1');
  });

  it('warnings go to onWarning', () => {
    const seen: string[] = [];
    toNetworkPolicy(y('kind: NetworkPolicy\nmetadata: {name: n}\nspec: {podSelector: {}, ingress: [{ports: [{port: "80"}]}]}'), {
      onWarning: (code, message) => seen.push(`${code} ${message}`),
    });
    expect(seen).toEqual([
      'NUMERIC_STRING_PORT NetworkPolicy default/n: ingress[0].ports[0].port "80" is a string of digits; read as the port number 80 (write it without quotes)',
    ]);
  });
});
