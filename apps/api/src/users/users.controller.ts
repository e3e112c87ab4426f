import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Put, Query, Req } from '@nestjs/common';
import type { AuditRecord } from '@reachwatch/db';
import type { HttpRequest } from '../common/http';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { actorOf } from '../auth/actor';
import { Roles } from '../auth/decorators';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { IdParam } from '../auth/schemas';
import { userView } from '../auth/views';
import { AuditQuery, CreateUserBody, encodeCursor, GrantsBody, ListUsersQuery, UpdateUserBody } from './users.schemas';
import { UsersService } from './users.service';

const idPipe = new ZodBodyPipe(IdParam, 'user id');

/** `/api/v1/users` — accounts, roles, cluster grants and the user-audit log. Admins only. */
@Controller('api/v1/users')
@Roles('admin')
export class UsersController {
  constructor(@Inject(UsersService) private readonly users: UsersService) {}

  /** Sorted by email; `cursor` continues after the previous page. */
  @Get()
  async list(@Query(new ZodBodyPipe(ListUsersQuery, 'query')) query: ListUsersQuery) {
    const page = await this.users.list(query.limit, query.cursor);
    return { items: page.items.map(userView), nextCursor: page.nextAfterEmail === null ? null : encodeCursor(page.nextAfterEmail) };
  }

  @Post()
  @HttpCode(201)
  async create(@Body(new ZodBodyPipe(CreateUserBody, 'user')) body: CreateUserBody, @CurrentPrincipal() principal: Principal, @Req() req: HttpRequest) {
    return userView(await this.users.create(body, actorOf(principal, req)));
  }

  /** Newest first; declared before `:id` so that "audit" is not taken for an id. */
  @Get('audit')
  async audit(@Query(new ZodBodyPipe(AuditQuery, 'query')) query: AuditQuery) {
    const page = await this.users.auditLog(query.limit, query.cursor, query.userId);
    return { items: page.items.map(auditView), nextCursor: page.nextBeforeId === null ? null : String(page.nextBeforeId) };
  }

  @Get(':id')
  async get(@Param('id', idPipe) id: number) {
    return userView(await this.users.get(id));
  }

  @Patch(':id')
  async update(
    @Param('id', idPipe) id: number,
    @Body(new ZodBodyPipe(UpdateUserBody, 'user change')) body: UpdateUserBody,
    @CurrentPrincipal() principal: Principal,
    @Req() req: HttpRequest,
  ) {
    return userView(await this.users.update(id, body, actorOf(principal, req)));
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@Param('id', idPipe) id: number, @CurrentPrincipal() principal: Principal, @Req() req: HttpRequest): Promise<void> {
    await this.users.delete(id, actorOf(principal, req));
  }

  @Put(':id/grants')
  async setGrants(
    @Param('id', idPipe) id: number,
    @Body(new ZodBodyPipe(GrantsBody, 'grants')) body: GrantsBody,
    @CurrentPrincipal() principal: Principal,
    @Req() req: HttpRequest,
  ) {
    return userView(await this.users.setGrants(id, body, actorOf(principal, req)));
  }
}

function auditView(r: AuditRecord) {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action,
    target: { type: r.targetType, id: r.targetId, email: r.targetEmail },
    details: r.details,
  };
}
