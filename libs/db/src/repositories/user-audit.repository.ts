import { Prisma, PrismaClient } from '../generated/prisma/client';
import type { UserAudit as UserAuditRow } from '../generated/prisma/client';

/** Who did something and from where; copied into every audit row (rows outlive users). */
export interface Actor {
  /** null: the system itself (first start). */
  userId: number | null;
  email: string | null;
  /** The client address as the API saw it. */
  ip: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, email: null, ip: null };

export type AuditTargetType = 'user' | 'session' | 'api_token' | 'cluster' | 'alert' | 'alert_rules' | 'webhook' | 'approved_flow' | 'report' | 'report_schedule';

/** One entry of the user-audit log. `details` must never carry a password, a token or a hash. */
export interface AuditEntry {
  action: string;
  targetType: AuditTargetType;
  targetId: number | null;
  targetEmail?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditRecord extends AuditEntry {
  id: number;
  at: Date;
  actor: Actor;
  targetEmail: string | null;
  details: Record<string, unknown>;
}

export interface AuditPage {
  items: AuditRecord[];
  /** Pass as `beforeId` for the next (older) page; null when this was the last. */
  nextBeforeId: number | null;
}

/**
 * Writes one audit row inside the caller's transaction, so that a change and its record commit together
 * (or neither does). Used by the user, session and token repositories.
 */
export async function writeAudit(tx: Prisma.TransactionClient | PrismaClient, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.userAudit.create({
    data: {
      actorUserId: actor.userId === null ? null : BigInt(actor.userId),
      actorEmail: actor.email,
      ip: actor.ip,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId === null ? null : BigInt(entry.targetId),
      targetEmail: entry.targetEmail ?? null,
      details: (entry.details ?? {}) as Prisma.InputJsonObject,
    },
  });
}

/** The user-audit log: append (for events that change nothing else, e.g. a failed login) and read. */
export class UserAuditRepository {
  constructor(private readonly prisma: PrismaClient) {}

  record(actor: Actor, entry: AuditEntry): Promise<void> {
    return writeAudit(this.prisma, actor, entry);
  }

  /**
   * Newest first, ordered by id (ids grow with time and never repeat, so the order is stable and a page
   * boundary never skips or repeats a row). Optional filter on the target user.
   */
  async list(options: { limit: number; beforeId?: number; targetUserId?: number }): Promise<AuditPage> {
    const where: Prisma.UserAuditWhereInput = {};
    if (options.beforeId !== undefined) where.id = { lt: BigInt(options.beforeId) };
    if (options.targetUserId !== undefined) {
      where.targetType = 'user';
      where.targetId = BigInt(options.targetUserId);
    }
    const rows = await this.prisma.userAudit.findMany({ where, orderBy: { id: 'desc' }, take: options.limit + 1 });
    const items = rows.slice(0, options.limit).map(toRecord);
    return { items, nextBeforeId: rows.length > options.limit ? items[items.length - 1].id : null };
  }
}

function toRecord(row: UserAuditRow): AuditRecord {
  return {
    id: Number(row.id),
    at: row.at,
    actor: { userId: row.actorUserId === null ? null : Number(row.actorUserId), email: row.actorEmail, ip: row.ip },
    action: row.action,
    targetType: row.targetType as AuditTargetType,
    targetId: row.targetId === null ? null : Number(row.targetId),
    targetEmail: row.targetEmail,
    details: row.details as Record<string, unknown>,
  };
}
