/**
 * What the real API server refuses with 422 Invalid before storing: bad names and labels, a Deployment
 * whose selector does not match its template, and policies the Kubernetes validation rejects. Policies are
 * checked with libs/k8s's normalisers (the same reading the engine gets), so an object the simulator
 * accepts is one Reachwatch can read. `validate: false` on the cluster turns the policy checks off, to let
 * tests feed the agent malformed objects.
 */
import { K8sObjectError, toAdminNetworkPolicy, toBaselineAdminNetworkPolicy, toNetworkPolicy, toService } from '@reachwatch/k8s';
import { invalid } from './errors';
import type { ResourceType } from './resources';
import type { KObj } from './store';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

type Cause = { field?: string; message: string };

function labelCauses(labels: unknown, field: string): Cause[] {
  if (labels === undefined || labels === null) return [];
  if (typeof labels !== 'object' || Array.isArray(labels)) return [{ field, message: 'Invalid value: must be a map of strings' }];
  const out: Cause[] = [];
  for (const [k, v] of Object.entries(labels)) {
    const slash = k.lastIndexOf('/');
    const prefix = slash >= 0 ? k.slice(0, slash) : '';
    const name = slash >= 0 ? k.slice(slash + 1) : k;
    if ((prefix && (!DNS_SUBDOMAIN.test(prefix) || prefix.length > 253)) || !LABEL_NAME.test(name) || name.length > 63) {
      out.push({ field, message: `Invalid value: "${k}": a label key must be a qualified name` });
    }
    if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) {
      out.push({ field: `${field}.${k}`, message: `Invalid value: ${JSON.stringify(v)}: a label value must be 63 characters or less, alphanumeric, '-', '_' or '.'` });
    }
  }
  return out;
}

function selectorMatchesTemplate(obj: KObj): boolean {
  const sel = obj.spec?.selector?.matchLabels ?? {};
  const labels = obj.spec?.template?.metadata?.labels ?? {};
  return Object.entries(sel).every(([k, v]) => labels[k] === v);
}

/** Throws 422 Invalid with every problem found. */
export function validateObject(type: ResourceType, obj: KObj, checkPolicies: boolean): void {
  const name = String(obj.metadata?.name ?? '');
  const causes: Cause[] = [];
  const nameRule = type.kind === 'Namespace' || type.kind === 'Service' ? DNS_LABEL : DNS_SUBDOMAIN;
  if (!name) causes.push({ field: 'metadata.name', message: 'Required value: name or generateName is required' });
  else if (!nameRule.test(name) || name.length > (nameRule === DNS_LABEL ? 63 : 253)) {
    causes.push({ field: 'metadata.name', message: `Invalid value: "${name}": must be a lowercase RFC 1123 ${nameRule === DNS_LABEL ? 'label' : 'subdomain'}` });
  }
  causes.push(...labelCauses(obj.metadata?.labels, 'metadata.labels'));
  if (type.kind === 'Deployment') {
    if (!obj.spec?.template) causes.push({ field: 'spec.template', message: 'Required value' });
    else if (!obj.spec?.selector) causes.push({ field: 'spec.selector', message: 'Required value' });
    else if (!selectorMatchesTemplate(obj)) causes.push({ field: 'spec.template.metadata.labels', message: 'Invalid value: `selector` does not match template `labels`' });
    const r = obj.spec?.replicas;
    if (r !== undefined && (!Number.isInteger(r) || r < 0)) causes.push({ field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(r)}: must be greater than or equal to 0` });
    if (obj.spec?.template) causes.push(...labelCauses(obj.spec.template.metadata?.labels, 'spec.template.metadata.labels'));
  }
  if (checkPolicies && !causes.length) {
    try {
      if (type.kind === 'NetworkPolicy') toNetworkPolicy(obj);
      else if (type.kind === 'AdminNetworkPolicy') toAdminNetworkPolicy(obj);
      else if (type.kind === 'BaselineAdminNetworkPolicy') toBaselineAdminNetworkPolicy(obj);
      else if (type.kind === 'Service') toService(obj);
    } catch (e) {
      if (!(e instanceof K8sObjectError)) throw e;
      causes.push({ message: e.message });
    }
  }
  if (causes.length) throw invalid(type.kind, name, causes, type.group);
}
