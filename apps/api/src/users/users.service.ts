import { Inject, Injectable } from '@nestjs/common';
import type { Actor, User, UserAuditRepository, UserRepository } from '@reachwatch/db';
import { ApiError } from '../common/api-error';
import { mapAccountErrors } from '../auth/account-errors';
import { AUTH_MSG } from '../auth/messages';
import type { PasswordHasher } from '../auth/passwords';
import { PASSWORD_HASHER, USER_AUDIT_REPOSITORY, USER_REPOSITORY } from '../auth/tokens';
import type { CreateUserBody, GrantsBody, UpdateUserBody } from './users.schemas';

/** User administration (admins only; the controller checks the role). Every change writes user_audit. */
@Injectable()
export class UsersService {
  constructor(
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(USER_AUDIT_REPOSITORY) private readonly audit: UserAuditRepository,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
  ) {}

  list(limit: number, afterEmail?: string) {
    return this.users.list({ limit, afterEmail });
  }

  async get(id: number): Promise<User> {
    const user = await this.users.get(id);
    if (!user) throw new ApiError('not_found', AUTH_MSG.userNotFound(id));
    return user;
  }

  async create(body: CreateUserBody, actor: Actor): Promise<User> {
    const passwordHash = await this.hasher.hash(body.password);
    return mapAccountErrors(() => this.users.create({ email: body.email, passwordHash, role: body.role, grants: body.clusters }, actor));
  }

  /**
   * Role and enabled state in one transaction; a new password (which ends the user's sessions) after it.
   * Validation has run before either, so a refused body changes nothing.
   */
  async update(id: number, body: UpdateUserBody, actor: Actor): Promise<User> {
    if (body.role === undefined && body.disabled === undefined && body.password === undefined) {
      throw new ApiError('validation_failed', AUTH_MSG.emptyChange, { issues: [{ path: '', code: 'empty', message: AUTH_MSG.emptyChange }] });
    }
    const passwordHash = body.password === undefined ? undefined : await this.hasher.hash(body.password);
    return mapAccountErrors(async () => {
      if (body.role !== undefined || body.disabled !== undefined) await this.users.update(id, { role: body.role, disabled: body.disabled }, actor);
      if (passwordHash !== undefined) await this.users.setPassword(id, passwordHash, actor);
      return this.get(id);
    });
  }

  delete(id: number, actor: Actor): Promise<void> {
    return mapAccountErrors(() => this.users.delete(id, actor));
  }

  setGrants(id: number, body: GrantsBody, actor: Actor): Promise<User> {
    return mapAccountErrors(() => this.users.setGrants(id, body.clusters, actor));
  }

  auditLog(limit: number, beforeId?: number, targetUserId?: number) {
    return this.audit.list({ limit, beforeId, targetUserId });
  }
}
