import { PrismaClient } from '../generated/prisma/client';
import { generateSecret, isSecretOfKind, sha256Hex, TOUCH_EVERY_MS } from './secrets';
import { writeAudit, type Actor } from './user-audit.repository';
import { toUser, USER_INCLUDE, type User } from './user.repository';

export interface SessionInfo {
  id: number;
  userId: number;
  createdAt: Date;
  expiresAt: Date;
}

/** A session secret that authenticates: its session and its user as of now. */
export interface AuthenticatedSession {
  session: SessionInfo;
  user: User;
}

/** Revoked and expired sessions are kept this long (for review), then deleted at the user's next login. */
const KEEP_ENDED_MS = 30 * 24 * 3600 * 1000;

/**
 * Login sessions. The client holds `rws_…` (cookie and/or bearer); the database holds only its SHA-256,
 * so a leaked database dump cannot be replayed as a session.
 */
export class SessionRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Starts a session for a user who has just proven their password (records the login and its audit row).
   * Returns the secret, which exists nowhere else: hand it to the client once.
   */
  async create(user: User, ttlMs: number, actor: Actor): Promise<{ secret: string; session: SessionInfo }> {
    const secret = generateSecret('rws_');
    const now = new Date(this.now());
    const row = await this.prisma.$transaction(async (tx) => {
      const created = await tx.userSession.create({
        data: { userId: BigInt(user.id), secretHash: sha256Hex(secret), createdAt: now, expiresAt: new Date(now.getTime() + ttlMs), ip: actor.ip },
      });
      await tx.appUser.update({ where: { id: BigInt(user.id) }, data: { lastLoginAt: now } });
      const endedBefore = new Date(now.getTime() - KEEP_ENDED_MS);
      await tx.userSession.deleteMany({ where: { userId: BigInt(user.id), OR: [{ expiresAt: { lt: endedBefore } }, { revokedAt: { lt: endedBefore } }] } });
      await writeAudit(tx, actor, { action: 'auth.login', targetType: 'session', targetId: Number(created.id), targetEmail: user.email });
      return created;
    });
    return { secret, session: toSession(row) };
  }

  /**
   * The session and user for a secret, or undefined when the secret is unknown, revoked, expired, or its
   * user disabled. The user (role, grants) is read fresh, so changes apply to live sessions at once.
   */
  async authenticate(secret: string): Promise<AuthenticatedSession | undefined> {
    if (!isSecretOfKind(secret, 'rws_')) return undefined;
    const row = await this.prisma.userSession.findUnique({ where: { secretHash: sha256Hex(secret) }, include: { user: { include: USER_INCLUDE } } });
    const now = this.now();
    if (!row || row.revokedAt !== null || row.expiresAt.getTime() <= now || row.user.disabledAt !== null) return undefined;
    if (row.lastUsedAt === null || now - row.lastUsedAt.getTime() >= TOUCH_EVERY_MS) {
      await this.prisma.userSession.updateMany({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
    }
    return { session: toSession(row), user: toUser(row.user) };
  }

  /** Ends one session (logout). Idempotent: an already ended session is left as it was and not audited again. */
  async revoke(sessionId: number, user: Pick<User, 'email'>, actor: Actor): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.userSession.updateMany({ where: { id: BigInt(sessionId), revokedAt: null }, data: { revokedAt: new Date(this.now()) } });
      if (count) await writeAudit(tx, actor, { action: 'auth.logout', targetType: 'session', targetId: sessionId, targetEmail: user.email });
    });
  }
}

function toSession(row: { id: bigint; userId: bigint; createdAt: Date; expiresAt: Date }): SessionInfo {
  return { id: Number(row.id), userId: Number(row.userId), createdAt: row.createdAt, expiresAt: row.expiresAt };
}
