import { Module } from '@nestjs/common';
import { AgentAuthGuard } from './agent-auth.guard';
import { IngestController } from './ingest.controller';
import { IngestService } from './ingest.service';

@Module({ controllers: [IngestController], providers: [IngestService, AgentAuthGuard] })
export class IngestModule {}
