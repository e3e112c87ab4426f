import { Module } from '@nestjs/common';
import { TokensController } from './tokens.controller';

/** Needs AuthModule (global): the token repository, config, guards. */
@Module({ controllers: [TokensController] })
export class TokensModule {}
