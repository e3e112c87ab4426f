import { PROTOCOLS, type Protocol } from '@reachwatch/policy-engine';
import { z } from 'zod';
import { REST_MSG } from './rest-messages';

/**
 * Query-string building blocks shared by the REST resources. Every list takes `limit` and an opaque
 * `cursor` (base64url JSON of the keyset of the last item of the previous page).
 */
export const Limit = (max: number, def: number) => z.coerce.number().int().min(1).max(max).default(def);

export function encodeCursor(keyset: unknown): string {
  return Buffer.from(JSON.stringify(keyset), 'utf8').toString('base64url');
}

/** A cursor decoding to a value `shape` accepts. */
export const Cursor = <S extends z.ZodType>(shape: S) =>
  z.string().max(2000).transform((s, ctx): z.infer<S> => {
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    } catch {
      value = undefined;
    }
    const r = shape.safeParse(value);
    if (!r.success) {
      ctx.addIssue({ code: 'custom', message: REST_MSG.badCursor });
      return z.NEVER;
    }
    return r.data;
  });

/** `a,b,c` → ['a','b','c'] (each item checked by `item`); at most `max` items. */
export const CommaList = <S extends z.ZodType<unknown, string>>(item: S, max = 100) =>
  z.string().max(20_000).transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)).pipe(z.array(item).min(1).max(max));

export const NamespaceName = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'not a namespace name');

/** `true`/`false` in a query string (z.coerce.boolean would take "false" as true). */
export const QueryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

export interface PortSpec {
  protocol: Protocol;
  port: number;
}

/** `TCP/80` (also `80`, meaning TCP). */
export const PortQuery = z.string().max(20).transform((s, ctx): PortSpec => {
  const m = /^(?:([A-Za-z]+)\/)?(\d{1,5})$/.exec(s.trim());
  const protocol = (m?.[1] ?? 'TCP').toUpperCase() as Protocol;
  const port = m ? Number(m[2]) : NaN;
  if (!m || !PROTOCOLS.includes(protocol) || port < 1 || port > 65535) {
    ctx.addIssue({ code: 'custom', message: REST_MSG.badPort });
    return z.NEVER;
  }
  return { protocol, port };
});

/** ISO 8601 date-time with an offset. */
export const Instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
