import { PrismaClient } from '../generated/prisma/client';
import { generateSecret, isSecretOfKind, sha256Hex, TOUCH_EVERY_MS } from './secrets';
import { writeAudit, type Actor } from './user-audit.repository';
import type { Pool } from 'pg';
import { toUser, type User } from './user.repository';

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
    private readonly now: () => number,
    /** Authentication reads through plain pg: per request, a Prisma query costs several times more. */
    private readonly pool: Pool,
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
    const rows = (await this.pool.query<SessionUserRow>(SESSION_USER_SQL, [sha256Hex(secret)])).rows;
    const row = rows[0];
    const now = this.now();
    if (!row || row.revoked_at !== null || row.expires_at.getTime() <= now || row.disabled_at !== null) return undefined;
    if (row.last_used_at === null || now - row.last_used_at.getTime() >= TOUCH_EVERY_MS) {
      await this.prisma.userSession.updateMany({ where: { id: BigInt(row.session_id) }, data: { lastUsedAt: new Date(now) } });
    }
    return {
      session: toSession({ id: BigInt(row.session_id), userId: BigInt(row.user_id), createdAt: row.session_created_at, expiresAt: row.expires_at }),
      user: toUser({
        id: BigInt(row.user_id), email: row.email, role: row.role, allClusters: row.all_clusters, disabledAt: row.disabled_at,
        lastLoginAt: row.last_login_at, createdAt: row.created_at, updatedAt: row.updated_at,
        grants: row.grants.map((g) => ({ cluster: { id: BigInt(g.id), name: g.name } })),
      }),
    };
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

/**
 * Session, user and grants in one statement. Every authenticated request runs it: the relation loads of
 * a nested Prisma include cost several times more per request.
 */
const SESSION_USER_SQL = `
  SELECT s.id AS session_id, s.user_id, s.created_at AS session_created_at, s.expires_at, s.revoked_at, s.last_used_at,
         u.email, u.role, u.all_clusters, u.disabled_at, u.last_login_at, u.created_at, u.updated_at,
         coalesce((SELECT json_agg(json_build_object('id', c.id::text, 'name', c.name))
                     FROM user_cluster_grant g JOIN cluster c ON c.id = g.cluster_id WHERE g.user_id = u.id), '[]'::json) AS grants
    FROM user_session s JOIN app_user u ON u.id = s.user_id
   WHERE s.secret_hash = $1`;

/** pg returns int8 as text. */
interface SessionUserRow {
  session_id: string;
  user_id: string;
  session_created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
  email: string;
  role: string;
  all_clusters: boolean;
  disabled_at: Date | null;
  last_login_at: Date | null;
  created_at: Date;
  updated_at: Date;
  grants: { id: string; name: string }[];
}
