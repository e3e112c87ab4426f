/**
 * Command-line parsing: node:util parseArgs plus the value checks shared by the commands. Everything here
 * is syntax; names are resolved against the loaded manifests in workloads.ts.
 */
import { isIP } from 'node:net';
import * as path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseCniProfile, type CniProfile, type Protocol } from '@reachwatch/policy-engine';
import { usageError } from './errors';
import { CNI_NAMES, msg } from './messages';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  cni: { type: 'string', default: 'generic' },
} as const satisfies Options;

/**
 * parseArgs in strict mode, with its errors turned into usage errors that name the command. Options may
 * come before, between or after the positionals.
 */
export function parseCommand<O extends Options>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    const err = e as Error & { code?: string };
    // Node's messages quote the option: "Unknown option '--x'", "Option '-f, --format <value>' argument missing".
    const opt = /'(?:-\w, )?(--?[\w-]+)/.exec(err.message)?.[1] ?? '';
    switch (err.code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
        throw usageError(msg.unknownOption(opt, command), msg.helpHint(command));
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
        throw usageError(msg.missingValue(opt), msg.helpHint(command));
      default:
        throw usageError(err.message, msg.helpHint(command));
    }
  }
}

export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  const v = value.toLowerCase();
  if (!(allowed as readonly string[]).includes(v)) throw usageError(msg.badValue(flag, value, allowed));
  return v as T;
}

export interface CniChoice {
  /** As typed (lower-cased), e.g. `cilium`; shown next to the profile. */
  name: string;
  profile: CniProfile;
}

export function parseCni(value: string): CniChoice {
  const name = oneOf('cni', value, CNI_NAMES);
  return { name, profile: parseCniProfile(name) };
}

export interface PortSpec {
  protocol: Protocol;
  port: number;
}

/** `TCP/8080`, `udp/53`, `8080/TCP` or a bare `8080` (TCP). */
export function parsePortSpec(spec: string): PortSpec {
  const s = spec.trim();
  let m = /^(tcp|udp|sctp)[/:](\d+)$/i.exec(s);
  let proto: string | undefined;
  let port: string | undefined;
  if (m) [, proto, port] = m;
  else if ((m = /^(\d+)\/(tcp|udp|sctp)$/i.exec(s))) [, port, proto] = m;
  else if ((m = /^(\d+)$/.exec(s))) [, port] = m;
  const n = port === undefined ? NaN : Number(port);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw usageError(msg.badPort(spec));
  return { protocol: (proto ?? 'TCP').toUpperCase() as Protocol, port: n };
}

export type EndpointSpec =
  | { type: 'ip'; ip: string }
  | { type: 'workload'; namespace: string; name: string; kind?: string; text: string };

/** `ns/name`, `ns/name[Kind]` (as printed by analyze) or an IPv4/IPv6 address. */
export function parseEndpointSpec(flag: string, spec: string): EndpointSpec {
  const s = spec.trim();
  if (isIP(s)) return { type: 'ip', ip: s };
  const m = /^([^/\s[\]]+)\/([^/\s[\]]+)(?:\[([A-Za-z]+)\])?$/.exec(s);
  if (!m) throw usageError(msg.badEndpoint(flag, spec));
  return { type: 'workload', namespace: m[1], name: m[2], kind: m[3], text: s };
}

/** A path as the user meant it: relative to the directory they ran the command in. */
export function resolvePath(cwd: string, p: string): string {
  return path.resolve(cwd, p);
}

/** How a path is shown back: relative to cwd when it is inside it. */
export function displayPath(cwd: string, p: string): string {
  const rel = path.relative(cwd, p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}
