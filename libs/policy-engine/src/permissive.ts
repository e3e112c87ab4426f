import { parseCidr } from './ip';
import { NetworkPolicy, PolicyType } from './model';
import { selectsEverything } from './selectors';

/** Why a rule of a NetworkPolicy lets (nearly) anything in or out. */
export interface PermissiveRule {
  direction: PolicyType;
  /** Index of the rule in spec.ingress / spec.egress. */
  rule: number;
  /**
   * `all-peers`: the rule lists no peers, so every pod and every address matches;
   * `any-address`: an ipBlock of the whole address space (0.0.0.0/0 or ::/0), with or without `except`;
   * `all-pods`: a peer with an empty namespaceSelector and no (or an empty) podSelector — every pod of every namespace.
   */
  reason: 'all-peers' | 'any-address' | 'all-pods';
  detail: string;
}

/**
 * The rules of a NetworkPolicy that open a direction to everyone (used by the permissive-policy alert and
 * by compliance checks). Only directions the policy actually governs (policyTypes) count.
 */
export function permissiveRules(np: NetworkPolicy, direction: PolicyType): PermissiveRule[] {
  if (!np.policyTypes.includes(direction)) return [];
  const rules = direction === 'Ingress' ? np.ingress : np.egress;
  const word = direction === 'Ingress' ? 'from' : 'to';
  const out: PermissiveRule[] = [];
  rules.forEach((r, i) => {
    const where = `${direction.toLowerCase()}[${i}]`;
    if (!r.peers) {
      out.push({ direction, rule: i, reason: 'all-peers', detail: `${where} has no "${word}": every pod and every address matches` });
      return;
    }
    for (const p of r.peers) {
      if (p.ipBlock && parseCidr(p.ipBlock.cidr, true).prefix === 0) {
        const except = p.ipBlock.except.length ? ` (except ${p.ipBlock.except.join(', ')})` : '';
        out.push({ direction, rule: i, reason: 'any-address', detail: `${where} allows ipBlock ${p.ipBlock.cidr}${except}` });
        return;
      }
      if (!p.ipBlock && p.namespaceSelector && selectsEverything(p.namespaceSelector) && (!p.podSelector || selectsEverything(p.podSelector))) {
        out.push({ direction, rule: i, reason: 'all-pods', detail: `${where} allows every pod of every namespace (namespaceSelector: {})` });
        return;
      }
    }
  });
  return out;
}
