import { Prisma, PrismaClient } from '../generated/prisma/client';
import { AccountDbError } from './account-errors';
import { writeAudit, SYSTEM_ACTOR, type Actor } from './user-audit.repository';

export const ROLES = ['admin', 'analyst', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export interface ClusterRef {
  id: number;
  name: string;
}

/** A user as the rest of the product sees it: never the password hash. */
export interface User {
  id: number;
  email: string;
  role: Role;
  /** Every cluster, present and future (admins see every cluster regardless). */
  allClusters: boolean;
  /** Explicit grants, by cluster name. */
  clusters: ClusterRef[];
  disabledAt: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface UserPage {
  items: User[];
  /** The email to pass as `afterEmail` for the next page; null when this was the last. */
  nextAfterEmail: string | null;
}

export type GrantSpec = 'all' | readonly string[];

/** Prisma's include that loads what User needs in one query. */
export const USER_INCLUDE = { grants: { include: { cluster: { select: { id: true, name: true } } } } } as const;
export type UserRow = Prisma.AppUserGetPayload<{ include: typeof USER_INCLUDE }>;

const EMAIL = /^[^\s@]+@[^\s@]+$/;
/** Serialises changes that could remove the last enabled admin (two admins demoting each other at once). */
const ADMIN_LOCK = 0x5257_0001;

/** Emails are compared case-insensitively: trimmed and lower-cased before they are stored or looked up. */
export function normaliseEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (e.length < 3 || e.length > 254 || !EMAIL.test(e)) throw new AccountDbError('INVALID_EMAIL', `"${email.slice(0, 254)}" is not an email address.`);
  return e;
}

export class UserRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Creates a user with its grants (default: none) and its audit row, in one transaction: an unknown cluster
   * in the grants creates nothing. Throws EMAIL_TAKEN, INVALID_EMAIL, UNKNOWN_CLUSTER.
   */
  async create(input: { email: string; passwordHash: string; role: Role; grants?: GrantSpec }, actor: Actor): Promise<User> {
    const email = normaliseEmail(input.email);
    const grants = input.grants ?? [];
    try {
      return await this.prisma.$transaction(async (tx) => {
        const created = await tx.appUser.create({ data: { email, passwordHash: input.passwordHash, role: input.role } });
        const row = await replaceGrants(tx, Number(created.id), grants);
        await writeAudit(tx, actor, {
          action: 'user.create',
          targetType: 'user',
          targetId: Number(row.id),
          targetEmail: email,
          details: { role: input.role, clusters: grantsOf(toUser(row)) },
        });
        return toUser(row);
      });
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
        throw new AccountDbError('EMAIL_TAKEN', `A user with the email "${email}" already exists.`);
      }
      throw err;
    }
  }

  /**
   * The first admin, created only while there is no user at all. Several API instances may start at once:
   * the advisory lock makes exactly one of them create it. Returns undefined when users already exist.
   */
  async createFirstAdmin(input: { email: string; passwordHash: string }, details: Record<string, unknown>): Promise<User | undefined> {
    const email = normaliseEmail(input.email);
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_LOCK}::bigint)`;
      if ((await tx.appUser.count()) > 0) return undefined;
      const row = await tx.appUser.create({ data: { email, passwordHash: input.passwordHash, role: 'admin' }, include: USER_INCLUDE });
      await writeAudit(tx, SYSTEM_ACTOR, { action: 'user.create', targetType: 'user', targetId: Number(row.id), targetEmail: email, details: { role: 'admin', ...details } });
      return toUser(row);
    });
  }

  /** For login only: the user and its password hash (which no other method returns). */
  async findForLogin(email: string): Promise<{ user: User; passwordHash: string } | undefined> {
    let normal: string;
    try {
      normal = normaliseEmail(email);
    } catch {
      return undefined;
    }
    const row = await this.prisma.appUser.findUnique({ where: { email: normal }, include: USER_INCLUDE });
    return row ? { user: toUser(row), passwordHash: row.passwordHash } : undefined;
  }

  /** Replaces a hash made with older parameters after a successful login. Not audited: nothing a person changed. */
  async upgradePasswordHash(id: number, passwordHash: string): Promise<void> {
    await this.prisma.appUser.updateMany({ where: { id: BigInt(id) }, data: { passwordHash } });
  }

  async get(id: number): Promise<User | undefined> {
    const row = await this.prisma.appUser.findUnique({ where: { id: BigInt(id) }, include: USER_INCLUDE });
    return row ? toUser(row) : undefined;
  }

  /** Users by email (unique, so the order is stable); keyset pagination on it. */
  async list(options: { limit: number; afterEmail?: string }): Promise<UserPage> {
    const rows = await this.prisma.appUser.findMany({
      where: options.afterEmail === undefined ? {} : { email: { gt: options.afterEmail } },
      orderBy: { email: 'asc' },
      take: options.limit + 1,
      include: USER_INCLUDE,
    });
    const items = rows.slice(0, options.limit).map(toUser);
    return { items, nextAfterEmail: rows.length > options.limit ? items[items.length - 1].email : null };
  }

  /**
   * Changes role and/or enabled state. Disabling revokes every session and personal token of the user
   * (enabling again does not bring them back). Throws USER_NOT_FOUND, LAST_ADMIN.
   */
  async update(id: number, change: { role?: Role; disabled?: boolean }, actor: Actor): Promise<User> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_LOCK}::bigint)`;
      const before = await this.lockedUser(tx, id);
      const role = change.role ?? (before.role as Role);
      const disabled = change.disabled ?? before.disabledAt !== null;
      if (before.role === 'admin' && before.disabledAt === null && (role !== 'admin' || disabled)) await assertAnotherAdmin(tx, id);
      const now = new Date();
      const disabling = disabled && before.disabledAt === null;
      const row = await tx.appUser.update({
        where: { id: BigInt(id) },
        data: { role, disabledAt: disabled ? (before.disabledAt ?? now) : null, updatedAt: now },
        include: USER_INCLUDE,
      });
      if (disabling) await revokeCredentials(tx, id, now);
      const was = { role: before.role, disabled: before.disabledAt !== null };
      const is = { role, disabled };
      if (was.role !== is.role || was.disabled !== is.disabled) {
        await writeAudit(tx, actor, { action: 'user.update', targetType: 'user', targetId: id, targetEmail: row.email, details: { before: was, after: is } });
      }
      return toUser(row);
    });
  }

  /** Sets a new password hash (admin reset) and ends the user's sessions. Throws USER_NOT_FOUND. */
  async setPassword(id: number, passwordHash: string, actor: Actor): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const user = await this.lockedUser(tx, id);
      const now = new Date();
      await tx.appUser.update({ where: { id: BigInt(id) }, data: { passwordHash, updatedAt: now } });
      await tx.userSession.updateMany({ where: { userId: BigInt(id), revokedAt: null }, data: { revokedAt: now } });
      await writeAudit(tx, actor, { action: 'user.password_reset', targetType: 'user', targetId: id, targetEmail: user.email });
    });
  }

  /** Deletes a user with its grants, sessions and tokens (audit rows stay). Throws USER_NOT_FOUND, LAST_ADMIN. */
  async delete(id: number, actor: Actor): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_LOCK}::bigint)`;
      const user = await this.lockedUser(tx, id);
      if (user.role === 'admin' && user.disabledAt === null) await assertAnotherAdmin(tx, id);
      await tx.appUser.delete({ where: { id: BigInt(id) } });
      await writeAudit(tx, actor, { action: 'user.delete', targetType: 'user', targetId: id, targetEmail: user.email, details: { role: user.role } });
    });
  }

  /**
   * Replaces the user's cluster grants: 'all' (every cluster, also future ones) or exactly the named
   * clusters. Throws USER_NOT_FOUND, UNKNOWN_CLUSTER (details.clusters lists the unknown names).
   */
  async setGrants(id: number, grants: GrantSpec, actor: Actor): Promise<User> {
    return this.prisma.$transaction(async (tx) => {
      const before = toUser(await this.lockedUser(tx, id));
      const after = toUser(await replaceGrants(tx, id, grants));
      await writeAudit(tx, actor, {
        action: 'user.grants',
        targetType: 'user',
        targetId: id,
        targetEmail: after.email,
        details: { before: grantsOf(before), after: grantsOf(after) },
      });
      return after;
    });
  }

  /** The user's row, locked for the rest of the transaction. Throws USER_NOT_FOUND. */
  private async lockedUser(tx: Prisma.TransactionClient, id: number) {
    const locked = await tx.$queryRaw<{ id: bigint }[]>`SELECT id FROM app_user WHERE id = ${BigInt(id)} FOR UPDATE`;
    const row = locked.length ? await tx.appUser.findUnique({ where: { id: BigInt(id) }, include: USER_INCLUDE }) : null;
    if (!row) throw new AccountDbError('USER_NOT_FOUND', `No user with id ${id}.`);
    return row;
  }
}

/** Call with ADMIN_LOCK held. Throws LAST_ADMIN unless an enabled admin other than `id` exists. */
async function assertAnotherAdmin(tx: Prisma.TransactionClient, id: number): Promise<void> {
  const others = await tx.appUser.count({ where: { role: 'admin', disabledAt: null, id: { not: BigInt(id) } } });
  if (others === 0) throw new AccountDbError('LAST_ADMIN', 'This is the last enabled admin: make another user admin first.');
}

/** Replaces a user's grants and all_clusters flag; returns the updated row. Throws UNKNOWN_CLUSTER. */
async function replaceGrants(tx: Prisma.TransactionClient, id: number, grants: GrantSpec): Promise<UserRow> {
  let clusterIds: bigint[] = [];
  if (grants !== 'all') {
    const names = [...new Set(grants)].sort();
    const found = await tx.cluster.findMany({ where: { name: { in: names } }, select: { id: true, name: true } });
    const unknown = names.filter((n) => !found.some((c) => c.name === n));
    if (unknown.length) throw new AccountDbError('UNKNOWN_CLUSTER', `No cluster named ${unknown.map((n) => `"${n}"`).join(', ')}.`, { clusters: unknown });
    clusterIds = found.map((c) => c.id);
  }
  await tx.userClusterGrant.deleteMany({ where: { userId: BigInt(id) } });
  if (clusterIds.length) await tx.userClusterGrant.createMany({ data: clusterIds.map((clusterId) => ({ userId: BigInt(id), clusterId })) });
  return tx.appUser.update({ where: { id: BigInt(id) }, data: { allClusters: grants === 'all', updatedAt: new Date() }, include: USER_INCLUDE });
}

/** Ends every session and personal token of a user (disabling). */
async function revokeCredentials(tx: Prisma.TransactionClient, userId: number, now: Date): Promise<void> {
  await tx.userSession.updateMany({ where: { userId: BigInt(userId), revokedAt: null }, data: { revokedAt: now } });
  await tx.apiToken.updateMany({ where: { userId: BigInt(userId), revokedAt: null }, data: { revokedAt: now } });
}

function grantsOf(user: User): 'all' | string[] {
  return user.allClusters ? 'all' : user.clusters.map((c) => c.name);
}

/** What toUser reads of a user row (a Prisma UserRow, or the session lookup's plain SQL row). */
export type UserFields = Pick<UserRow, 'id' | 'email' | 'role' | 'allClusters' | 'disabledAt' | 'lastLoginAt' | 'createdAt' | 'updatedAt'> & {
  grants: { cluster: { id: bigint; name: string } }[];
};

export function toUser(row: UserFields): User {
  return {
    id: Number(row.id),
    email: row.email,
    role: row.role as Role,
    allClusters: row.allClusters,
    clusters: row.grants.map((g) => ({ id: Number(g.cluster.id), name: g.cluster.name })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    disabledAt: row.disabledAt,
    lastLoginAt: row.lastLoginAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
