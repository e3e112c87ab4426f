import { Module } from '@nestjs/common';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Needs AuthModule (global): repositories, hasher, guards. */
@Module({ controllers: [UsersController], providers: [UsersService] })
export class UsersModule {}
