/** Field types shared by several kinds: protocols, ports, port names, CIDRs and IP addresses. */
import { IpError, parseCidr, parseIp, PROTOCOLS, type Cidr, type Protocol } from '@reachwatch/policy-engine';
import { Codes, msg } from './messages';
import { at, Ctx, optList, optString } from './raw';

/** `protocol` with the Kubernetes default TCP; anything but TCP, UDP or SCTP (case-sensitive) is an error. */
export function protocol(ctx: Ctx, v: unknown, path: string): Protocol {
  if (v === undefined || v === null) return 'TCP';
  if (typeof v !== 'string' || !(PROTOCOLS as readonly string[]).includes(v)) {
    ctx.fail(Codes.INVALID_VALUE, path, msg.oneOf(v, ['TCP', 'UDP', 'SCTP']));
  }
  return v as Protocol;
}

export function isPortNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535;
}

export function portNumber(ctx: Ctx, v: unknown, path: string): number {
  if (v === undefined || v === null) ctx.fail(Codes.MISSING_FIELD, path, msg.required());
  if (!isPortNumber(v)) ctx.fail(Codes.INVALID_PORT, path, msg.portRange(v));
  return v;
}

/** IANA_SVC_NAME, as Kubernetes validates container port names and named ports. */
export function isPortName(s: string): boolean {
  return s.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(s) && /[a-z]/.test(s) && !s.includes('--');
}

/**
 * An IntOrString port: a number, or a port name. A string of digits ("80") is read as the number, with a
 * warning (Kubernetes would take it as a name, and no name is all digits).
 */
export function intOrStringPort(ctx: Ctx, v: unknown, path: string): number | string {
  if (typeof v === 'number') return portNumber(ctx, v, path);
  if (typeof v !== 'string') return ctx.fail(Codes.INVALID_PORT, path, msg.expected('a port number or name', v));
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    if (!isPortNumber(n)) ctx.fail(Codes.INVALID_PORT, path, msg.portRange(v));
    ctx.warn(Codes.NUMERIC_STRING_PORT, path, msg.numericStringPort(v));
    return n;
  }
  if (!isPortName(v)) ctx.fail(Codes.INVALID_PORT, path, msg.badPortName(v));
  return v;
}

/**
 * A CIDR, validated by the engine's parser (errors name the bad value). Host bits set are an error, or with
 * `maskHostBits` are masked off with a warning.
 */
export function cidr(ctx: Ctx, v: unknown, path: string, maskHostBits = false): Cidr {
  const s = optString(ctx, v, path);
  if (s === undefined || s === '') ctx.fail(Codes.MISSING_FIELD, path, msg.required());
  try {
    return parseCidr(s);
  } catch (e) {
    if (!(e instanceof IpError)) throw e;
    if (maskHostBits) {
      try {
        const c = parseCidr(s, true);
        ctx.warn(Codes.CIDR_HOST_BITS, path, msg.hostBits(s, c.text));
        return c;
      } catch {
        // not a CIDR at all: report the first error
      }
    }
    return ctx.fail(Codes.INVALID_CIDR, path, e.message);
  }
}

/** An IP address in observed state (pod, node, service status): an invalid one is dropped with a warning. */
export function observedIp(ctx: Ctx, v: unknown, path: string): string | undefined {
  if (typeof v !== 'string') {
    ctx.warn(Codes.INVALID_IP, path, msg.invalidIp(v, msg.expected('a string', v)));
    return undefined;
  }
  try {
    parseIp(v);
    return v.trim();
  } catch (e) {
    ctx.warn(Codes.INVALID_IP, path, msg.invalidIp(v, e instanceof Error ? e.message : String(e)));
    return undefined;
  }
}

export function observedIps(ctx: Ctx, v: unknown, path: string): string[] {
  const out: string[] = [];
  (optList(ctx, v, path) ?? []).forEach((x, i) => {
    const ip = observedIp(ctx, x, at(path, i));
    if (ip !== undefined && !out.includes(ip)) out.push(ip);
  });
  return out;
}
