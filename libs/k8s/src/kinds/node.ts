import { IpError, parseCidr, type Node } from '@reachwatch/policy-engine';
import { observedIp } from '../fields';
import { Codes, msg } from '../messages';
import { at, Ctx, isObject, optList, optObject, optString, Raw, readMeta, stringMap } from '../raw';

const ADDRESS_TYPES = ['InternalIP', 'ExternalIP'];

/** Labels, InternalIP/ExternalIP addresses, and spec.podCIDRs (or the older single spec.podCIDR). */
export function readNode(ctx: Ctx, raw: Raw): Node {
  const { name, meta } = readMeta(ctx, raw, false);
  const labels = stringMap(ctx, meta.labels, 'metadata.labels');
  const spec = optObject(ctx, raw.spec, 'spec') ?? {};
  const status = optObject(ctx, raw.status, 'status') ?? {};
  const ips: string[] = [];
  (optList(ctx, status.addresses, 'status.addresses') ?? []).forEach((a, i) => {
    if (!isObject(a) || !ADDRESS_TYPES.includes(String(a.type))) return;
    const ip = observedIp(ctx, a.address, `${at('status.addresses', i)}.address`);
    if (ip !== undefined && !ips.includes(ip)) ips.push(ip);
  });
  const cidrs = optList(ctx, spec.podCIDRs, 'spec.podCIDRs');
  const single = optString(ctx, spec.podCIDR, 'spec.podCIDR');
  const entries: [unknown, string][] = cidrs?.length
    ? cidrs.map((c, i) => [c, at('spec.podCIDRs', i)])
    : single
      ? [[single, 'spec.podCIDR']]
      : [];
  const podCIDRs: string[] = [];
  for (const [c, path] of entries) {
    try {
      const text = parseCidr(String(c)).text;
      if (!podCIDRs.includes(text)) podCIDRs.push(text);
    } catch (e) {
      if (!(e instanceof IpError)) throw e;
      ctx.warn(Codes.INVALID_CIDR, path, msg.invalidPodCidr(e.message));
    }
  }
  return { name, labels, ips, podCIDRs };
}
