import { PrismaClient } from '../generated/prisma/client';
import type { ApiToken as ApiTokenRow } from '../generated/prisma/client';
import { AccountDbError } from './account-errors';
import { generateSecret, isSecretOfKind, sha256Hex, TOUCH_EVERY_MS } from './secrets';
import { writeAudit, type Actor } from './user-audit.repository';
import { toUser, USER_INCLUDE, type User } from './user.repository';

/** A personal API token as its owner may see it: never the token or its hash. */
export interface ApiTokenInfo {
  id: number;
  name: string;
  /** The first characters of the token ("rwp_AbCd…"), to tell tokens apart. */
  prefix: string;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Characters of the token kept in clear: "rwp_" + 6 of its 43 random characters (258 bits remain secret). */
const PREFIX_LENGTH = 10;

/**
 * Personal API tokens for scripts: `rwp_…`, shown once, stored as SHA-256. A token acts as its user with
 * the user's current role and grants; it stops working when revoked, expired, or the user is disabled.
 */
export class ApiTokenRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: () => number = Date.now,
  ) {}

  /** Creates a token for `user` (audited). Returns the token itself, which exists nowhere else. */
  async create(user: Pick<User, 'id' | 'email'>, input: { name: string; expiresAt: Date }, actor: Actor): Promise<{ token: string; info: ApiTokenInfo }> {
    const token = generateSecret('rwp_');
    const row = await this.prisma.$transaction(async (tx) => {
      const created = await tx.apiToken.create({
        data: { userId: BigInt(user.id), name: input.name, tokenHash: sha256Hex(token), prefix: token.slice(0, PREFIX_LENGTH), createdAt: new Date(this.now()), expiresAt: input.expiresAt },
      });
      await writeAudit(tx, actor, {
        action: 'token.create',
        targetType: 'api_token',
        targetId: Number(created.id),
        targetEmail: user.email,
        details: { name: input.name, expiresAt: input.expiresAt.toISOString() },
      });
      return created;
    });
    return { token, info: toInfo(row) };
  }

  /** The user's tokens, newest first (revoked and expired ones too, so their owner can see what existed). */
  async list(userId: number): Promise<ApiTokenInfo[]> {
    return (await this.prisma.apiToken.findMany({ where: { userId: BigInt(userId) }, orderBy: { id: 'desc' } })).map(toInfo);
  }

  /**
   * Revokes one of the user's own tokens. Another user's token is TOKEN_NOT_FOUND, exactly like a missing
   * one. Revoking a revoked token changes nothing and writes no second audit row.
   */
  async revoke(user: Pick<User, 'id' | 'email'>, tokenId: number, actor: Actor): Promise<ApiTokenInfo> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.apiToken.findFirst({ where: { id: BigInt(tokenId), userId: BigInt(user.id) } });
      if (!row) throw new AccountDbError('TOKEN_NOT_FOUND', `You have no token with id ${tokenId}.`);
      if (row.revokedAt !== null) return toInfo(row);
      const updated = await tx.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date(this.now()) } });
      await writeAudit(tx, actor, { action: 'token.revoke', targetType: 'api_token', targetId: tokenId, targetEmail: user.email, details: { name: row.name } });
      return toInfo(updated);
    });
  }

  /** The token's info and user as of now, or undefined when unknown, revoked, expired or the user is disabled. */
  async authenticate(token: string): Promise<{ token: ApiTokenInfo; user: User } | undefined> {
    if (!isSecretOfKind(token, 'rwp_')) return undefined;
    const row = await this.prisma.apiToken.findUnique({ where: { tokenHash: sha256Hex(token) }, include: { user: { include: USER_INCLUDE } } });
    const now = this.now();
    if (!row || row.revokedAt !== null || row.expiresAt.getTime() <= now || row.user.disabledAt !== null) return undefined;
    if (row.lastUsedAt === null || now - row.lastUsedAt.getTime() >= TOUCH_EVERY_MS) {
      await this.prisma.apiToken.updateMany({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
    }
    return { token: toInfo(row), user: toUser(row.user) };
  }
}

function toInfo(row: ApiTokenRow): ApiTokenInfo {
  return {
    id: Number(row.id),
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}
