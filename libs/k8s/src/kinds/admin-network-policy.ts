/**
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1). Paths in
 * messages are relative to `spec`. A rule without a name is named after its position (`egress[2]`), so
 * explanations can point at it.
 */
import type { AdminAction, AdminNetworkPolicy, AdminPeer, AdminRule, BaselineAdminNetworkPolicy } from '@reachwatch/policy-engine';
import { Codes, msg } from '../messages';
import { at, Ctx, join, optInt, optList, optObject, optString, Raw, readMeta, reqObject } from '../raw';
import { adminPorts, Direction, peer, subject } from './admin-peers';

const ANP_ACTIONS: readonly AdminAction[] = ['Allow', 'Deny', 'Pass'];
const BANP_ACTIONS: readonly AdminAction[] = ['Allow', 'Deny'];
export const BANP_NAME = 'default';

export function readAdminNetworkPolicy(ctx: Ctx, raw: Raw): AdminNetworkPolicy {
  const { name } = readMeta(ctx, raw, false);
  const spec = reqObject(ctx, raw.spec, 'spec');
  const priority = optInt(ctx, spec.priority, 'priority');
  if (priority === undefined) ctx.fail(Codes.MISSING_FIELD, 'priority', msg.required('0-1000, lower numbers win'));
  if (priority < 0 || priority > 1000) ctx.fail(Codes.INVALID_VALUE, 'priority', msg.priorityRange(priority));
  return {
    name,
    priority,
    subject: subject(ctx, spec.subject, 'subject'),
    ingress: rules(ctx, spec.ingress, 'ingress', ANP_ACTIONS),
    egress: rules(ctx, spec.egress, 'egress', ANP_ACTIONS),
  };
}

export function readBaselineAdminNetworkPolicy(ctx: Ctx, raw: Raw): BaselineAdminNetworkPolicy {
  const { name } = readMeta(ctx, raw, false);
  if (name !== BANP_NAME) ctx.warn(Codes.BANP_NOT_DEFAULT, 'metadata.name', msg.banpNotDefault(name));
  const spec = reqObject(ctx, raw.spec, 'spec');
  return {
    name,
    subject: subject(ctx, spec.subject, 'subject'),
    ingress: rules(ctx, spec.ingress, 'ingress', BANP_ACTIONS),
    egress: rules(ctx, spec.egress, 'egress', BANP_ACTIONS),
  };
}

function rules(ctx: Ctx, v: unknown, direction: Direction, actions: readonly AdminAction[]): AdminRule[] {
  const peersKey = direction === 'ingress' ? 'from' : 'to';
  return (optList(ctx, v, direction) ?? []).map((r, i) => {
    const path = at(direction, i);
    const o = optObject(ctx, r, path) ?? ctx.fail(Codes.MISSING_FIELD, path, msg.required('a rule needs action and ' + peersKey));
    const name = optString(ctx, o.name, join(path, 'name')) || path;
    const action = o.action;
    if (action === undefined || action === null) ctx.fail(Codes.MISSING_FIELD, join(path, 'action'), msg.required(actions.join(', ')));
    if (typeof action !== 'string' || !(actions as readonly string[]).includes(action)) {
      ctx.fail(Codes.INVALID_VALUE, join(path, 'action'), msg.oneOf(action, actions));
    }
    const rawPeers = optList(ctx, o[peersKey], join(path, peersKey)) ?? [];
    if (!rawPeers.length) ctx.fail(Codes.MISSING_FIELD, join(path, peersKey), msg.emptyPeers());
    const peers = rawPeers
      .map((p, j) => peer(ctx, p, at(join(path, peersKey), j), direction))
      .filter((p): p is AdminPeer => p !== undefined);
    const rule: AdminRule = { name, action: action as AdminAction, peers };
    const ports = adminPorts(ctx, o.ports, join(path, 'ports'));
    if (ports) rule.ports = ports;
    return rule;
  });
}
